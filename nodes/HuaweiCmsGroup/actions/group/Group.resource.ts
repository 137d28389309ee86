import type { INodeProperties } from 'n8n-workflow';

import { versionedOperation } from '../../../shared/descriptions';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { create, update, delete: del, getAll };

export const description: INodeProperties[] = [
	...versionedOperation({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a user group (and output its new ID)', action: 'Create a user group by name and type' },
			{ name: 'Delete', value: 'delete', description: 'Delete a user group with its members and inspection relations', action: 'Delete a group with its members' },
			{ name: 'Get Many', value: 'getAll', description: 'List the user groups of a VDN', action: 'Get many groups' },
			{ name: 'Update', value: 'update', description: 'Rename a user group and set its remark', action: 'Rename a group or change its remark' },
		],
		default: 'update',
	}, 'getAll'),
	...create.description,
	...update.description,
	...del.description,
	...getAll.description,
];
