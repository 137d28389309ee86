import type {
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asApiError } from './errors';
import { type Context, type PreviewedRequest, runState } from './runState';

// The one road every request of both nodes takes to the wire, read top to bottom: Preview Only's
// stop (a write is written down where it would leave), the retry policy, then one attempt: the
// run's Retry-After and pace, the run's decrypted credentials, a deadline for the request's whole
// life, a cap on the answer's size, no redirects, TLS advice, server text cut short and scrubbed of
// secrets. Each vendor's transport only reads what its answers mean.

// What both credentials do to every request they authenticate: the nodes', the credential test's and
// an HTTP Request node's that uses one of them. Here, with the road's other rules, so that there is one
// place that says where a request may go.

/**
 * A node's request URL: a path is relative to the service's API root under the credential's
 * address (any path prefix of that address is kept); an absolute URL is left alone.
 */
export function apiUrl(address: string, apiRoot: string, url: string): URL {
	const target = /^https?:\/\//i.test(url)
		? new URL(url)
		: new URL(address.trim().replace(/\/+$/, '') + apiRoot + url.replace(/^\/+/, ''));
	// A user name or password in the address would be shown wherever the URL is (a preview, an error).
	if (target.username || target.password) {
		throw new Error(
			'The address must not carry a user name or password ("user:secret@host"): a secret belongs in its own field of the credential',
		);
	}
	return target;
}

/**
 * A request that carries a secret never follows a redirect (it would take the signature, the
 * password or the token to another address); for the credential test, a redirect is a failed test
 * that says to check the address.
 */
export function redirectRules(urlField: string): IAuthenticateRuleResponseCode[] {
	return [301, 302, 303, 307, 308].map((value) => ({
		type: 'responseCode' as const,
		properties: {
			value,
			message: `The server redirects to another address (HTTP ${value}): redirects are not followed, so that the credential is not sent there. Check the ${urlField}.`,
		},
	}));
}

/**
 * The URL a request asks for. n8n's request helpers give `url`; the HTTP Request node (a "custom API
 * call" with one of these credentials as its Predefined Credential Type) gives n8n's legacy `uri`.
 */
export function requestedUrl(requestOptions: IHttpRequestOptions): string {
	return requestOptions.url ?? (requestOptions as { uri?: string }).uri ?? '';
}

/**
 * A request sent to `url` that never follows a redirect and checks the server's certificate unless
 * the credential says to ignore it; said in the legacy options' words too when the request came in them.
 */
export function securedRequest(
	requestOptions: IHttpRequestOptions,
	url: string,
	ignoreSslIssues: boolean,
): IHttpRequestOptions {
	const legacy = 'uri' in requestOptions && {
		uri: url,
		followRedirect: false,
		followAllRedirects: false,
		...(ignoreSslIssues && { rejectUnauthorized: false }),
	};
	return {
		...requestOptions,
		...legacy,
		url,
		baseURL: undefined,
		skipSslCertificateValidation: ignoreSslIssues,
		disableFollowRedirect: true,
	};
}

/** What differs between the two services, as far as this pipeline is concerned. */
export interface Service {
	credentialType: string;
	/** How messages name the server: "The CMS", "Expert". */
	name: string;
	/** The credential field that holds the server's address (its label, for errors that ask to check it, and its name). */
	urlField: string;
	urlProperty: string;
	/** Credential fields whose values must never appear in an error (Basic pairs are scrubbed too). */
	secretFields: string[];
	/** The service's own authentication values, as a proxy might echo them (a signature, a token). */
	secretPatterns: RegExp[];
	/** The credential's own resolution of a request, all but its authentication (what Preview Only shows). */
	unsigned: (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	) => IHttpRequestOptions;
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Relative to the API root; the credential resolves it. */
	path: string;
	qs?: IDataObject;
	/** The exact text sent (the credential signs these bytes). */
	body?: string;
	headers?: Record<string, string>;
	itemIndex?: number;
	/** A change (not a read): with Preview Only it is written down instead of sent. */
	write?: boolean;
}

export interface ApiResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	/** The answer as text (UTF-8), at most MAX_ANSWER_BYTES. */
	text: string;
}

