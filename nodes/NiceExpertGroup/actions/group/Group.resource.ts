import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../../../shared/descriptions';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as sync from './sync.operation';
import * as update from './update.operation';

export const operations = { create, delete: del, get, getAll, sync, update };

export const description: INodeProperties[] = [
	operationField(
		'group',
		operations,
		{
			create: {
				name: 'Create',
				description: 'Create a group',
				action: 'Create a group with a role and members',
			},
			delete: { name: 'Delete', description: 'Delete a group', action: 'Delete a group' },
			get: { name: 'Get', description: 'Get a group', action: 'Get a group by ID or name' },
			getAll: { name: 'Get Many', description: 'List groups', action: 'Get many groups' },
			sync: {
				name: 'Sync',
				description:
					'Make the groups of the site (and their members) match the input: a plan first, a guard against mass deletion',
				action: "Make the site's groups match the input",
			},
			update: {
				name: 'Update',
				description: 'Rename a group or change its role, keeping what is left empty',
				action: 'Rename a group or change its role',
			},
		},
		'getAll',
	),
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
	...del.description,
	...sync.description,
];
