import { getEventListeners } from 'node:events';

import type { INode } from 'n8n-workflow';

import {
	type Context,
	RunState,
	inTurn,
	runState,
	runUnderPace,
	startPoll,
} from '../../nodes/shared/runState';

// The run's state alone: what a Retry-After, a wait, a poll's budget and the scheduling do. The
// contexts stand in for n8n's with only what the state reads (the integration tests run it inside
// n8n's engine).

const getNode = () => ({ name: 'Test node' }) as INode;

/** A dropdown's context: no execution, no poll (defaults, one request at a time). */
const dropdown = () => ({ getNode }) as unknown as Context;

/** A poll's context, with n8n's budget of a poll when given. */
const poll = (budget?: number) =>
	({
		getNode,
		__emit: () => {},
		...(budget === undefined ? {} : { getPollBudgetMs: () => budget }),
	}) as unknown as Context;

/** An execution's context with its cancel signal and the node's options. */
const execution = (signal: AbortSignal, options: Record<string, unknown> = {}) =>
	({
		getNode,
		getInputData: () => [{ json: {} }],
		getExecutionCancelSignal: () => signal,
		getNodeParameter: (name: string, _item: number, fallback: unknown) =>
			name === 'options' ? options : fallback,
	}) as unknown as Context;

const CANCELED = 'The execution was canceled (Stop, or its timeout): nothing more was sent';

describe("a server's Retry-After", () => {
	it('in seconds: the next request waits that long', () => {
		const state = new RunState(dropdown());
		expect(state.noteRetryAfter('12')).toBeUndefined();
		expect(state.retryAfterWait()).toBeGreaterThan(11000);
		expect(state.retryAfterWait()).toBeLessThanOrEqual(12000);
	});

	it('with spaces around it: the same', () => {
		const state = new RunState(dropdown());
		expect(state.noteRetryAfter(' 12 ')).toBeUndefined();
		expect(state.retryAfterWait()).toBeGreaterThan(11000);
	});

	it('as a date: until then; an ISO date too', () => {
		const state = new RunState(dropdown());
		expect(state.noteRetryAfter(new Date(Date.now() + 5000).toISOString())).toBeUndefined();
		expect(state.retryAfterWait()).toBeGreaterThan(3000);
		expect(state.retryAfterWait()).toBeLessThanOrEqual(5000);
	});

	// ('1.5' and '-5' would parse as dates, in 2001: past, so no wait either way.)
	it.each([
		['1.5'],
		['soon'],
		['-5'],
		['0'],
		[''],
		[null],
		[undefined],
		[new Date(0).toUTCString()],
	])('%j: no wait', (header) => {
		const state = new RunState(dropdown());
		expect(state.noteRetryAfter(header)).toBeUndefined();
		expect(state.retryAfterWait()).toBe(0);
	});

	it('a header that is no wait leaves a later one its effect', () => {
		const state = new RunState(dropdown());
		state.noteRetryAfter('soon');
		state.noteRetryAfter('2');
		expect(state.retryAfterWait()).toBeGreaterThan(1000);
	});

	it("longer than the request's Timeout: not taken, its length is returned", () => {
		const state = new RunState(dropdown());
		// A dropdown's Timeout is the default 60 s.
		expect(state.noteRetryAfter('60')).toBeUndefined();
		expect(state.noteRetryAfter('61')).toBe(61000);
		expect(state.noteRetryAfter(new Date(Date.now() + 3600e3).toISOString())).toBeGreaterThan(
			60000,
		);
		expect(state.retryAfterWait()).toBeLessThanOrEqual(60000);
	});
});

