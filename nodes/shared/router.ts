import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asApiError, throwUnlessContinueOnFail } from './errors';
import type { ItemOperation, ItemOutcome, Operation, OperationMap } from './operations';
import { type RunState, runState, runUnderPace } from './runState';

/**
 * The node's execute: the chosen operation over every input item. Here, and only here: the choice of
 * operation, the item loop (Batching, or the pace), the output order and pairing, and failed items
 * (error items with Continue On Fail, routed to the error output when the node has one; else the run
 * stops).
 */
export async function routeItems(
	this: IExecuteFunctions,
	operations: OperationMap,
): Promise<INodeExecutionData[][]> {
	const operation = chosenOperation(this, operations);
	const items = this.getInputData();
	let outcomes: ItemOutcome[];
	let state: RunState | undefined;
	try {
		// The node's own settings are read and checked before any request.
		state = runState(this);
		if (this.getNode().retryOnFail === true && isWrite(operation)) throw retryOnFailRefused(this);
		if ('executeAll' in operation) return [await operation.executeAll.call(this, items)];
		outcomes =
			'executeBatch' in operation
				? await operation.executeBatch.call(this, items)
				: await runEachItem(this, state, items, operation);
	} catch (error) {
		// A bad node setting concerns every item.
		throwUnlessContinueOnFail(this, error, 0);
		outcomes = items.map(() => ({ status: 'rejected', reason: error }));
	}
	return [outputItems(this, state, outcomes)];
}

/** The module of the node's Resource and Operation; names that are not the node's own are refused, saying which are. */
function chosenOperation(context: IExecuteFunctions, operations: OperationMap): Operation {
	const resource = String(context.getNodeParameter('resource', 0));
	if (!Object.hasOwn(operations, resource)) {
		throw new NodeOperationError(
			context.getNode(),
			`The resource "${resource}" is not one of this node's (${Object.keys(operations).join(', ')})`,
		);
	}
	const ofResource = operations[resource];
	const name = String(context.getNodeParameter('operation', 0));
	if (!Object.hasOwn(ofResource, name)) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${name}" is not one of ${resource}'s (${Object.keys(ofResource).join(', ')})`,
		);
	}
	return ofResource[name];
}

/** Whether an operation changes anything: every write, and only a write, has Preview Only. */
const isWrite = (operation: Operation): boolean =>
	operation.description.some((property) => property.name === 'previewOnly');

/**
 * n8n's Retry On Fail runs the whole node again, every item of it (with Continue On Fail, whenever
 * the first output item is an error item): the writes that went through would be sent again.
 */
function retryOnFailRefused(context: IExecuteFunctions): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		'"Retry On Fail" (in the node\'s Settings) is not used with a write: it would send every item again, those already done included',
		{
			description:
				'Switch it off: the node\'s own "Retries" (under Options) repeats only the request that failed, and a create or delete only when that is safe.',
		},
	);
}

/**
 * Runs the items: by default several at once, as many as the run's pace allows (see Pace); with
 * Batching, a window of that many (a finished one makes room for the next), or with an interval,
 * batches with that pause between. Writes to the same target wait their turn in input order (see
 * inTurn). Without Continue On Fail no item starts after a failure.
 */
async function runEachItem(
	context: IExecuteFunctions,
	state: RunState,
	items: INodeExecutionData[],
	operation: ItemOperation,
): Promise<ItemOutcome[]> {
	const { itemsUnderWay = 1, interval } = state.batching;
	const outcomes: ItemOutcome[] = new Array(items.length);
	let stopped = false;
	const run = async (itemIndex: number) => {
		try {
			outcomes[itemIndex] = {
				status: 'fulfilled',
				value: await operation.execute.call(context, itemIndex),
			};
		} catch (error) {
			outcomes[itemIndex] = { status: 'rejected', reason: error };
			if (!state.stoppedAtPreview(itemIndex) && !context.continueOnFail()) stopped = true;
		}
	};

	if (interval > 0) {
		for (
			let start = 0;
			start < items.length && !stopped && !state.cancelSignal?.aborted;
			start += itemsUnderWay
		) {
			if (start > 0) {
				try {
					await state.pause(interval, 'Batch Interval');
				} catch {
					break; // canceled: the items done keep their outcomes, the rest are told below
				}
			}
			const end = Math.min(start + itemsUnderWay, items.length);
			await Promise.all(Array.from({ length: end - start }, async (_, n) => await run(start + n)));
		}
	} else {
		await runUnderPace(context, items.length, run, () => stopped);
	}
	// Items never started: after a failure without Continue On Fail the node stops at that failure;
	// otherwise n8n canceled the execution, and each says so.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		outcomes[itemIndex] ??= { status: 'rejected', reason: state.canceledError() };
	}
	return outcomes;
}

/**
 * Results and error items in input order, each paired with its item. Unstarted items come after a
 * failure. With Preview Only, an item that ended at a write it did not send (whatever its work then
 * threw) or that finished shows its preview.
 */
function outputItems(
	context: IExecuteFunctions,
	state: RunState | undefined,
	outcomes: ItemOutcome[],
): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (
			state?.previewOnly &&
			(outcome.status === 'fulfilled' || state.stoppedAtPreview(itemIndex))
		) {
			const requests = state.previews.get(itemIndex) ?? [];
			const json = {
				preview: true,
				writes: requests.filter((request) => !request.sent).length,
				requests,
			} as IDataObject;
			output.push({ json, pairedItem: { item: itemIndex } });
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

/**
 * The item a failed input item becomes with Continue On Fail: `{ error, message }` and nothing else,
 * the one shape n8n 1.x and 2.x both send to the error output (On Error: Continue (using error
 * output)), merged there with its input item; with Continue (using regular output) it flows on as it
 * is. `error` is what failed and why, as text; `message` what to do about it (the description, and
 * the HTTP code where the error text does not name it). The error object itself is not attached:
 * n8n would then cut the item down to `{ error }`.
 */
function errorItem(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): INodeExecutionData {
	const nodeError = asApiError(context, error);
	const httpCode = (nodeError as NodeApiError).httpCode;
	const code =
		httpCode && !nodeError.message.includes(`HTTP ${httpCode}`) ? `(HTTP ${httpCode})` : '';
	const message = [nodeError.description, code].filter(Boolean).join(' ') || nodeError.message;
	return { json: { error: nodeError.message, message }, pairedItem: { item: itemIndex } };
}
