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

export interface GroupReference {
	/** The {groupid} path segment: an id, or "=" + the name encoded twice. */
	segment: string;
	/** How error messages name the group. */
	subject: string;
}

/** Reads the Group locator of an item and turns it into the path segment Expert expects. */
export function groupReference(context: IExecuteFunctions, itemIndex: number): GroupReference {
	const locator = context.getNodeParameter('group', itemIndex) as INodeParameterResourceLocator;
	if (locator.mode === 'name') {
		const name = requiredText(context, locator.value, 'Group (By Name)', itemIndex);
		return { segment: nameSegment(name), subject: `group named "${name}"` };
	}
	const id = String(locator.value ?? '').trim();
	if (!/^[0-9]{1,10}$/.test(id) || Number(id) < 1) {
		throw invalidParameter(context, 'Group', itemIndex, 'must be a group ID (a whole number from 1)', locator.value);
	}
	return { segment: String(Number(id)), subject: `group with ID ${Number(id)}` };
}
