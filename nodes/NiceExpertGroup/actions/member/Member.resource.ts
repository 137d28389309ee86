import type { INodeProperties } from 'n8n-workflow';

import { versionedOperation } from '../../../shared/descriptions';
import * as add from './add.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';
import * as set from './set.operation';

export const operations = { add, set, remove, getAll };

export const description: INodeProperties[] = [
	...versionedOperation({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['member'] } },
		options: [
			{ name: 'Add', value: 'add', description: 'Add users to a group', action: 'Add users to a group' },
			{ name: 'Get Many', value: 'getAll', description: 'List the members of a group', action: 'Get many members' },
			{ name: 'Remove', value: 'remove', description: 'Take one user out of a group', action: 'Remove a member from a group' },
			{ name: 'Set', value: 'set', description: 'Replace all members of a group', action: 'Replace all members of a group' },
		],
		default: 'add',
	}, 'getAll'),
	...add.description,
	...set.description,
	...remove.description,
	...getAll.description,
];
