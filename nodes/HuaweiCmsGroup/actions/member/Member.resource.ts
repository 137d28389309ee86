import type { INodeProperties } from 'n8n-workflow';

import { versionedOperation } from '../../../shared/descriptions';
import * as add from './add.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';

export const operations = { add, remove, getAll };

export const description: INodeProperties[] = [
	...versionedOperation({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['member'] } },
		options: [
			{ name: 'Add', value: 'add', description: 'Put agents into a user group', action: 'Add agents to a group by work number' },
			{ name: 'Get Many', value: 'getAll', description: 'List the members of a user group', action: 'Get many members' },
			{ name: 'Remove', value: 'remove', description: 'Take agents out of their user group', action: 'Remove agents from their group by work number' },
		],
		default: 'add',
	}, 'getAll'),
	...add.description,
	...remove.description,
	...getAll.description,
];
