import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { NodeOperationError, sleep } from 'n8n-workflow';

import { Pace } from './pace';
import { booleanValue, integerValue } from './validation';

export type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** A trigger's poll (its requests take the adaptive pace; dropdowns and list searches go one at a time). */
export const isPoll = (context: Context): context is IPollFunctions => '__emit' in context;

const isExecution = (context: Context): context is IExecuteFunctions => 'getInputData' in context;

export interface RequestSettings {
	/** Milliseconds a request may take from connect to last byte. */
	timeout: number;
	/** Further attempts after a transient failure. */
	retries: number;
}

export interface BatchingSettings {
	/** Items under way at once; undefined: found from the server's answers (see Pace). */
	itemsUnderWay?: number;
	/** Pause between batches in milliseconds; 0 = a sliding window. */
	interval: number;
}

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = { timeout: 60000, retries: 2 };
export const TIMEOUT_RANGE = { min: 100, max: 10 * 60 * 1000 };
export const RETRIES_RANGE = { min: 0, max: 10 };
/** The longest a server's Retry-After may hold a run back. */
const MAX_RETRY_AFTER = 10 * 60 * 1000;

/** One request as it would leave (or did, for a read): never a header, so never a signature or a password. */
export interface PreviewedRequest {
	[field: string]: string | boolean | undefined;
	method: string;
	url: string;
	body?: string;
	contentType?: string;
	credential: string;
	/** true: a read that ran to build the change; false: a write that was not sent. */
	sent: boolean;
}

/**
 * What one node run (an execution of the node, a poll, a dropdown's load) keeps: its settings, read
 * and checked once before any request; the decrypted credentials, fetched once instead of once per
 * request; the pace and the server's Retry-After; the turns of writes to one target; Preview Only's
 * notes; and the Expert usernames looked up. One per run, made at its first use.
 */
export class RunState {
	readonly requestSettings: RequestSettings;

	readonly batching: BatchingSettings;

	/** Preview Only (Send Nothing): writes are written down instead of sent. */
	readonly previewOnly: boolean;

	/** How many requests (and items) may be under way. */
	readonly pace: Pace;

	/** Bytes of answers being read now, by all of the run's requests together (see MAX_RUN_ANSWER_BYTES). */
	answerBytesHeld = 0;

	/** When the next request may start (epoch ms), to honour a server's Retry-After. */
	private resumeAt = 0;

	private credentials?: Promise<ICredentialDataDecryptedObject>;

	/** Per target, the end of the work last queued for it (see inTurn). */
	readonly turns = new Map<string, Promise<void>>();

	/** Preview Only: per item, the reads that ran for it and the writes it would send, in order. */
	readonly previews = new Map<number, PreviewedRequest[]>();

	/** Expert user IDs by username, each looked up once per run. */
	readonly userIdsByName = new Map<string, Promise<number>>();

	/** n8n's cancel signal of the execution (Stop, the execution timeout): the run's work ends at once. */
	readonly cancelSignal?: AbortSignal;

	/** A poll's end (ms since the epoch): n8n abandons the tick then, so no wait may reach past it. */
	readonly endsAt?: number;

	constructor(private readonly context: Context) {
		if ('getExecutionCancelSignal' in context)
			this.cancelSignal = context.getExecutionCancelSignal();
		if (isPoll(context) && typeof context.getPollBudgetMs === 'function') {
			const budget = context.getPollBudgetMs();
			if (Number.isFinite(budget) && budget > 0) this.endsAt = Date.now() + budget;
		}
		if (isExecution(context)) {
			// Settings of the node, not of an item: item 0's values.
			const options = context.getNodeParameter('options', 0, {}) as Record<string, unknown>;
			this.requestSettings = {
				timeout: integerValue(
					context,
					options.timeout ?? DEFAULT_REQUEST_SETTINGS.timeout,
					'Timeout (Ms)',
					0,
					TIMEOUT_RANGE.min,
					TIMEOUT_RANGE.max,
				),
				retries: integerValue(
					context,
					options.retries ?? DEFAULT_REQUEST_SETTINGS.retries,
					'Retries',
					0,
					RETRIES_RANGE.min,
					RETRIES_RANGE.max,
				),
			};
			this.batching = {
				itemsUnderWay:
					options.batchSize === undefined
						? undefined
						: integerValue(context, options.batchSize, 'Items per Batch', 0, 1, 100),
				interval: integerValue(
					context,
					options.batchInterval ?? 0,
					'Batch Interval (Ms)',
					0,
					0,
					24 * 60 * 60 * 1000,
				),
			};
			this.previewOnly = booleanValue(
				context,
				context.getNodeParameter('previewOnly', 0, false),
				'Preview Only (Send Nothing)',
				0,
			);
			this.pace = new Pace(this.batching.itemsUnderWay);
		} else {
			// Dropdowns and list searches use the defaults, one request at a time; a poll takes the adaptive pace.
			this.requestSettings = DEFAULT_REQUEST_SETTINGS;
			this.batching = { interval: 0 };
			this.previewOnly = false;
			this.pace = new Pace(isPoll(context) ? undefined : 1);
		}
	}

	/** The credential's decrypted data, fetched once per run. */
	async credentialsOf(type: string): Promise<ICredentialDataDecryptedObject> {
		this.credentials ??= this.context.getCredentials(type);
		return await this.credentials;
	}

