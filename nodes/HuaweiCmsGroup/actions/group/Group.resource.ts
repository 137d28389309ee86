import type { INodeProperties } from 'n8n-workflow';

import * as update from './update.operation';

export const operations = { update };


export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{
				name: 'Update',
				value: 'update',
				description: 'Rename a user group and set its remark',
				action: 'Update a group',
			},
		],
		default: 'update',
	},
	...update.description,
];