/** Far above any real group list (100,000 groups of XML is about 60 MB), far below what hurts a worker. */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
/** What one run's answers may hold at once while they are read: two of the largest, not six. */
export const MAX_RUN_ANSWER_BYTES = 2 * MAX_ANSWER_BYTES;
/** How much server text an error carries. */
export const MAX_SERVER_TEXT = 1000;

interface AnswerStream {
	on(event: 'data' | 'end' | 'error' | 'close', listener: (value?: unknown) => void): void;
	destroy(error?: Error): void;
}

interface SentResponse {
	statusCode: number;
	headers?: Record<string, unknown>;
	body: AnswerStream;
}

const STATUS_MEANINGS: Record<number, string> = {
	400: 'bad request',
	401: 'not signed in',
	403: 'forbidden',
	404: 'not found',
	405: 'method not allowed',
	408: 'request timeout',
	409: 'conflict',
	413: 'request too large',
	429: 'too many requests',
	500: 'server error',
	501: 'not implemented',
	502: 'bad gateway: a proxy could not reach the server',
	503: 'unavailable',
	504: 'gateway timeout: a proxy gave up waiting for the server',
};

/** "HTTP 502 (bad gateway: ...)": the code and what it means. */
export function httpStatus(statusCode: number): string {
	const meaning = STATUS_MEANINGS[statusCode];
	return meaning ? `HTTP ${statusCode} (${meaning})` : `HTTP ${statusCode}`;
}

/** What the credential gets to resolve and authenticate. */
const wireOptions = (request: ApiRequest): IHttpRequestOptions => ({
	method: request.method,
	url: request.path,
	qs: request.qs,
	body: request.body,
	headers: request.headers,
});

/**
 * Sends a request under its retry policy; `interpret` turns each answer into the result or an error.
 * With Preview Only, a write is not sent: it is noted for its item, and the item's work ends here
 * (Previewed is thrown; the router shows the item's preview whatever error its work then ends with).
 */
export async function apiRequest<T>(
	context: Context,
	service: Service,
	request: ApiRequest,
	interpret: (response: ApiResponse, credentials: ICredentialDataDecryptedObject) => T,
	policy: RetryPolicy,
): Promise<T | typeof DONE_BY_EARLIER_ATTEMPT> {
	const state = runState(context);
	checkAddress(
		context,
		service,
		await state.credentialsOf(service.credentialType),
		request.itemIndex,
	);
	if (state.previewOnly && request.write) {
		const unsent = await previewed(context, service, request, false);
		state.notePreview(request.itemIndex, unsent);
		throw new Previewed(context, unsent);
	}
	const answer = await withRetryPolicy(context, policy, async () => {
		const response = await sendOnce(context, service, request);
		return interpret(response, await state.credentialsOf(service.credentialType));
	});
	if (state.previewOnly)
		state.notePreview(request.itemIndex, await previewed(context, service, request, true));
	return answer;
}

/** The credential's address, refused before any request when it carries a user name or password (it is shown in previews and errors). */
function checkAddress(
	context: Context,
	service: Service,
	credentials: ICredentialDataDecryptedObject,
	itemIndex?: number,
): void {
	let address: URL | undefined;
	try {
		address = new URL(String(credentials[service.urlProperty] ?? '').trim());
	} catch {
		return; // not a URL at all: the request says so
	}
	if (address.username || address.password) {
		throw new NodeOperationError(
			context.getNode(),
			`The ${service.urlField} of the credential carries a user name or password ("user:secret@host"): nothing was sent`,
			{
				itemIndex,
				description: `Remove them from the ${service.urlField}: a secret belongs in its own field of the credential, never in an address that previews and errors show.`,
			},
		);
	}
}

/** Thrown where a write would have been sent: it ends the item's work (nothing after a write can be known). */
export class Previewed extends NodeOperationError {
	constructor(
		context: Context,
		readonly request: PreviewedRequest,
	) {
		super(context.getNode(), `Preview only: ${request.method} ${request.url} was not sent`);
	}
}

