import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../../../shared/descriptions';
import * as del from './delete.operation';
import * as set from './set.operation';

export const operations = { delete: del, set };

export const description: INodeProperties[] = [
	operationField(
		'inspectionRelation',
		operations,
		{
			delete: {
				name: 'Delete',
				description: 'Stop an inspection group inspecting groups',
				action: 'Stop a group inspecting other groups',
			},
			set: {
				name: 'Set',
				description: 'Make an inspection group inspect groups',
				action: 'Make a group inspect other groups',
			},
		},
		'set',
	),
	...set.description,
	...del.description,
];