describe('a wait', () => {
	afterEach(() => jest.useRealTimers());

	it('ends at once when the execution is canceled during it, and leaves no listener behind', async () => {
		jest.useFakeTimers();
		const stop = new AbortController();
		const state = new RunState(execution(stop.signal));
		let outcome: unknown;
		const waiting = state.pause(60000, 'a test').then(
			() => (outcome = 'resolved'),
			(error: Error) => (outcome = error.message),
		);
		expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
		stop.abort();
		// No timer is run: only the cancel signal can end the wait.
		for (let tick = 0; tick < 5; tick++) await Promise.resolve();
		await waiting;
		expect(outcome).toBe(CANCELED);
		expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
	});

	it('that runs out leaves no listener behind', async () => {
		const stop = new AbortController();
		const state = new RunState(execution(stop.signal));
		await state.pause(5, 'a test');
		expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
	});

	it('after Stop: refused, even of no time at all', async () => {
		const stop = new AbortController();
		stop.abort();
		const state = new RunState(execution(stop.signal));
		await expect(state.pause(0, 'a test')).rejects.toThrow(CANCELED);
		expect(() => state.throwIfCanceled()).toThrow(CANCELED);
	});

	it('before Stop: nothing is refused', async () => {
		const state = new RunState(execution(new AbortController().signal));
		expect(() => state.throwIfCanceled()).not.toThrow();
		await expect(state.pause(-5, 'a test')).resolves.toBeUndefined();
	});

	it("in a poll: refused at once when it would reach past n8n's budget of the poll", async () => {
		const state = new RunState(poll(300));
		await expect(state.pause(200, 'a test')).resolves.toBeUndefined();
		await expect(state.pause(1500, 'the test')).rejects.toThrow(
			'The poll would have to wait 2 s (the test), past the time n8n gives one poll: it ends here, and the next poll tries again',
		);
	});

	it.each([[0], [-1], [NaN], [Infinity]])(
		'in a poll with a budget of %p, or none (n8n 1.x): no end',
		async (budget) => {
			for (const context of [poll(budget), poll()]) {
				const state = new RunState(context);
				expect(state.endsAt).toBeUndefined();
				await expect(state.pause(5, 'a test')).resolves.toBeUndefined();
			}
		},
	);

	it("a poll's budget counts from the poll's start", () => {
		const before = Date.now();
		const state = new RunState(poll(300));
		expect(state.endsAt).toBeGreaterThanOrEqual(before + 300);
		expect(state.endsAt).toBeLessThanOrEqual(Date.now() + 300);
	});
});

describe('the state of a run', () => {
	it('is one per context, made again when a poll starts', () => {
		const context = poll(300);
		const first = runState(context);
		expect(runState(context)).toBe(first);
		startPoll(context as never);
		expect(runState(context)).not.toBe(first);
	});

	it("an execution's settings are read strictly, each named in its error", () => {
		const withPreview = (previewOnly: unknown) =>
			({
				getNode,
				getInputData: () => [{ json: {} }],
				getNodeParameter: (name: string, _item: number, fallback: unknown) =>
					name === 'previewOnly' ? previewOnly : name === 'options' ? {} : fallback,
			}) as unknown as Context;
		expect(new RunState(withPreview('TRUE')).previewOnly).toBe(true);
		expect(() => new RunState(withPreview('yes'))).toThrow(
			'Parameter "Preview Only (Send Nothing)" must be true or false (got "yes") (input item 1)',
		);
	});

	it('a poll or a dropdown never previews: nothing they send is held back', () => {
		expect(new RunState(poll(300)).previewOnly).toBe(false);
		expect(new RunState(dropdown()).previewOnly).toBe(false);
	});
});

describe('runUnderPace and inTurn', () => {
	/** Runs `count` works that each take a few ms, and notes the most under way at once. */
	const scheduled = async (context: Context, count: number, stop?: () => boolean) => {
		let underWay = 0;
		let most = 0;
		const ran: number[] = [];
		await runUnderPace(
			context,
			count,
			async (index) => {
				ran.push(index);
				most = Math.max(most, ++underWay);
				await new Promise((resolve) => setTimeout(resolve, 2));
				underWay--;
			},
			stop,
		);
		return { ran, most, underWay };
	};

	it('runs every index once, in order, never more at once than the pace allows', async () => {
		// A dropdown goes one request at a time.
		expect(await scheduled(dropdown(), 5)).toEqual({ ran: [0, 1, 2, 3, 4], most: 1, underWay: 0 });
	});

	it('a poll runs several at once', async () => {
		const { ran, most } = await scheduled(poll(), 20);
		expect(ran).toEqual(Array.from({ length: 20 }, (_, n) => n));
		expect(most).toBe(8);
	});

	it('starts nothing once told to stop, and ends when those under way have', async () => {
		let calls = 0;
		// Asked before each start and once the last under way has ended: told to stop at the fourth.
		const { ran, underWay } = await scheduled(dropdown(), 5, () => ++calls > 3);
		expect(ran).toEqual([0, 1]);
		expect(underWay).toBe(0);
	});

	it('inTurn: works on one target run one after the other, in the order they asked; none is left queued', async () => {
		const context = dropdown();
		const order: string[] = [];
		const work = (name: string, ms: number) => async () => {
			order.push(`${name} starts`);
			await new Promise((resolve) => setTimeout(resolve, ms));
			order.push(`${name} ends`);
			return name;
		};
		const results = await Promise.all([
			inTurn(context, 'group 1', work('a', 20)),
			inTurn(context, 'group 1', work('b', 1)),
			inTurn(context, 'group 2', work('c', 1)),
		]);
		expect(results).toEqual(['a', 'b', 'c']);
		expect(order.indexOf('b starts')).toBeGreaterThan(order.indexOf('a ends'));
		expect(order.indexOf('c starts')).toBeLessThan(order.indexOf('a ends'));
		expect(runState(context).turns.size).toBe(0);
	});
});
