import type { INodeProperties } from 'n8n-workflow';

import { versionedOperation } from '../../../shared/descriptions';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { create, get, getAll, update, delete: del };

export const description: INodeProperties[] = [
	...versionedOperation({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a group', action: 'Create a group with a role and members' },
			{ name: 'Delete', value: 'delete', description: 'Delete a group', action: 'Delete a group' },
			{ name: 'Get', value: 'get', description: 'Get a group', action: 'Get a group by ID or name' },
			{ name: 'Get Many', value: 'getAll', description: 'List groups', action: 'Get many groups' },
			{
				name: 'Update',
				value: 'update',
				description: 'Rename a group or change its role, keeping what is left empty',
				action: 'Rename a group or change its role',
			},
		],
		default: 'update',
	}, 'getAll'),
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
	...del.description,
];
