import type { IExecuteFunctions, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

import { invalidParameter, requiredText } from '../../shared/validation';
import { nameSegment } from '../helpers/paths';

export const groupLocator: INodeProperties = {
	displayName: 'Group',
	name: 'group',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The group to work on',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a group...',
			typeOptions: { searchListMethod: 'searchGroups', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '12',
			validation: [
				{ type: 'regex', properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A group ID is a whole number' } },
			],
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'My Contributors Group',
		},
	],
};

export const userLocator: INodeProperties = {
	displayName: 'User',
	name: 'user',
	type: 'resourceLocator',
	default: { mode: 'id', value: '' },
	required: true,
	description: 'The user to take out of the group',
	modes: [
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '42',
			validation: [
				{ type: 'regex', properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A user ID is a whole number' } },
			],
		},
		{ displayName: 'By Username', name: 'name', type: 'string', placeholder: 'jane.doe' },
	],
};

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return only the most used fields (ID, name, role, user count) instead of the whole group',
};

export const roleField = (loadOptionsMethod: string, description: string): INodeProperties => ({
	displayName: 'Role Name or ID',
	name: 'role',
	type: 'options',
	typeOptions: { loadOptionsMethod },
	default: '',
	description: `${description} Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
});

export interface PathReference {
	/** The path segment: an id, or "=" + the name encoded twice. */
	segment: string;
	/** How error messages name it: `group named "Sales"`, `user with ID 4`. */
	subject: string;
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
		return { segment: nameSegment(name), subject: `${parameter} named "${name}"` };
	}
	const id = String(locator.value ?? '').trim();
	if (!/^[0-9]{1,10}$/.test(id) || Number(id) < 1) {
		throw invalidParameter(context, label, itemIndex, `must be a ${parameter} ID (a whole number from 1)`, locator.value);
	}
	return { segment: String(Number(id)), subject: `${parameter} with ID ${Number(id)}` };
}

export const groupReference = (context: IExecuteFunctions, itemIndex: number) =>
	pathReference(context, itemIndex, 'group', 'Group');

export const userReference = (context: IExecuteFunctions, itemIndex: number) =>
	pathReference(context, itemIndex, 'user', 'User');

/** User IDs as "3, 4" or a list: whole numbers from 1, duplicates dropped. */
export function userIdsParameter(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): number[] {
	const parts = Array.isArray(value)
		? value
		: typeof value === 'number'
			? [value]
			: typeof value === 'string'
				? value.split(/[\s,;]+/).filter((part) => part !== '')
				: value === undefined || value === null
					? []
					: [value];
	const ids = new Set<number>();
	for (const part of parts) {
		const text = typeof part === 'number' ? String(part) : typeof part === 'string' ? part.trim() : '';
		if (!/^[0-9]{1,10}$/.test(text) || Number(text) < 1) {
			throw invalidParameter(context, label, itemIndex, 'must list user IDs (whole numbers from 1)', part);
		}
		ids.add(Number(text));
	}
	return [...ids];
}
