import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { Previewed, notePreviewed, previewItem, previewOnly } from './preview';
import { asApiError } from './retryPolicy';
import { batchingSettings, paceOf, requestSettings } from './runState';

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
 * loop (Batching, the pace, turns per target), the output order and pairing, and failed items (error items with
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
		previewOnly(this);
		outcomes = 'executeBatch' in operation ? await operation.executeBatch.call(this, items) : await runEachItem(this, items, operation);
	} catch (error) {
		// A bad node setting concerns every item.
		throwUnlessContinueOnFail(this, error, 0);
		outcomes = items.map(() => ({ status: 'rejected', reason: error }));
	}
	return [outputItems(this, outcomes)];
}

/**
 * Runs the items: by default several at once, as many as the run's pace allows (see Pace); with
 * Batching, a window of that many (a finished one makes room for the next), or with an interval,
 * batches with that pause between. Writes to the same target wait their turn in input order (see
 * inTurn). Without Continue On Fail no item starts after a failure.
 */
async function runEachItem(context: IExecuteFunctions, items: INodeExecutionData[], operation: ItemOperation): Promise<ItemOutcome[]> {
	const { itemsUnderWay = 1, interval } = batchingSettings(context);
	const outcomes: ItemOutcome[] = new Array(items.length);
	let stopped = false;
	const run = async (itemIndex: number) => {
		try {
			outcomes[itemIndex] = { status: 'fulfilled', value: await operation.execute.call(context, itemIndex) };
		} catch (error) {
			outcomes[itemIndex] = { status: 'rejected', reason: error };
			if (!(error instanceof Previewed) && !context.continueOnFail()) stopped = true;
		}
	};

	if (interval > 0) {
		for (let start = 0; start < items.length && !stopped; start += itemsUnderWay) {
			if (start > 0) await sleep(interval);
			const end = Math.min(start + itemsUnderWay, items.length);
			await Promise.all(Array.from({ length: end - start }, async (_, n) => await run(start + n)));
		}
	} else {
		await runUnderPace(context, items.length, run, () => stopped);
	}
	return outcomes;
}

/**
 * Starts run(0), run(1)... in order, keeping as many under way as the run's pace allows at each
 * moment; ends when all have ended (or, once `stop` says so, when those under way have).
 */
export async function runUnderPace(
	context: IExecuteFunctions,
	count: number,
	run: (index: number) => Promise<void>,
	stop: () => boolean = () => false,
): Promise<void> {
	const pace = paceOf(context);
	await new Promise<void>((resolve) => {
		let next = 0;
		let active = 0;
		const pump = () => {
			while (!stop() && next < count && active < pace.width) {
				active++;
				void run(next++).finally(() => {
					active--;
					pump();
				});
			}
			if (active === 0 && (stop() || next >= count)) resolve();
		};
		pump();
	});
}

const turns = new WeakMap<IExecuteFunctions, Map<string, Promise<void>>>();

/**
 * Runs `work` when every earlier caller with the same target has finished: two writes to one group
 * are never under way together, and they reach the server in the order they asked (items ask in
 * input order, as they start in input order and ask before their first request).
 */
export async function inTurn<T>(context: IExecuteFunctions, target: string, work: () => Promise<T>): Promise<T> {
	let queue = turns.get(context);
	if (!queue) turns.set(context, (queue = new Map()));
	const before = queue.get(target) ?? Promise.resolve();
	let done!: () => void;
	const mine = new Promise<void>((resolve) => (done = resolve));
	const tail = before.then(() => mine);
	queue.set(target, tail);
	await before;
	try {
		return await work();
	} finally {
		done();
		if (queue.get(target) === tail) queue.delete(target);
	}
}

/** Results and error items in input order, each paired with its item. Unstarted items come after a failure. */
function outputItems(context: IExecuteFunctions, outcomes: ItemOutcome[]): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	const preview = previewOnly(context);
	outcomes.forEach((outcome, itemIndex) => {
		if (preview && (outcome.status === 'fulfilled' || outcome.reason instanceof Previewed)) {
			// What the item would send: the write it stopped at, after the reads (and writes) noted on the way.
			if (outcome.status === 'rejected') notePreviewed(context, itemIndex, (outcome.reason as Previewed).request);
			output.push({ json: previewItem(context, itemIndex), pairedItem: { item: itemIndex } });
			return;
		}
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
