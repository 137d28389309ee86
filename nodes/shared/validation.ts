import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

// The one layer that reads values given by the user or by expressions. It runs before any request,
// so bad input never reaches a server, and trusts nothing: a text "false" is false, "ten" is no
// number, 1e30 is no ID. Every message names the parameter (by its label in the editor) and the item.

type Context = Pick<IExecuteFunctions, 'getNode'>;

/** How messages name an item: counted from 1, as the editor shows items (the index in details stays 0-based). */
export const itemLabel = (itemIndex: number): string => `input item ${itemIndex + 1}`;

export function invalidParameter(
	context: Context,
	label: string,
	itemIndex: number,
	problem: string,
	value?: unknown,
): NodeOperationError {
	const shown = value === undefined ? '' : ` (got ${describe(value)})`;
	return new NodeOperationError(
		context.getNode() as INode,
		`Parameter "${label}" ${problem}${shown} (${itemLabel(itemIndex)})`,
		{
			itemIndex,
		},
	);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (typeof value === 'string') {
		const shown = value.length > 40 ? value.slice(0, 40) + '…' : value;
		return JSON.stringify(shown);
	}
	if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
	return String(value);
}

/**
 * A whole number in [min, max]: a number, or a text of digits such as "113" (from a sheet or a
 * webhook). NaN, Infinity, fractions, booleans, blank text and anything beyond 2^53 are refused.
 */
export function integerValue(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
	min: number,
	max: number,
): number {
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\s*-?\d{1,16}\s*$/.test(value)
				? Number(value)
				: NaN;
	if (!Number.isSafeInteger(number) || number < min || number > max) {
		throw invalidParameter(
			context,
			label,
			itemIndex,
			`must be a whole number from ${min} to ${max}`,
			value,
		);
	}
	return number;
}

/** A switch: true or false, or their text in any case ("FALSE" from a sheet is false). Never truthiness. */
export function booleanValue(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (text === 'true') return true;
		if (text === 'false') return false;
	}
	throw invalidParameter(context, label, itemIndex, 'must be true or false', value);
}

/** A boolean node parameter of an item, read strictly. */
export function booleanParameter(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	fallback: boolean,
): boolean {
	return booleanValue(
		context,
		context.getNodeParameter(name, itemIndex, fallback),
		label,
		itemIndex,
	);
}

/** "1, 2;3" (commas, semicolons, line feeds), a list, or a single value, as its parts (blank parts dropped). */
export function listItems(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	// Only commas, semicolons and line feeds separate: "Jane Doe" is one name. A CR left by CR LF is
	// no part of any value, and is refused there as a control character.
	if (typeof value === 'string') {
		return value
			.split(/[,;\n]+/)
			.map((part) => part.replace(/^[ \t]+|[ \t]+$/g, ''))
			.filter((part) => part !== '');
	}
	return value === undefined || value === null ? [] : [value];
}

/**
 * An ID that must stay text (Huawei's are about 30 digits): a text, or a number only while it is an
 * exact whole number (a JSON number past 2^53 has already been rounded).
 */
export function idText(context: Context, value: unknown, label: string, itemIndex: number): string {
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value) || value < 0) {
			throw invalidParameter(
				context,
				label,
				itemIndex,
				'must be given as text: as a number it is not a whole number, or too large to be exact (JavaScript rounds past 2^53)',
				value,
			);
		}
		return String(value);
	}
	if (typeof value !== 'string')
		throw invalidParameter(context, label, itemIndex, 'must be an ID (text)', value);
	// Spaces around are dropped; a line break or other control character stays, and the ID's own check refuses it.
	return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

// C0 and C1 controls, DEL, the line and paragraph separators, noncharacters, and the bidirectional
// controls (which make a name read other than it is).
const CONTROL_CHARACTERS =
	/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// Half of a UTF-16 pair: no character at all (it cannot be encoded in a URL, XML or JSON for the server).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A non-blank text without control characters, sent exactly as given (a number is taken as its digits). */
export function requiredText(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
	maxLength = 255,
): string {
	if (typeof value === 'number') {
		// A number past 2^53 (or in exponent form) is already rounded: its digits are not the ones given.
		if (
			!Number.isFinite(value) ||
			Math.abs(value) > Number.MAX_SAFE_INTEGER ||
			/e/i.test(String(value))
		) {
			throw invalidParameter(
				context,
				label,
				itemIndex,
				'must be given as text: as a number it has lost digits',
				value,
			);
		}
		value = String(value);
	}
	if (value !== null && value !== undefined && typeof value !== 'string') {
		throw invalidParameter(context, label, itemIndex, 'must be text', value);
	}
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalidParameter(context, label, itemIndex, 'must not be empty', value);
	}
	if (CONTROL_CHARACTERS.test(value)) {
		throw invalidParameter(
			context,
			label,
			itemIndex,
			'must not contain control characters (line breaks, tabs, direction marks…)',
			value,
		);
	}
	if (LONE_SURROGATE.test(value)) {
		throw invalidParameter(
			context,
			label,
			itemIndex,
			'contains a broken character (half of a UTF-16 pair)',
			value,
		);
	}
	if (value.length > maxLength) {
		throw invalidParameter(
			context,
			label,
			itemIndex,
			`must be at most ${maxLength} characters`,
			value,
		);
	}
	return value;
}

/** Like requiredText, but empty means "not given" (undefined). */
export function optionalText(
	context: Context,
	value: unknown,
	label: string,
	itemIndex: number,
	maxLength = 255,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return requiredText(context, value, label, itemIndex, maxLength);
}

/** How many results the user wants: everything with Return All, else the Limit parameter. */
export function wantedResults(context: IExecuteFunctions, itemIndex: number): number {
	if (booleanParameter(context, 'returnAll', 'Return All', itemIndex, false)) return Infinity;
	return integerValue(
		context,
		context.getNodeParameter('limit', itemIndex, 50),
		'Limit',
		itemIndex,
		1,
		1_000_000,
	);
}
