import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { invalidParameter, listItems, requiredText } from '../../shared/validation';
import { nameSegment } from './paths';

// Reading and checking the Expert node's parameters (the descriptions only declare them).

export interface PathReference {
	/** The path segment: an id, or "=" + the name encoded twice. */
	segment: string;
	/** How error messages name it: `group named "Sales"`, `user with ID 4`. */
	subject: string;
}

const ID = /^[0-9]{1,10}$/;

/** Reads a group or user locator of an item and turns it into the path segment Expert expects. */
function pathReference(context: IExecuteFunctions, itemIndex: number, parameter: 'group' | 'user', label: string): PathReference {
	const locator = context.getNodeParameter(parameter, itemIndex) as INodeParameterResourceLocator;
	if (locator.mode === 'name') {
		const name = requiredText(context, locator.value, `${label} (By Name)`, itemIndex);
		return { segment: nameSegment(name), subject: `${parameter} named "${name}"` };
	}
	const id = typeof locator.value === 'number' && Number.isSafeInteger(locator.value) ? String(locator.value) : typeof locator.value === 'string' ? locator.value.trim() : '';
	if (!ID.test(id) || Number(id) < 1) {
		throw invalidParameter(context, label, itemIndex, `must be a ${parameter} ID (a whole number from 1)`, locator.value);
	}
	return { segment: String(Number(id)), subject: `${parameter} with ID ${Number(id)}` };
}

export const groupReference = (context: IExecuteFunctions, itemIndex: number) => pathReference(context, itemIndex, 'group', 'Group');

export const userReference = (context: IExecuteFunctions, itemIndex: number) => pathReference(context, itemIndex, 'user', 'User');

/** User IDs as "3, 4" or a list: whole numbers from 1, duplicates dropped. */
export function userIdsValue(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): number[] {
	const ids = new Set<number>();
	for (const part of listItems(value)) {
		const text = typeof part === 'number' && Number.isSafeInteger(part) ? String(part) : typeof part === 'string' ? part.trim() : '';
		if (!ID.test(text) || Number(text) < 1) {
			throw invalidParameter(context, label, itemIndex, 'must list user IDs (whole numbers from 1)', part);
		}
		ids.add(Number(text));
	}
	return [...ids];
}
