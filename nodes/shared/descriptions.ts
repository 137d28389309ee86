import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Operation } from './operations';

// Fields both nodes share, and the two shapes every operation's description takes: its Operation
// choice (built from the same map the router dispatches on) and one Options list.

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

/** Batching and the request settings: entries of every operation's Options list. */
const batchingOptions: INodeProperties[] = [
	{
		displayName: 'Items per Batch',
		name: 'batchSize',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
		description:
			"How many items may be under way at the same time. Without it, the node finds how many to keep under way from the server's answers (up to 64).",
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
];

const requestOptions: INodeProperties[] = [
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
];

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

/**
 * An operation's Options list: its own options, then how its requests are made (Batching unless it
 * combines items into shared requests, Timeout, Retries), in alphabetical order.
 */
export function optionsList(own: INodeProperties[], { batching = true } = {}): INodeProperties {
	const fields = [...own, ...(batching ? batchingOptions : []), ...requestOptions];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: fields.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** How the editor shows one operation: its name, what it does, and the action an AI agent's tool is named by. */
export type OperationChoice = Omit<INodePropertyOptions, 'value'>;

/**
 * A resource's Operation field, built from the same keys as the operation map the router
 * dispatches on (so a misspelt value cannot exist), sorted by name; a new node opens on `opensOn`.
 */
export function operationField<Name extends string>(
	resource: string,
	operations: Record<Name, Operation>,
	choices: Record<Name, OperationChoice>,
	opensOn: NoInfer<Name>,
): INodeProperties {
	const options = (Object.keys(operations) as Name[]).map((value) => ({
		...choices[value],
		value,
	}));
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: options.sort((a, b) => a.name.localeCompare(b.name)),
		default: opensOn,
	};
}

/** Preview Only (Send Nothing): every write operation has it (see the transport's apiRequest). */
export const previewOnlyField: INodeProperties = {
	displayName: 'Preview Only (Send Nothing)',
	name: 'previewOnly',
	type: 'boolean',
	default: false,
	noDataExpression: true,
	description:
		'Whether to send no change: each item outputs the requests it would send (method, URL, body, credential; never a secret). Reads needed to build them still run and are listed as sent.',
};

/** A node's Resource field, built from the keys of its operation map (as operationField is), sorted by name. */
export function resourceField<Name extends string>(
	operations: Record<Name, unknown>,
	names: Record<Name, string>,
	opensOn: NoInfer<Name>,
): INodeProperties {
	const options = (Object.keys(operations) as Name[]).map((value) => ({
		name: names[value],
		value,
	}));
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: options.sort((a, b) => a.name.localeCompare(b.name)),
		default: opensOn,
	};
}
