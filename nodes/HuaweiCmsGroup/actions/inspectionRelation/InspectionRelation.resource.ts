import type { INodeProperties } from 'n8n-workflow';

import * as del from './delete.operation';
import * as set from './set.operation';

export const operations = { set, delete: del };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['inspectionRelation'] } },
		options: [
			{ name: 'Delete', value: 'delete', description: 'Stop an inspection group inspecting groups', action: 'Stop a group inspecting other groups' },
			{ name: 'Set', value: 'set', description: 'Make an inspection group inspect groups', action: 'Make a group inspect other groups' },
		],
		default: 'set',
	},
	...set.description,
	...del.description,
];
