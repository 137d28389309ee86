import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';

import { routeItems } from '../../nodes/shared/router';
import { runState } from '../../nodes/shared/runState';
import { addNodeType, runWorkflow, singleNodeWorkflow, startWorkflow } from '../harness/engine';
import { until } from './lifecycle';

// The router alone, inside n8n's engine: a probe node whose one operation does what each item's
// `action` says (succeed, fail, stop at a write Preview Only holds back, or wait), so that the item
// loop, Batching, the output's order and pairing, and the error items are seen apart from any API.

/** Items the probe's operation started, in the order they started; and each start and end, in turn. */
let started: number[] = [];
let events: string[] = [];

const probeOperation = {
	description: [
		{
			displayName: 'Preview Only (Send Nothing)',
			name: 'previewOnly',
			type: 'boolean' as const,
			default: false,
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		started.push(itemIndex);
		const { action, code, message, description } = this.getInputData()[itemIndex].json;
		if (action === 'fail') {
			throw new NodeApiError(this.getNode(), {} as JsonObject, {
				itemIndex,
				httpCode: code as string,
				message: message as string,
				description: description as string | undefined,
			});
		}
		if (action === 'preview') {
			runState(this).notePreview(itemIndex, {
				method: 'POST',
				url: `https://probe.example/${itemIndex}`,
				credential: 'probe',
				sent: false,
			});
			throw new Error('held back by Preview Only');
		}
		if (action === 'hold') await runState(this).pause(60000, 'a hold');
		if (action === 'wait') {
			events.push(`${itemIndex} starts`);
			await runState(this).pause(20, 'a wait');
			events.push(`${itemIndex} ends`);
		}
		return { item: itemIndex };
	},
};

class RouterProbe implements INodeType {
	description = {
		displayName: 'Router Probe',
		name: 'routerProbe',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: {},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Resource', name: 'resource', type: 'string', default: 'probe' },
			{ displayName: 'Operation', name: 'operation', type: 'string', default: 'work' },
			{ displayName: 'Options', name: 'options', type: 'json', default: {} },
			...probeOperation.description,
		],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems.call(this, { probe: { work: probeOperation } });
	}
}
addNodeType('test.routerProbe', new RouterProbe());

const probe = (
	parameters: Record<string, unknown> = {},
	onError?: 'continueRegularOutput' | 'continueErrorOutput',
) =>
	singleNodeWorkflow({
		name: 'Probe',
		type: 'test.routerProbe',
		parameters: parameters as never,
		...(onError ? { onError } : {}),
	});

const run = async (
	actions: Array<string | IDataObject>,
	parameters: Record<string, unknown> = {},
	onError?: 'continueRegularOutput' | 'continueErrorOutput',
) =>
	await runWorkflow(
		probe(parameters, onError),
		{},
		actions.map((action) => (typeof action === 'string' ? { action } : action)),
	);

const fail = { action: 'fail', code: '500', message: 'It broke (HTTP 500)' };
const oneAtATime = { options: { batchSize: 1 } };

beforeEach(() => {
	started = [];
	events = [];
});

