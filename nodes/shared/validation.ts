import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

// Checks that run before any request, so bad input never reaches a server. Every message names
// the parameter (by its label in the editor) and the item.

export function invalidParameter(
	context: IExecuteFunctions,
	label: string,
	itemIndex: number,
	problem: string,
	value?: unknown,
): NodeOperationError {
	const shown = value === undefined ? '' : ` (got ${describe(value)})`;
	return new NodeOperationError(
		context.getNode(),
		`Parameter "${label}" ${problem}${shown} [item ${itemIndex}]`,
		{ itemIndex },
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

/** An integer in [min, max]; numeric strings such as "113" (from expressions or sheets) are accepted. */
export function integerInRange(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
	min: number,
	max: number,
): number {
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)
				? Number(value)
				: NaN;
	if (!Number.isInteger(number) || number < min || number > max) {
		throw invalidParameter(context, label, itemIndex, `must be a whole number from ${min} to ${max}`, value);
	}
	return number;
}

// C0 controls and DEL: never part of a name, and invalid in XML 1.0.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A non-blank text without control characters, sent exactly as given. */
export function requiredText(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
	maxLength = 255,
): string {
	if (typeof value === 'number') value = String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalidParameter(context, label, itemIndex, 'must not be empty', value);
	}
	return checkedText(context, value, label, itemIndex, maxLength);
}

/** Like requiredText, but empty means "not given" (undefined). */
export function optionalText(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
	maxLength = 255,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return requiredText(context, value, label, itemIndex, maxLength);
}

function checkedText(
	context: IExecuteFunctions,
	value: string,
	label: string,
	itemIndex: number,
	maxLength: number,
): string {
	if (CONTROL_CHARACTERS.test(value)) {
		throw invalidParameter(context, label, itemIndex, 'must not contain control characters (line breaks, tabs…)', value);
	}
	if (value.length > maxLength) {
		throw invalidParameter(context, label, itemIndex, `must be at most ${maxLength} characters`, value);
	}
	return value;
}

/** How many results the user wants: everything with Return All, else the Limit parameter. */
export function wantedResults(context: IExecuteFunctions, itemIndex: number): number {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return Infinity;
	return integerInRange(context, context.getNodeParameter('limit', itemIndex, 50), 'Limit', itemIndex, 1, Number.MAX_SAFE_INTEGER);
}
