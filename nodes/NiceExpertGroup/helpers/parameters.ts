import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { invalidParameter, listItems, requiredText } from '../../shared/validation';

// Reading and checking the Expert node's parameters (the descriptions only declare them).

/**
 * Expert decodes a `=name` path segment twice (and turns `+` into a space), so a name is
 * URI-encoded twice: "A/B+C" -> "=A%252FB%252BC".
 */
export function nameSegment(name: string): string {
	return '=' + encodeURIComponent(encodeURIComponent(name));
}

export interface PathReference {
	/** The path segment: an id, or "=" + the name encoded twice. */
	segment: string;
	/** How error messages name it: `group named "Sales"`, `user with ID 4`. */
	subject: string;
	/** The name or ID it was given by: an answer about it must be of that name, or have that ID. */
	name?: string;
	id?: number;
}

const ID = /^[0-9]{1,10}$/;
/** A user ID in a list of users: plain digits from 1, no leading zero ("007" is a username). */
const USER_ID = /^[1-9][0-9]{0,9}$/;

/** An Expert ID (a group's or a user's): a whole number from 1, given as a number or digits. */
export function expertId(
	context: Pick<IExecuteFunctions, 'getNode'>,
	value: unknown,
	label: string,
	itemIndex: number,
	what: 'group' | 'user',
): number {
	const id =
		typeof value === 'number' && Number.isSafeInteger(value)
			? String(value)
			: typeof value === 'string'
				? value.trim()
				: '';
	if (!ID.test(id) || Number(id) < 1)
		throw invalidParameter(
			context,
			label,
			itemIndex,
			`must be a ${what} ID (a whole number from 1)`,
			value,
		);
	return Number(id);
}

/** Reads a group or user locator of an item and turns it into the path segment Expert expects. */
function pathReference(
	context: IExecuteFunctions,
	itemIndex: number,
	parameter: 'group' | 'user',
	label: string,
): PathReference {
	const locator = context.getNodeParameter(parameter, itemIndex) as INodeParameterResourceLocator;
	if (locator.mode === 'name') {
		const name = requiredText(context, locator.value, `${label} (By Name)`, itemIndex);
		return { segment: nameSegment(name), subject: `${parameter} named "${name}"`, name };
	}
	const id = expertId(context, locator.value, label, itemIndex, parameter);
	return { segment: String(id), subject: `${parameter} with ID ${id}`, id };
}

export const groupReference = (context: IExecuteFunctions, itemIndex: number) =>
	pathReference(context, itemIndex, 'group', 'Group');

export const userReference = (context: IExecuteFunctions, itemIndex: number) =>
	pathReference(context, itemIndex, 'user', 'User');

/** A user of a member list: by ID, or by username (resolved to its ID before the change is sent). */
export type UserRef = { id: number } | { username: string };

/**
 * Users as "3, jane.doe" or a list, split at commas, semicolons and line breaks (a name with inner
 * spaces is one name): an entry of plain digits is a user ID (from 1), anything else a username (a
 * username made only of digits is given by its ID). Duplicates dropped.
 */
export function usersValue(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): UserRef[] {
	const refs = new Map<string, UserRef>();
	for (const part of listItems(value)) {
		// A JSON number is meant as an ID: it must be one.
		if (typeof part === 'number' && !USER_ID.test(String(part))) {
			throw invalidParameter(
				context,
				label,
				itemIndex,
				'must list user IDs (whole numbers from 1) or usernames',
				part,
			);
		}
		// Plain digits (no sign, no leading zero) are a user ID; any other text is a username ("e2e", "3.14", "007").
		const text =
			typeof part === 'number'
				? String(part)
				: typeof part === 'string'
					? part.replace(/^[ \t]+|[ \t]+$/g, '')
					: part;
		if (typeof text === 'string' && USER_ID.test(text)) {
			refs.set(`id ${Number(text)}`, { id: Number(text) });
		} else {
			const username = requiredText(context, text, label, itemIndex);
			refs.set(`name ${username}`, { username });
		}
	}
	return [...refs.values()];
}
