import type { JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { type Context, requestSettings, retryAfterWait } from './runState';

// When a failed request may be sent again. Every request goes through withRetryPolicy with one of
// three named policies:
// - SAFE_TO_REPEAT: reads, renames, sets, adds: a repeat asks for the state already asked for.
// - createWithoutTwins: a create is never repeated blindly. After a failure whose answer was lost,
//   the policy looks whether the thing now exists (also after the last attempt) before anything else.
// - deleteAcceptingGone: a delete is repeated; a "not found" after an attempt whose answer was lost
//   counts as done once the caller's check confirms the thing is gone.

export interface RetryPolicy {
	/** After a failure that may have been applied: whether the change is now in place. */
	appliedAlready?: () => Promise<boolean>;
	/** What appliedAlready checks, for the error when it cannot tell: `group "Sales"`. */
	subject?: string;
	/** A lasting failure after an uncertain attempt: whether that attempt already did the work. */
	doneByEarlierAttempt?: (error: NodeApiError) => Promise<boolean>;
}

export const SAFE_TO_REPEAT: RetryPolicy = {};

export const createWithoutTwins = (subject: string, wasCreated: () => Promise<boolean>): RetryPolicy => ({
	appliedAlready: wasCreated,
	subject,
});

export const deleteAcceptingGone = (isGone: (error: NodeApiError) => Promise<boolean>): RetryPolicy => ({
	doneByEarlierAttempt: isGone,
});

/** What withRetryPolicy returns when an earlier attempt whose answer was lost did the work. */
export const DONE_BY_EARLIER_ATTEMPT = Symbol('done by an earlier attempt');

const TRANSIENT_STATUS = new Set(['429', '500', '502', '503', '504']);
// Answers sent before the server did anything: retrying cannot make a twin.
const NOT_APPLIED_STATUS = new Set(['429', '503']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);

/** The error as the node reports it: n8n's own errors as they are, anything else as a NodeApiError. */
export function asApiError(context: Context, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeApiError(context.getNode(), error as JsonObject);
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
async function backOff(context: Context, attempt: number): Promise<void> {
	await sleep(Math.max(retryAfterWait(context), Math.min(10000, 100 * 2 ** attempt)));
}

export async function withRetryPolicy<T>(
	context: Context,
	policy: RetryPolicy,
	attempt: () => Promise<T>,
): Promise<T | typeof DONE_BY_EARLIER_ATTEMPT> {
	const { retries } = requestSettings(context);
	let uncertain = false;
	for (let attemptIndex = 0; ; attemptIndex++) {
		try {
			return await attempt();
		} catch (caught) {
			const error = asApiError(context, caught);
			const applied = mayHaveApplied(error);
			uncertain ||= applied;
			if (!isTransient(error)) {
				if (uncertain && error instanceof NodeApiError && (await policy.doneByEarlierAttempt?.(error))) return DONE_BY_EARLIER_ATTEMPT;
				throw error;
			}
			const last = attemptIndex >= retries;
			if (applied && policy.appliedAlready) {
				await backOff(context, attemptIndex);
				if (await checkApplied(context, policy, error)) return DONE_BY_EARLIER_ATTEMPT;
				if (last) throw error; // looked: nothing was made
				continue;
			}
			if (last) throw error;
			await backOff(context, attemptIndex);
		}
	}
}

async function checkApplied(context: Context, policy: RetryPolicy, error: NodeApiError | NodeOperationError): Promise<boolean> {
	try {
		return await policy.appliedAlready!();
	} catch (checkError) {
		throw new NodeApiError(context.getNode(), { message: error.message } as JsonObject, {
			message: `The ${policy.subject ?? 'request'} may have been created: the answer was lost (${error.message}) and looking for it failed too`,
			description: `Looking for it: ${(checkError as Error).message}. Check in the system before running this item again.`,
		});
	}
}
