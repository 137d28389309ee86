import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../../../shared/descriptions';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as getAll from './getAll.operation';
import * as sync from './sync.operation';
import * as update from './update.operation';

export const operations = { create, delete: del, getAll, sync, update };

export const description: INodeProperties[] = [
	operationField(
		'group',
		operations,
		{
			create: {
				name: 'Create',
				description: 'Create a user group (and output its new ID)',
				action: 'Create a user group by name and type',
			},
			delete: {
				name: 'Delete',
				description: 'Delete a user group with its members and inspection relations',
				action: 'Delete a group with its members',
			},
			getAll: {
				name: 'Get Many',
				description: 'List the user groups of a VDN',
				action: 'Get many groups',
			},
			sync: {
				name: 'Sync',
				description:
					'Make the groups of a VDN (and their members) match the input: a plan first, a guard against mass deletion',
				action: "Make the VDN's groups match the input",
			},
			update: {
				name: 'Update',
				description: 'Rename a user group and set its remark',
				action: 'Rename a group or change its remark',
			},
		},
		'getAll',
	),
	...create.description,
	...update.description,
	...del.description,
	...getAll.description,
	...sync.description,
];
