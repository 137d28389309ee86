import type { INodeProperties } from 'n8n-workflow';

export const groupLocator = (description = 'The group to work on'): INodeProperties => ({
	displayName: 'Group',
	name: 'group',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description,
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
				{
					type: 'regex',
					properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A group ID is a whole number' },
				},
			],
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'My Contributors Group',
		},
	],
});

export const userLocator: INodeProperties = {
	displayName: 'User',
	name: 'user',
	type: 'resourceLocator',
	default: { mode: 'id', value: '' },
	required: true,
	description: 'The user to take out of the group',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a user...',
			typeOptions: { searchListMethod: 'searchUsers', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '42',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A user ID is a whole number' },
				},
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

// Expert's group documents carry a role by its name, so the list holds names: the usual "Name or ID"
// label and its description (n8n's lint rules for loaded lists) would promise IDs that do not exist here.
export const roleField = (loadOptionsMethod: string, description: string): INodeProperties => ({
	displayName: 'Role',
	name: 'role',
	type: 'options',
	typeOptions: { loadOptionsMethod },
	default: '',
	description: `${description} Choose from the list, or give a role name (Expert's roles go by name) with an expression`,
});
