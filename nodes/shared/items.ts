import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { retryAfterWait } from './requestPacing';

type ItemOperation = (itemIndex: number) => Promise<IDataObject | IDataObject[]>;

/**
 * Runs `operation` for every input item. Every result is paired with its item, in input order;
 * with Continue On Fail a failing item yields one error item instead of stopping the node.
 * Items go one after the other unless the node's Batching option lets several be under way:
 * with no interval, a window of that many items (a finished one makes room for the next);
 * with an interval, batches one after the other with that pause between them.
 * A Retry-After from the server holds back every request until it has passed.
 */
export async function executeForEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: ItemOperation,
): Promise<INodeExecutionData[]> {
	const { batchSize = 1, batchInterval = 0 } = this.getNodeParameter('batching', 0, {}) as { batchSize?: number; batchInterval?: number };
	const width = Math.max(1, Math.floor(batchSize));
	const outcomes: Array<PromiseSettledResult<IDataObject | IDataObject[]>> = new Array(items.length);
	// Without Continue On Fail the node stops at a failure: no further item is started.
	let stopped = false;
	const run = async (itemIndex: number) => {
		const wait = retryAfterWait(this);
		if (wait > 0) await sleep(wait);
		try {
			outcomes[itemIndex] = { status: 'fulfilled', value: await operation(itemIndex) };
		} catch (error) {
			outcomes[itemIndex] = { status: 'rejected', reason: error };
			if (!this.continueOnFail()) stopped = true;
		}
	};

	if (batchInterval > 0) {
		for (let start = 0; start < items.length && !stopped; start += width) {
			if (start > 0) await sleep(batchInterval);
			const end = Math.min(start + width, items.length);
			await Promise.all(Array.from({ length: end - start }, async (_, n) => await run(start + n)));
		}
	} else {
		let next = 0;
		await Promise.all(
			Array.from({ length: Math.min(width, items.length) }, async () => {
				while (next < items.length && !stopped) await run(next++);
			}),
		);
	}

	// Started items come first (they start in order), so a failure is met before any unstarted item.
	const output: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (outcome.status === 'rejected') {
			output.push(failedItem.call(this, outcome.reason as Error, itemIndex));
			return;
		}
		for (const json of Array.isArray(outcome.value) ? outcome.value : [outcome.value]) {
			output.push({ json, pairedItem: { item: itemIndex } });
		}
	});
	return output;
}

/** The error item for Continue On Fail, or the error rethrown with its item index. */
export function failedItem(this: IExecuteFunctions, error: Error, itemIndex: number): INodeExecutionData {
	if (this.continueOnFail()) {
		const json: IDataObject = { error: error.message };
		const { description } = error as NodeApiError;
		if (description) json.description = description;
		json.itemIndex = itemIndex;
		return { json, pairedItem: { item: itemIndex } };
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		throw error;
	}
	throw new NodeOperationError(this.getNode(), error, { itemIndex });
}