/** A request as it goes on the wire (the credential's resolution, without authentication): for Preview Only. */
async function previewed(
	context: Context,
	service: Service,
	request: ApiRequest,
	sent: boolean,
): Promise<PreviewedRequest> {
	const resolved = service.unsigned(
		await runState(context).credentialsOf(service.credentialType),
		wireOptions(request),
	);
	const url = new URL(resolved.url);
	for (const [name, value] of Object.entries(resolved.qs ?? {}))
		url.searchParams.append(name, String(value));
	const contentType = (resolved.headers as Record<string, string> | undefined)?.['Content-Type'];
	const body = resolved.body === undefined ? undefined : String(resolved.body);
	return {
		method: resolved.method ?? 'GET',
		url: url.href,
		...(body !== undefined && { body }),
		...(contentType && { contentType }),
		credential:
			context.getNode().credentials?.[service.credentialType]?.name ?? service.credentialType,
		sent,
	};
}

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

export const createWithoutTwins = (
	subject: string,
	wasCreated: () => Promise<boolean>,
): RetryPolicy => ({
	appliedAlready: wasCreated,
	subject,
});

export const deleteAcceptingGone = (
	isGone: (error: NodeApiError) => Promise<boolean>,
): RetryPolicy => ({
	doneByEarlierAttempt: isGone,
});

/** What withRetryPolicy returns when an earlier attempt whose answer was lost did the work. */
export const DONE_BY_EARLIER_ATTEMPT = Symbol('done by an earlier attempt');

const TRANSIENT_STATUS = new Set(['429', '500', '502', '503', '504']);
// Answers sent before the server did anything: retrying cannot make a twin.
const NOT_APPLIED_STATUS = new Set(['429', '503']);
const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_CANCELED',
]);