	/**
	 * Notes a Retry-After header (seconds or an HTTP date): no request of this run starts before it.
	 * A wait longer than the request's Timeout is not taken: its length is returned, and the request
	 * fails at once (a server may not park a run for minutes per attempt).
	 */
	noteRetryAfter(header: unknown): number | undefined {
		// No header reads "undefined": neither seconds nor a date, as any other text that is no wait.
		const text = String(header).trim();
		const milliseconds = /^\d{1,9}$/.test(text)
			? Number(text) * 1000
			: Date.parse(text) - Date.now();
		if (!Number.isFinite(milliseconds) || milliseconds <= 0) return undefined;
		if (milliseconds > Math.min(this.requestSettings.timeout, MAX_RETRY_AFTER)) return milliseconds;
		this.resumeAt = Math.max(this.resumeAt, Date.now() + milliseconds);
		return undefined;
	}

	/** Throws when n8n has canceled the execution: nothing more is started after Stop. */
	throwIfCanceled(): void {
		if (this.cancelSignal?.aborted) throw this.canceledError();
	}

	/** The error of work that n8n canceled (it marks the execution canceled; this only ends the node's work). */
	canceledError(): NodeOperationError {
		return new NodeOperationError(
			this.context.getNode(),
			'The execution was canceled (Stop, or its timeout): nothing more was sent',
		);
	}

	/**
	 * Waits `ms` (a Retry-After, a back-off, a Batch Interval), or ends at once with an error when the
	 * execution is canceled meanwhile, or when the wait would reach past a poll's end.
	 */
	async pause(ms: number, what: string): Promise<void> {
		this.throwIfCanceled();
		if (ms <= 0) return;
		if (this.endsAt !== undefined && Date.now() + ms > this.endsAt) {
			throw new NodeOperationError(
				this.context.getNode(),
				`The poll would have to wait ${Math.ceil(ms / 1000)} s (${what}), past the time n8n gives one poll: it ends here, and the next poll tries again`,
			);
		}
		const signal = this.cancelSignal;
		let wake = () => {};
		const aborted = new Promise<void>((resolve) => (wake = resolve));
		signal?.addEventListener('abort', wake, { once: true });
		try {
			// In slices of at most a second (n8n's sleep is the node's only timer), each raced with the cancel signal.
			for (let until = Date.now() + ms; Date.now() < until && !signal?.aborted;) {
				await Promise.race([sleep(Math.min(1000, until - Date.now())), aborted]);
			}
		} finally {
			signal?.removeEventListener('abort', wake);
		}
		this.throwIfCanceled();
	}

	/** How long to wait before the next request, to honour a Retry-After. */
	retryAfterWait(): number {
		return Math.max(0, this.resumeAt - Date.now());
	}

	/** Notes a request for an item's preview: a read that ran for it, or a write it would send. */
	notePreview(itemIndex: number | undefined, request: PreviewedRequest): void {
		const key = itemIndex ?? 0;
		const requests = this.previews.get(key) ?? [];
		requests.push(request);
		this.previews.set(key, requests);
	}

	/** Whether an item's work reached a write that Preview Only did not send (its work ends there). */
	stoppedAtPreview(itemIndex: number): boolean {
		return (
			this.previewOnly && (this.previews.get(itemIndex) ?? []).some((request) => !request.sent)
		);
	}
}

const runs = new WeakMap<Context, RunState>();

/**
 * A poll starts with a state of its own. n8n gives every poll of an active workflow the same
 * context (activatePollTrigger makes it once), so a state kept from the last poll would carry its
 * end (the poll budget, from the first poll on), its credentials and its lookups into this one.
 * Polls that overlap share the newest poll's state.
 */
export function startPoll(context: IPollFunctions): void {
	runs.delete(context);
}

/** The run's state: made (its settings read and checked) at the first call of the run. */
export function runState(context: Context): RunState {
	let state = runs.get(context);
	if (!state) {
		state = new RunState(context);
		runs.set(context, state);
	}
	return state;
}

// When the run's work starts (its scheduling): as many at once as the run's pace allows (see Pace),
// and writes to one target in turn. runUnderPace: the router's item loop, Huawei's shared member
// requests, Sync; inTurn: every write to a group (or its relations, or its members).

/**
 * Starts run(0), run(1)... in order, keeping as many under way as the run's pace allows at each
 * moment; ends when all have ended (or, once `stop` says so or n8n cancels the execution, when those
 * under way have: they end at once too, as their requests and waits hear the same cancel signal).
 */
export async function runUnderPace(
	context: Context,
	count: number,
	run: (index: number) => Promise<void>,
	stop: () => boolean = () => false,
): Promise<void> {
	const { pace, cancelSignal } = runState(context);
	const halted = () => stop() || cancelSignal?.aborted === true;
	await new Promise<void>((resolve) => {
		let next = 0;
		let active = 0;
		const pump = () => {
			while (!halted() && next < count && active < pace.width) {
				active++;
				void run(next++).finally(() => {
					active--;
					pump();
				});
			}
			if (active === 0 && (halted() || next >= count)) resolve();
		};
		pump();
	});
}

/**
 * Runs `work` when every earlier caller with the same target has finished: two writes to one group
 * are never under way together, and they reach the server in the order they asked (items ask in
 * input order, as they start in input order and ask before their first request).
 */
export async function inTurn<T>(
	context: Context,
	target: string,
	work: () => Promise<T>,
): Promise<T> {
	const { turns } = runState(context);
	const before = turns.get(target) ?? Promise.resolve();
	let done!: () => void;
	const mine = new Promise<void>((resolve) => (done = resolve));
	const tail = before.then(() => mine);
	turns.set(target, tail);
	await before;
	try {
		return await work();
	} finally {
		done();
		if (turns.get(target) === tail) turns.delete(target);
	}
}
