import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { Pace } from './pace';
import { integerValue, isVersion2 } from './validation';

export type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** A trigger's poll (its requests take the adaptive pace; dropdowns and list searches go one at a time). */
export const isPoll = (context: Context): context is IPollFunctions => '__emit' in context;

// What one node run keeps, keyed by its context: the decrypted credentials (fetched once instead of
// once per request), the request settings, and when a server's Retry-After lets the next request go.

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

const credentials = new WeakMap<Context, Promise<ICredentialDataDecryptedObject>>();
const requestSettingsOf = new WeakMap<Context, RequestSettings>();
const resumeAt = new WeakMap<Context, number>();
const paces = new WeakMap<Context, Pace>();

/** The run's pace: how many items may be under way (the Batching width, or found from the server's answers). */
export function paceOf(context: Context): Pace {
	let pace = paces.get(context);
	if (!pace) {
		pace = new Pace('getInputData' in context ? batchingSettings(context).itemsUnderWay : isPoll(context) ? undefined : 1);
		paces.set(context, pace);
	}
	return pace;
}

export async function credentialsOnce(context: Context, type: string): Promise<ICredentialDataDecryptedObject> {
	let cached = credentials.get(context);
	if (!cached) {
		cached = context.getCredentials(type);
		credentials.set(context, cached);
	}
	return await cached;
}

/**
 * The node's Request Options, read and checked once per run (item 0's values: they are settings of
 * the node, not of an item). Dropdowns and list searches use the defaults.
 */
export function requestSettings(context: Context): RequestSettings {
	let cached = requestSettingsOf.get(context);
	if (!cached) {
		cached = 'getInputData' in context ? readRequestSettings(context) : DEFAULT_REQUEST_SETTINGS;
		requestSettingsOf.set(context, cached);
	}
	return cached;
}

// Version 2 keeps Batching, Timeout and Retries in the operation's Options; version 1 in collections of their own.
function readRequestSettings(context: IExecuteFunctions): RequestSettings {
	const options = context.getNodeParameter(isVersion2(context) ? 'options' : 'requestOptions', 0, {}) as Record<string, unknown>;
	return {
		timeout: integerValue(context, options.timeout ?? DEFAULT_REQUEST_SETTINGS.timeout, 'Timeout (Ms)', 0, TIMEOUT_RANGE.min, TIMEOUT_RANGE.max),
		retries: integerValue(context, options.retries ?? DEFAULT_REQUEST_SETTINGS.retries, 'Retries', 0, RETRIES_RANGE.min, RETRIES_RANGE.max),
	};
}

/** The node's Batching option (item 0's values), checked. */
export function batchingSettings(context: IExecuteFunctions): BatchingSettings {
	const batching = context.getNodeParameter(isVersion2(context) ? 'options' : 'batching', 0, {}) as Record<string, unknown>;
	const given = batching.batchSize !== undefined;
	return {
		itemsUnderWay: given ? integerValue(context, batching.batchSize, 'Items per Batch', 0, 1, 100) : undefined,
		interval: integerValue(context, batching.batchInterval ?? 0, 'Batch Interval (Ms)', 0, 0, 24 * 60 * 60 * 1000),
	};
}

/** Notes a Retry-After header (seconds or an HTTP date): no request of this run starts before it. */
export function noteRetryAfter(context: Context, header: unknown): void {
	if (header === undefined || header === null || header === '') return;
	const text = String(header).trim();
	const milliseconds = /^\d{1,9}$/.test(text) ? Number(text) * 1000 : Date.parse(text) - Date.now();
	if (Number.isFinite(milliseconds) && milliseconds > 0) {
		// A server may not park the run for long: at most 10 minutes.
		const until = Date.now() + Math.min(milliseconds, 10 * 60 * 1000);
		resumeAt.set(context, Math.max(resumeAt.get(context) ?? 0, until));
	}
}

/** How long to wait before the next request, to honour a Retry-After. */
export function retryAfterWait(context: Context): number {
	return Math.max(0, (resumeAt.get(context) ?? 0) - Date.now());
}
