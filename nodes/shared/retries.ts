import type { IExecuteFunctions, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { retryAfterWait } from './requestPacing';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

export interface RequestSettings {
	/** Milliseconds a request may take. */
	timeout: number;
	/** Further attempts after a transient failure. */
	retries: number;
}

const DEFAULTS: RequestSettings = { timeout: 60000, retries: 2 };
const settings = new WeakMap<Context, RequestSettings>();

/** The node's Request Options (read once per run; dropdowns and list searches use the defaults). */
export function requestSettings(context: Context): RequestSettings {
	let cached = settings.get(context);
	if (!cached) {
		const options = 'getInputData' in context ? (context.getNodeParameter('requestOptions', 0, {}) as Partial<RequestSettings>) : {};
		cached = { ...DEFAULTS, ...options };
		settings.set(context, cached);
	}
	return cached;
}

const TRANSIENT_STATUS = new Set(['429', '500', '502', '503', '504']);
// Answers sent before the server did anything: retrying cannot make a twin.
const NOT_APPLIED_STATUS = new Set(['429', '503']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ESOCKETTIMEDOUT']);

/** The error as a NodeApiError: n8n's request helper already throws those; anything else is wrapped. */
export function asApiError(context: Context, error: unknown): NodeApiError {
	return error instanceof NodeApiError ? error : new NodeApiError(context.getNode(), error as JsonObject);
}

const networkCode = (error: unknown): string | undefined =>
	(error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;

/** A failure another attempt may cure: 429, 5xx, a refused, dropped or timed-out connection. */
export function isTransient(error: unknown): boolean {
	const code = networkCode(error);
	return TRANSIENT_STATUS.has(String((error as NodeApiError).httpCode)) || (code !== undefined && NETWORK_CODES.has(code));
}

/** Whether the server may have applied a request that failed this way (its answer was lost). */
export function mayHaveApplied(error: unknown): boolean {
	return isTransient(error) && !NOT_APPLIED_STATUS.has(String((error as NodeApiError).httpCode)) && networkCode(error) !== 'ECONNREFUSED';
}

/** 100 ms, 200 ms, 400 ms... up to 10 s, or longer if the server asked for it (Retry-After). */
export async function backOff(context: Context, attempt: number): Promise<void> {
	await sleep(Math.max(retryAfterWait(context), Math.min(10000, 100 * 2 ** attempt)));
}

/**
 * Runs a request that is safe to repeat, again after a transient failure, up to the node's retries.
 * A final error notes (context.afterUncertainAttempt) when an earlier attempt may have been applied.
 */
export async function withRetries<T>(context: Context, send: () => Promise<T>): Promise<T> {
	const { retries } = requestSettings(context);
	let uncertain = false;
	for (let attempt = 0; ; attempt++) {
		try {
			return await send();
		} catch (error) {
			if (isTransient(error) && attempt < retries) {
				uncertain ||= mayHaveApplied(error);
				await backOff(context, attempt);
				continue;
			}
			const apiError = asApiError(context, error);
			if (uncertain) apiError.context.afterUncertainAttempt = true;
			throw apiError;
		}
	}
}

/**
 * Sends a create, which must never be repeated blindly: after a transient failure that may have
 * been applied, `wasCreated` looks; if the thing is there, no second create is sent. Returns the
 * create's answer, or undefined when the answer was lost but the thing was found.
 */
export async function createWithoutTwins<T>(
	context: IExecuteFunctions,
	send: () => Promise<T>,
	wasCreated: () => Promise<boolean>,
): Promise<T | undefined> {
	const { retries } = requestSettings(context);
	for (let attempt = 0; ; attempt++) {
		try {
			return await send();
		} catch (error) {
			if (!isTransient(error) || attempt >= retries) throw asApiError(context, error);
			await backOff(context, attempt);
			if (mayHaveApplied(error) && (await wasCreated())) return undefined;
		}
	}
}

/** A "not found" answer to a delete whose earlier attempt may already have deleted the thing. */
export function deletedByEarlierAttempt(error: unknown, notFound: (error: NodeApiError) => boolean): boolean {
	return error instanceof NodeApiError && error.context.afterUncertainAttempt === true && notFound(error);
}
