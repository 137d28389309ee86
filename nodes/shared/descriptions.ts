import type { INodeProperties } from 'n8n-workflow';

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	default: 50,
	typeOptions: { minValue: 1 },
	displayOptions: { show: { returnAll: [false] } },
	description: 'Max number of results to return',
};

export const batchingField: INodeProperties = {
	displayName: 'Batching',
	name: 'batching',
	type: 'collection',
	placeholder: 'Add Batching',
	default: {},
	description: 'Send the requests of several items at once. Without it, items are sent one after the other.',
	options: [
		{
			displayName: 'Items per Batch',
			name: 'batchSize',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
			description: 'How many items may be under way at the same time',
		},
		{
			displayName: 'Batch Interval (Ms)',
			name: 'batchInterval',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0, numberPrecision: 0 },
			description:
				'Pause between batches, in milliseconds. At 0, a new item starts as soon as one finishes. A Retry-After from the server is always waited out.',
		},
	],
};

export const requestOptionsField: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			default: 60000,
			typeOptions: { minValue: 100, numberPrecision: 0 },
			description: 'How long a request may take before it counts as failed, in milliseconds',
		},
		{
			displayName: 'Retries',
			name: 'retries',
			type: 'number',
			default: 2,
			typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
			description:
				'How often a request that failed with 429, a 5xx answer, a timeout or a dropped connection is sent again, after growing pauses (a Retry-After is honoured). A create is only sent again after checking that the failed attempt created nothing.',
		},
	],
};

/** Create's answer to a name that is taken. "Use the existing group" makes re-running a workflow safe. */
export const IF_NAME_TAKEN = { error: 'error', useExisting: 'useExisting' } as const;

export const ifNameTakenField: INodeProperties = {
	displayName: 'If the Name Is Taken',
	name: 'ifNameTaken',
	type: 'options',
	options: [
		{
			name: 'Fail the Item',
			value: IF_NAME_TAKEN.error,
			description: 'Nothing is created; the item fails with an error naming the existing group',
		},
		{
			name: 'Use the Existing Group',
			value: IF_NAME_TAKEN.useExisting,
			description:
				'Nothing is created or changed (not its members, type or role); the existing group is output with alreadyExisted: true. Makes a re-run of the workflow safe.',
		},
	],
	default: 'error',
	description: 'What to do when a group of this name already exists',
};
