import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { takeRetryAfter } from './requestPacing';

/**
 * Runs `operation` for every input item. Every result is paired with its item, in input order;
 * with Continue On Fail a failing item yields one error item instead of stopping the node.
 * Items go one after the other unless the node's Batching option sends several at once.
 */
export async function executeForEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const { batchSize = 1, batchInterval = 0 } = this.getNodeParameter('batching', 0, {}) as { batchSize?: number; batchInterval?: number };
	const perBatch = Math.max(1, Math.floor(batchSize));
	const output: INodeExecutionData[] = [];
	for (let start = 0; start < items.length; start += perBatch) {
		if (start > 0) {
			const wait = Math.max(batchInterval, takeRetryAfter(this));
			if (wait > 0) await sleep(wait);
		}
		const indexes = Array.from({ length: Math.min(perBatch, items.length - start) }, (_, n) => start + n);
		const settled = await Promise.allSettled(indexes.map(async (itemIndex) => await operation(itemIndex)));
		settled.forEach((outcome, n) => {
			const itemIndex = indexes[n];
			if (outcome.status === 'rejected') {
				output.push(failedItem.call(this, outcome.reason as Error, itemIndex));
				return;
			}
			for (const json of Array.isArray(outcome.value) ? outcome.value : [outcome.value]) {
				output.push({ json, pairedItem: { item: itemIndex } });
			}
		});
	}
	return output;
}

/** The error item for Continue On Fail, or the error rethrown with its item index. */
export function failedItem(this: IExecuteFunctions, error: Error, itemIndex: number): INodeExecutionData {
	if (this.continueOnFail()) {
		const json: IDataObject = { error: error.message };
		const { description } = error as NodeApiError;
		if (description) json.description = description;
		return { json, pairedItem: { item: itemIndex } };
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		throw error;
	}
	throw new NodeOperationError(this.getNode(), error, { itemIndex });
}
