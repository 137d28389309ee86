import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../../../shared/descriptions';
import * as add from './add.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';
import * as set from './set.operation';

export const operations = { add, getAll, remove, set };

export const description: INodeProperties[] = [
	operationField(
		'member',
		operations,
		{
			add: { name: 'Add', description: 'Add users to a group', action: 'Add users to a group' },
			getAll: {
				name: 'Get Many',
				description: 'List the members of a group',
				action: 'Get many members',
			},
			remove: {
				name: 'Remove',
				description: 'Take one user out of a group',
				action: 'Remove a member from a group',
			},
			set: {
				name: 'Set',
				description: 'Replace all members of a group',
				action: 'Replace all members of a group',
			},
		},
		'getAll',
	),
	...add.description,
	...set.description,
	...remove.description,
	...getAll.description,
];