const networkCode = (error: unknown): string | undefined =>
	(error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;

/** A failure another attempt may cure: 429, 5xx, a refused, dropped or timed-out connection. */
function isTransient(error: unknown): boolean {
	// An error that says no attempt can cure it (a wait longer than the Timeout).
	if ((error as NodeApiError).context?.final === true) return false;
	const code = networkCode(error);
	return (
		TRANSIENT_STATUS.has(String((error as NodeApiError).httpCode)) ||
		(code !== undefined && NETWORK_CODES.has(code))
	);
}

/** Whether the server may have applied a request that failed this way (its answer was lost). */
function mayHaveApplied(error: unknown): boolean {
	return (
		isTransient(error) &&
		!NOT_APPLIED_STATUS.has(String((error as NodeApiError).httpCode)) &&
		networkCode(error) !== 'ECONNREFUSED'
	);
}

/** What a poll's error says it would have waited for: a Retry-After, before any request, or a back-off. */
const SERVER_WAIT = 'the server asked to wait, or a back-off before a retry';

/** 100 ms, 200 ms, 400 ms... up to 10 s, or longer if the server asked for it (Retry-After). */
async function backOff(context: Context, attempt: number): Promise<void> {
	const state = runState(context);
	await state.pause(
		Math.max(state.retryAfterWait(), Math.min(10000, 100 * 2 ** attempt)),
		SERVER_WAIT,
	);
}

async function withRetryPolicy<T>(
	context: Context,
	policy: RetryPolicy,
	attempt: () => Promise<T>,
): Promise<T | typeof DONE_BY_EARLIER_ATTEMPT> {
	const { retries } = runState(context).requestSettings;
	let uncertain = false;
	for (let attemptIndex = 0; ; attemptIndex++) {
		try {
			return await attempt();
		} catch (caught) {
			// Canceled (Stop, the execution timeout): no retry, no check, nothing more.
			runState(context).throwIfCanceled();
			const error = asApiError(context, caught);
			const applied = mayHaveApplied(error);
			uncertain ||= applied;
			if (!isTransient(error)) {
				if (
					uncertain &&
					error instanceof NodeApiError &&
					(await policy.doneByEarlierAttempt?.(error))
				)
					return DONE_BY_EARLIER_ATTEMPT;
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

async function checkApplied(
	context: Context,
	policy: RetryPolicy,
	error: NodeApiError | NodeOperationError,
): Promise<boolean> {
	try {
		return await policy.appliedAlready!();
	} catch (checkError) {
		throw new NodeApiError(context.getNode(), { message: error.message } as JsonObject, {
			message: `The ${policy.subject ?? 'request'} may have been created: the answer was lost (${error.message}) and looking for it failed too`,
			description: `Looking for it: ${(checkError as Error).message}. Check in the system before running this item again.`,
		});
	}
}

/** Sends a request once, within its deadline, and reads the answer; 3xx answers are errors. The run's pace hears how it went. */
async function sendOnce(
	context: Context,
	service: Service,
	request: ApiRequest,
): Promise<ApiResponse> {
	// A server's Retry-After holds back every request of the run until it has passed.
	const state = runState(context);
	await state.pause(state.retryAfterWait(), SERVER_WAIT);
	const { pace } = state;
	const ticket = await pace.acquire();
	// Overloaded: the server said so (429, 503) or did not answer in time.
	let overloaded = true;
	try {
		state.throwIfCanceled();
		const response = await sendAndRead(context, service, request);
		overloaded = response.statusCode === 429 || response.statusCode === 503;
		return response;
	} catch (error) {
		overloaded =
			!state.cancelSignal?.aborted &&
			(/^(ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT)$/.test(String(codeOf(error))) ||
				['429', '503'].includes(String((error as NodeApiError).httpCode)));
		throw asApiError(context, error);
	} finally {
		pace.finished(ticket, overloaded, overloaded ? state.retryAfterWait() : 0);
	}
}

async function sendAndRead(
	context: Context,
	service: Service,
	request: ApiRequest,
): Promise<ApiResponse> {
	const state = runState(context);
	const credentials = await state.credentialsOf(service.credentialType);
	// A poll's request never outlives the poll's budget.
	const timeout =
		state.endsAt === undefined
			? state.requestSettings.timeout
			: Math.max(1, Math.min(state.requestSettings.timeout, state.endsAt - Date.now()));
	const sent = context.helpers.httpRequestWithAuthentication.call(
		context,
		service.credentialType,
		{
			...wireOptions(request),
			encoding: 'stream',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect would carry the signature or the password to another address: never followed.
			disableFollowRedirect: true,
			timeout,
		},
		{
			credentialsDecrypted: {
				id: '',
				name: service.credentialType,
				type: service.credentialType,
				data: credentials,
			},
		},
	) as Promise<SentResponse>;
	const { response, text } = await readWithinDeadline(
		context,
		service,
		sent,
		timeout,
		credentials,
		request.itemIndex,
	);
	const headers = response.headers ?? {};
	const statusCode = response.statusCode;
	const refusedWait =
		statusCode === 429 || statusCode === 503
			? state.noteRetryAfter(headers['retry-after'])
			: undefined;
	if (refusedWait !== undefined) {
		// Not a transient failure any more: no retry would come sooner than the server allows.
		const tooLong = new NodeApiError(context.getNode(), { statusCode } as JsonObject, {
			httpCode: String(statusCode),
			itemIndex: request.itemIndex,
			message: `${service.name} answered HTTP ${statusCode} and asked to wait ${Math.ceil(refusedWait / 1000)} s before trying again: longer than the request's Timeout (${state.requestSettings.timeout / 1000} s), so the item fails now`,
			description:
				'Try again later, or raise "Timeout" in the node\'s options to wait that long (up to 10 minutes).',
		});
		tooLong.context.final = true;
		throw tooLong;
	}
	if (statusCode >= 300 && statusCode < 400) {
		throw new NodeApiError(context.getNode(), { statusCode } as JsonObject, {
			httpCode: String(statusCode),
			itemIndex: request.itemIndex,
			message: `${service.name} redirected the request (HTTP ${statusCode})`,
			description: `Redirects are not followed (they would carry the credential to another address). Check the ${service.urlField} of the credential: the server points to ${serverText(String(headers.location ?? 'another address'), credentials, service)}.`,
		});
	}
	return { statusCode, headers, text };
}

/**
 * The answer to `sent`, read in full within one deadline for the request's whole life, connect to
 * last byte (a trickling server cannot hold it), which n8n's Stop ends too. An answer that comes
 * after the deadline is dropped unread. One deadline and plain stream listeners: this runs for
 * every request.
 */
async function readWithinDeadline(
	context: Context,
	service: Service,
	sent: Promise<SentResponse>,
	timeout: number,
	credentials: ICredentialDataDecryptedObject,
	itemIndex?: number,
): Promise<{ response: SentResponse; text: string }> {
	const state = runState(context);
	const { cancelSignal } = state;
	return await new Promise((resolve, reject) => {
		let body: AnswerStream | undefined;
		let size = 0;
		let done = false;
		const chunks: Uint8Array[] = [];
		const finish = (error: unknown, response?: SentResponse) => {
			if (done) return;
			done = true;
			deadline.removeEventListener('abort', expired);
			cancelSignal?.removeEventListener('abort', canceled);
			state.answerBytesHeld -= size;
			if (response) return resolve({ response, text: Buffer.concat(chunks).toString('utf8') });
			body?.destroy();
			reject(error);
		};
		const canceled = () => finish(state.canceledError());
		const expired = () => {
			const error = timedOut(context, service, timeout, itemIndex);
			finish(body ? error : networkError(context, service, credentials, error, itemIndex));
		};
		// A timeout signal (n8n's rules for community nodes forbid their own timers); the listener goes
		// when the answer is read, so nothing of it stays reachable from the signal's timer.
		const deadline = AbortSignal.timeout(timeout);
		deadline.addEventListener('abort', expired, { once: true });
		sent.then(
			(response) => {
				if (done) return response.body.destroy();
				try {
					body = response.body;
					body.on('data', (chunk: unknown) => {
						// A destroyed stream may still hand over what it had buffered: not counted, not kept.
						if (done) return;
						const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
						size += bytes.length;
						state.answerBytesHeld += bytes.length;
						if (state.answerBytesHeld > MAX_RUN_ANSWER_BYTES) {
							return finish(
								new NodeApiError(context.getNode(), {} as JsonObject, {
									itemIndex,
									message: `${service.name}'s answers being read at once passed ${MAX_RUN_ANSWER_BYTES / 1024 / 1024} MB: this one was not read`,
									description: `No run of this node needs that much at once. Check the ${service.urlField} of the credential, or narrow the requests (a filter, a Limit, Items per Batch).`,
								}),
							);
						}
						if (size > MAX_ANSWER_BYTES) {
							return finish(
								new NodeApiError(context.getNode(), {} as JsonObject, {
									itemIndex,
									message: `${service.name} sent an answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB: it was not read`,
									description: `No answer of this API is that large. Check the ${service.urlField} of the credential, or narrow the request (a filter, a Limit).`,
								}),
							);
						}
						chunks.push(bytes);
					});
					body.on('end', () => finish(undefined, response));
					body.on('error', (error: unknown) => finish(error));
					// Closed before its end without an error: an answer cut short is no answer.
					body.on('close', () =>
						finish(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })),
					);
				} catch (error) {
					finish(error); // not an answer stream
				}
			},
			(error: unknown) =>
				finish(
					cancelSignal?.aborted
						? state.canceledError()
						: networkError(context, service, credentials, error, itemIndex),
				),
		);
		// Stop before the request went out: it ends now (the handlers above drop a late answer).
		if (cancelSignal?.aborted) return canceled();
		cancelSignal?.addEventListener('abort', canceled, { once: true });
	});
}

function timedOut(
	context: Context,
	service: Service,
	timeout: number,
	itemIndex?: number,
): NodeApiError {
	const error = new NodeApiError(context.getNode(), {} as JsonObject, {
		itemIndex,
		message: `${service.name} timed out: no complete answer within ${timeout} ms (the request's Timeout)`,
		description:
			'The request was given up. Raise "Timeout" in the node\'s options if the server is slow.',
	});
	// As Node names a timed-out connection: a transient failure whose request may have been applied (see retryPolicy).
	(error as { cause?: unknown }).cause = { code: 'ETIMEDOUT' };
	return error;
}

// Node's codes for a certificate it cannot trust: self-signed (usual on premises), or signed by an
// authority it does not know.
const UNTRUSTED_CERTIFICATE = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

const codeOf = (error: unknown): string | undefined =>
	(error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;

/** A failure before any answer: TLS advice for an untrusted certificate, else n8n's error with its message scrubbed. */
function networkError(
	context: Context,
	service: Service,
	credentials: ICredentialDataDecryptedObject,
	error: unknown,
	itemIndex?: number,
): NodeApiError {
	const code = codeOf(error);
	if (code && UNTRUSTED_CERTIFICATE.has(code)) {
		return new NodeApiError(context.getNode(), { code } as JsonObject, {
			itemIndex,
			message:
				"The server's TLS certificate is not trusted (self-signed, or from an unknown authority)",
			description:
				'If you trust this server, switch on "Ignore SSL Issues (Self-Signed Certificates)" in the credential.',
		});
	}
	const apiError =
		error instanceof NodeApiError
			? error
			: new NodeApiError(context.getNode(), error as JsonObject, { itemIndex });
	apiError.message = serverText(apiError.message, credentials, service);
	if (apiError.description)
		apiError.description = serverText(apiError.description, credentials, service);
	if (itemIndex !== undefined) apiError.context.itemIndex ??= itemIndex;
	return apiError;
}

// Any service's authentication values: Basic and Bearer pairs, and what follows an Authorization name.
const HEADER_VALUES = [
	/\b(Basic|Bearer)\s+[A-Za-z0-9+/._~-]+=*/gi,
	/((?:authorization)["']?\s*[:=]\s*["']?)[^\s"'<>,;]+/gi,
];

/** The forms a proxy or an HTML page may echo a secret in: as is, URL-encoded, HTML-escaped. */
function echoForms(secret: string): string[] {
	const html = secret
		.replace(/&/g, '&amp;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;');
	return [
		secret,
		encodeURIComponent(secret),
		encodeURIComponent(encodeURIComponent(secret)),
		html,
		html.replace(/&#39;/g, '&#x27;'),
	];
}

/** A Basic pair's forms: base64 with and without padding, base64url, each URL-encoded too. */
function basicForms(username: string, password: string): string[] {
	const base64 = Buffer.from(`${username}:${password}`).toString('base64');
	const unpadded = base64.replace(/=+$/, '');
	const url = unpadded.replace(/\+/g, '-').replace(/\//g, '_');
	return [...new Set([base64, unpadded, url].flatMap((form) => [form, encodeURIComponent(form)]))];
}

/** The shortest end of a cut text that is hidden when it begins a secret (the rest was cut off). */
const HIDDEN_PREFIX = 4;

/**
 * Server text fit to show: scrubbed first, then cut to `maxLength` characters. The credential's
 * secrets (as is, URL-encoded, HTML-escaped), its Basic pair (base64 with or without padding,
 * base64url, URL-encoded) and any Authorization or token value are hidden; so is the start of a
 * secret that the cut leaves at the end. A proxy that echoes the request's headers into its error
 * page must not put them into an item that flows on.
 */
export function serverText(
	text: string,
	credentials: ICredentialDataDecryptedObject,
	service: Service,
	maxLength = MAX_SERVER_TEXT,
): string {
	// Far more than is shown, so that a secret cut here is cut off below too.
	const cutFirst = text.length > MAX_SERVER_TEXT * 4;
	let shown = cutFirst ? text.slice(0, MAX_SERVER_TEXT * 4) : text;
	const secrets = service.secretFields
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string' && value.length >= 3)
		.flatMap(echoForms);
	if (typeof credentials.username === 'string' && typeof credentials.password === 'string') {
		secrets.push(...basicForms(credentials.username, credentials.password));
	}
	// Longest first, so that no form is left half hidden by a shorter one inside it.
	secrets.sort((a, b) => b.length - a.length);
	for (const secret of secrets) shown = shown.split(secret).join('[hidden]');
	for (const pattern of [...service.secretPatterns, ...HEADER_VALUES]) {
		shown = shown.replace(pattern, (_match, prefix: unknown) =>
			typeof prefix === 'string' && /[:=]/.test(prefix) ? `${prefix}[hidden]` : '[hidden]',
		);
	}
	if (shown.length <= maxLength && !cutFirst) return shown;
	let cut = shown.slice(0, maxLength);
	for (const secret of secrets) {
		for (let length = Math.min(secret.length - 1, cut.length); length >= HIDDEN_PREFIX; length--) {
			if (cut.endsWith(secret.slice(0, length))) {
				cut = cut.slice(0, cut.length - length) + '[hidden]';
				break;
			}
		}
	}
	return cut + '…';
}
