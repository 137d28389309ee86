import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { asApiError } from './retryPolicy';
import { batchingSettings, requestSettings, retryAfterWait } from './runState';

/** What one item gives: one record (a write, a Get) or several (Get Many). */
export type ItemResult = IDataObject | IDataObject[];
export type ItemOutcome = PromiseSettledResult<ItemResult>;

/** Most operations handle one item at a time; the router runs the items. */
export interface ItemOperation {
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<ItemResult>;
}

/** Operations that combine items into shared requests (Huawei Member Add / Remove) take them all. */
export interface BatchOperation {
	executeBatch: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<ItemOutcome[]>;
}

export type Operation = ItemOperation | BatchOperation;

/**
 * The node's execute: the chosen operation over every input item. Here, and only here: the item
 * loop (Batching, Retry-After), the output order and pairing, and failed items (error items with
 * Continue On Fail, routed to the error output when the node has one; else the run stops).
 */
export async function routeItems(this: IExecuteFunctions, resources: Record<string, Record<string, Operation>>): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}
	const items = this.getInputData();
	let outcomes: ItemOutcome[];
	try {
		// The node's own settings are checked before any request.
		requestSettings(this);
		outcomes = 'executeBatch' in operation ? await operation.executeBatch.call(this, items) : await runEachItem(this, items, operation);
	} catch (error) {
		// A bad node setting concerns every item.
		throwUnlessContinueOnFail(this, error, 0);
		outcomes = items.map(() => ({ status: 'rejected', reason: error }));
	}
	return [outputItems(this, outcomes)];
}

/**
 * Runs the items, by default one after the other. With Batching, a window of that many items under
 * way (a finished one makes room for the next), or with an interval, batches with that pause between.
 * A Retry-After holds back every item; without Continue On Fail no item starts after a failure.
 */
async function runEachItem(context: IExecuteFunctions, items: INodeExecutionData[], operation: ItemOperation): Promise<ItemOutcome[]> {
	const { itemsUnderWay, interval } = batchingSettings(context);
	const outcomes: ItemOutcome[] = new Array(items.length);
	let stopped = false;
	const run = async (itemIndex: number) => {
		const wait = retryAfterWait(context);
		if (wait > 0) await sleep(wait);
		try {
			outcomes[itemIndex] = { status: 'fulfilled', value: await operation.execute.call(context, itemIndex) };
		} catch (error) {
			outcomes[itemIndex] = { status: 'rejected', reason: error };
			if (!context.continueOnFail()) stopped = true;
		}
	};

	if (interval > 0) {
		for (let start = 0; start < items.length && !stopped; start += itemsUnderWay) {
			if (start > 0) await sleep(interval);
			const end = Math.min(start + itemsUnderWay, items.length);
			await Promise.all(Array.from({ length: end - start }, async (_, n) => await run(start + n)));
		}
	} else {
		let next = 0;
		await Promise.all(
			Array.from({ length: Math.min(itemsUnderWay, items.length) }, async () => {
				while (next < items.length && !stopped) await run(next++);
			}),
		);
	}
	return outcomes;
}

/** Results and error items in input order, each paired with its item. Unstarted items come after a failure. */
function outputItems(context: IExecuteFunctions, outcomes: ItemOutcome[]): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (outcome.status === 'rejected') {
			throwUnlessContinueOnFail(context, outcome.reason, itemIndex);
			output.push(errorItem(context, outcome.reason, itemIndex));
			return;
		}
		for (const json of Array.isArray(outcome.value) ? outcome.value : [outcome.value]) {
			output.push({ json, pairedItem: { item: itemIndex } });
		}
	});
	return output;
}

/** Without Continue On Fail, a failure stops the node: the error is thrown, naming its item. */
export function throwUnlessContinueOnFail(context: IExecuteFunctions, error: unknown, itemIndex: number): void {
	if (context.continueOnFail()) return;
	const nodeError = asApiError(context, error);
	nodeError.context.itemIndex ??= itemIndex;
	throw nodeError;
}

/**
 * The item a failed input item becomes with Continue On Fail: `{ error, details }` and nothing else,
 * which is the shape n8n's engine sends to the error output (On Error: Continue (using error
 * output)); with Continue (using regular output) it flows on as it is. The error object itself is
 * not attached: n8n would then cut the item down to `{ error }`, losing what to do about it.
 */
function errorItem(context: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	const nodeError = asApiError(context, error);
	const details: IDataObject = { itemIndex };
	if (nodeError.description) details.description = nodeError.description;
	const httpCode = (nodeError as NodeApiError).httpCode;
	if (httpCode) details.httpCode = httpCode;
	return { json: { error: nodeError.message, details }, pairedItem: { item: itemIndex } };
}