describe('the item loop', () => {
	it('without Continue On Fail, no item starts after a failure; the run stops at it', async () => {
		const result = await run(['ok', fail, 'ok', 'ok'], oneAtATime);
		expect(started).toEqual([0, 1]);
		expect(result.error?.message).toBe('It broke (HTTP 500)');
		expect(result.output('Probe')).toBeUndefined();
	});

	it('with Continue On Fail, the items after a failure run, and each item gives one output item', async () => {
		const result = await run(['ok', fail, 'ok'], oneAtATime, 'continueRegularOutput');
		expect(started).toEqual([0, 1, 2]);
		expect(result.items('Probe')).toEqual([
			{ json: { item: 0 }, pairedItem: { item: 0 } },
			{
				json: { error: 'It broke (HTTP 500)', message: 'It broke (HTTP 500)' },
				pairedItem: { item: 1 },
			},
			{ json: { item: 2 }, pairedItem: { item: 2 } },
		]);
	});

	it('with Preview Only, an item held back at its write stops no other item', async () => {
		const result = await run(['preview', 'preview', 'ok'], {
			...oneAtATime,
			previewOnly: true,
		});
		expect(result.error).toBeUndefined();
		expect(started).toEqual([0, 1, 2]);
		const write = (item: number) => ({
			method: 'POST',
			url: `https://probe.example/${item}`,
			credential: 'probe',
			sent: false,
		});
		expect(result.items('Probe')).toEqual([
			{ json: { preview: true, writes: 1, requests: [write(0)] }, pairedItem: { item: 0 } },
			{ json: { preview: true, writes: 1, requests: [write(1)] }, pairedItem: { item: 1 } },
			{ json: { preview: true, writes: 0, requests: [] }, pairedItem: { item: 2 } },
		]);
	});

	it('with Preview Only, a failure before any write still stops the run', async () => {
		const result = await run([fail, 'ok'], { ...oneAtATime, previewOnly: true });
		expect(started).toEqual([0]);
		expect(result.error?.message).toBe('It broke (HTTP 500)');
	});
});

describe('Batching with a Batch Interval', () => {
	it('runs each item once, a batch at a time, in input order', async () => {
		const result = await run(['wait', 'wait', 'wait', 'wait', 'wait'], {
			options: { batchSize: 2, batchInterval: 1 },
		});
		expect(started).toEqual([0, 1, 2, 3, 4]);
		// A batch starts when the one before has ended, not when a place is free.
		const at = (event: string) => events.indexOf(event);
		for (const [item, before] of [
			[2, 0],
			[2, 1],
			[4, 2],
			[4, 3],
		])
			expect(at(`${item} starts`)).toBeGreaterThan(at(`${before} ends`));
		expect(result.output('Probe')).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
	});

	it('waits no interval after the last batch (a single batch does not wait at all)', async () => {
		// An interval of a minute: the test's 30 s would run out if it waited once.
		const result = await run(['ok', 'ok'], { options: { batchSize: 2, batchInterval: 60000 } });
		expect(result.output('Probe')).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('without Continue On Fail, no batch starts after a failure', async () => {
		const result = await run(['ok', fail, 'ok', 'ok'], {
			options: { batchSize: 2, batchInterval: 1 },
		});
		expect(started).toEqual([0, 1]);
		expect(result.error?.message).toBe('It broke (HTTP 500)');
	});
});

describe('an error item', () => {
	it.each([
		[
			'the description, and the HTTP code the message does not name',
			{ code: '502', message: 'Bad gateway', description: 'The proxy did not answer.' },
			'The proxy did not answer. (HTTP 502)',
		],
		[
			'the description alone when the message names the code',
			{ code: '409', message: 'Refused (HTTP 409)', description: 'Wait, then try again.' },
			'Wait, then try again.',
		],
		['the message when there is nothing more to say', { message: 'It broke' }, 'It broke'],
	])('says what to do about it: %s', async (_case, error, message) => {
		const result = await run([{ action: 'fail', ...error }], {}, 'continueRegularOutput');
		expect(result.items('Probe')).toEqual([
			{ json: { error: error.message, message }, pairedItem: { item: 0 } },
		]);
	});
});

describe('Stop', () => {
	it('items not started when n8n canceled the execution are not lost: each says it was canceled', async () => {
		const { cancel, finished } = await startWorkflow(
			probe(oneAtATime, 'continueRegularOutput'),
			{},
			[{ action: 'hold' }, { action: 'ok' }, { action: 'ok' }],
		);
		await until(() => started.length > 0);
		cancel();
		const result = await finished;
		expect(started).toEqual([0]);
		expect(result.run.status).toBe('canceled');
		const canceled = 'The execution was canceled (Stop, or its timeout): nothing more was sent';
		expect(result.items('Probe')).toEqual(
			[0, 1, 2].map((item) => ({
				json: { error: canceled, message: canceled },
				pairedItem: { item },
			})),
		);
	});
});
