import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

// Both nodes have two layouts. Version 1 keeps the one its saved workflows were made with (n8n leaves
// parameters at their default out of a saved workflow, so a default never changes within a version).
// Version 2: one Options list per operation (the operation's own options, Batching, Timeout, Retries),
// Simplify on reads only (writes give their short result), and a new node opens on Get Many.

export const IN_VERSION_1: IDisplayOptions = { show: { '@version': [1] } };
export const FROM_VERSION_2: IDisplayOptions = { show: { '@version': [{ _cnd: { gte: 2 } }] } };

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
	description: 'A fixed number of items under way at once, or batches with a pause between. Without it, the node finds how many to keep under way from the server\'s answers (up to 32).',
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

/** Version 2's Options list: the operation's own options and how its requests are made, in alphabetical order. */
export function optionsList(own: INodeProperties[], { batching = true } = {}): INodeProperties {
	const fields = [...own, ...(batching ? batchingField.options! : []), ...requestOptionsField.options!] as INodeProperties[];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/**
 * An operation's Options in both layouts: version 1's list of the operation's own options (none when it
 * has none), version 2's list with Batching, Timeout and Retries added.
 */
export function versionedOptions(own: INodeProperties[], { batching = true } = {}): INodeProperties[] {
	const version1 = own.length ? updateDisplayOptions(IN_VERSION_1, [{ ...optionsList([]), options: own }]) : [];
	return [...version1, ...updateDisplayOptions(FROM_VERSION_2, [optionsList(own, { batching })])];
}

/**
 * A resource's Operation in both layouts: version 1 opens on the default its saved workflows rely on,
 * version 2 on a read (the `opensOn` operation).
 */
export function versionedOperation(operation: INodeProperties, opensOn: string): INodeProperties[] {
	return [
		...updateDisplayOptions(IN_VERSION_1, [operation]),
		...updateDisplayOptions(FROM_VERSION_2, [{ ...operation, default: opensOn }]),
	];
}

/** A write's Simplify: version 1 only (version 2's writes give the short result). */
export const forVersion1 = (property: INodeProperties): INodeProperties => updateDisplayOptions(IN_VERSION_1, [property])[0];
