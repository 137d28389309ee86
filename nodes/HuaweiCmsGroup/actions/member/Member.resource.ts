import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../../../shared/descriptions';
import * as add from './add.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';

export const operations = { add, getAll, remove };

export const description: INodeProperties[] = [
	operationField(
		'member',
		operations,
		{
			add: {
				name: 'Add',
				description: 'Put agents into a user group',
				action: 'Add agents to a group by work number',
			},
			getAll: {
				name: 'Get Many',
				description: 'List the members of a user group',
				action: 'Get many members',
			},
			remove: {
				name: 'Remove',
				description: 'Take agents out of their user group',
				action: 'Remove agents from their group by work number',
			},
		},
		'getAll',
	),
	...add.description,
	...remove.description,
	...getAll.description,
];
