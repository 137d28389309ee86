import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestMethods, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { type PreviewedRequest, Previewed, notePreviewed, previewOnly, previewedRequest } from './preview';
import { type RetryPolicy, asApiError, withRetryPolicy, DONE_BY_EARLIER_ATTEMPT } from './retryPolicy';
import { type Context, credentialsOnce, noteRetryAfter, paceOf, requestSettings, retryAfterWait } from './runState';

// The one road every request of both nodes takes to the wire: the run's decrypted credentials, a
// deadline for the request's whole life, a cap on the answer's size, no redirects, Retry-After
// noted, TLS advice, server text cut short and scrubbed of secrets, and the retry policy. Each
// vendor's transport only reads what its answers mean.

/** What differs between the two services, as far as this pipeline is concerned. */
export interface Service {
	credentialType: string;
	/** How messages name the server: "The CMS", "Expert". */
	name: string;
	/** The credential field that holds the server's address, for errors that ask to check it. */
	urlField: string;
	/** Credential fields whose values must never appear in an error (Basic pairs are scrubbed too). */
	secretFields: string[];
	/** The credential's own resolution of a request, all but its authentication (what Preview Only shows). */
	unsigned: (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) => IHttpRequestOptions;
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
/** How much server text an error carries. */
export const MAX_SERVER_TEXT = 1000;

interface AnswerStream {
	[Symbol.asyncIterator](): AsyncIterator<unknown>;
	destroy(error?: Error): void;
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

/** A request as it goes on the wire (the credential's resolution, without authentication): for Preview Only. */
async function previewed(context: Context, service: Service, request: ApiRequest, sent: boolean): Promise<PreviewedRequest> {
	const resolved = service.unsigned(await credentialsOnce(context, service.credentialType), wireOptions(request));
	return previewedRequest(context, service.credentialType, resolved, sent);
}

/** Sends a request once, within its deadline, and reads the answer; 3xx answers are errors. The run's pace hears how it went. */
export async function sendOnce(context: Context, service: Service, request: ApiRequest): Promise<ApiResponse> {
	// A server's Retry-After holds back every request of the run until it has passed.
	const wait = retryAfterWait(context);
	if (wait > 0) await sleep(wait);
	const pace = paceOf(context);
	const ticket = await pace.acquire();
	// Overloaded: the server said so (429, 503) or did not answer in time.
	let overloaded = true;
	try {
		const response = await sendAndRead(context, service, request);
		overloaded = response.statusCode === 429 || response.statusCode === 503;
		return response;
	} catch (error) {
		overloaded = /^(ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT)$/.test(String(codeOf(error)));
		throw asApiError(context, error);
	} finally {
		pace.finished(ticket, overloaded);
	}
}

async function sendAndRead(context: Context, service: Service, request: ApiRequest): Promise<ApiResponse> {
	const credentials = await credentialsOnce(context, service.credentialType);
	const { timeout } = requestSettings(context);
	// One deadline for the request's whole life, connect to last byte: a trickling server cannot hold it.
	const deadline = AbortSignal.timeout(timeout);
	const expired = () => timedOut(context, service, timeout, request.itemIndex);

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
		{ credentialsDecrypted: { id: '', name: service.credentialType, type: service.credentialType, data: credentials } },
	) as Promise<{ statusCode: number; headers?: Record<string, unknown>; body: AnswerStream }>;

	let response;
	try {
		response = await beforeDeadline(sent, deadline, expired);
	} catch (error) {
		// An answer that comes after the deadline is dropped unread.
		sent.then((late) => late.body.destroy(), () => undefined);
		throw networkError(context, service, credentials, error, request.itemIndex);
	}
	const headers = response.headers ?? {};
	const text = await beforeDeadline(readAnswer(context, service, response.body, deadline, request.itemIndex), deadline, expired);
	const statusCode = response.statusCode;
	if (statusCode === 429 || statusCode === 503) noteRetryAfter(context, headers['retry-after']);
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

/** Sends a request with a retry policy; `interpret` turns each answer into the result or an error. */
export async function apiRequest<T>(
	context: Context,
	service: Service,
	request: ApiRequest,
	interpret: (response: ApiResponse, credentials: ICredentialDataDecryptedObject) => T,
	policy: RetryPolicy,
): Promise<T | typeof DONE_BY_EARLIER_ATTEMPT> {
	const preview = previewOnly(context);
	if (preview && request.write) {
		throw new Previewed(context, await previewed(context, service, request, false));
	}
	const answer = await withRetryPolicy(context, policy, async () => {
		const response = await sendOnce(context, service, request);
		return interpret(response, await credentialsOnce(context, service.credentialType));
	});
	if (preview) notePreviewed(context, request.itemIndex, await previewed(context, service, request, true));
	return answer;
}

async function readAnswer(
	context: Context,
	service: Service,
	stream: AnswerStream,
	deadline: AbortSignal,
	itemIndex?: number,
): Promise<string> {
	const chunks: Uint8Array[] = [];
	let size = 0;
	const stop = () => stream.destroy(new Error('The request passed its Timeout'));
	deadline.addEventListener('abort', stop, { once: true });
	try {
		for await (const chunk of stream) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
			size += bytes.length;
			if (size > MAX_ANSWER_BYTES) {
				stream.destroy();
				throw new NodeApiError(context.getNode(), {} as JsonObject, {
					itemIndex,
					message: `${service.name} sent an answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB: it was not read`,
					description: `No answer of this API is that large. Check the ${service.urlField} of the credential, or narrow the request (a filter, a Limit).`,
				});
			}
			chunks.push(bytes);
		}
	} finally {
		deadline.removeEventListener('abort', stop);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/**
 * `work`, or the deadline's error if it passes first. The listener goes when the work ends, so nothing
 * of an answer stays reachable from the deadline's timer (which lives on for the whole Timeout).
 */
async function beforeDeadline<T>(work: Promise<T>, deadline: AbortSignal, expired: () => NodeApiError): Promise<T> {
	return await new Promise<T>((resolve, reject) => {
		const abort = () => reject(expired());
		if (deadline.aborted) return abort();
		deadline.addEventListener('abort', abort, { once: true });
		work.then(
			(value) => {
				deadline.removeEventListener('abort', abort);
				resolve(value);
			},
			(error: unknown) => {
				deadline.removeEventListener('abort', abort);
				reject(error);
			},
		);
	});
}

function timedOut(context: Context, service: Service, timeout: number, itemIndex?: number): NodeApiError {
	const error = new NodeApiError(context.getNode(), {} as JsonObject, {
		itemIndex,
		message: `${service.name} timed out: no complete answer within ${timeout} ms (the request's Timeout)`,
		description: 'The request was given up. Raise "Timeout" in the node\'s options if the server is slow.',
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
			message: "The server's TLS certificate is not trusted (self-signed, or from an unknown authority)",
			description: 'If you trust this server, switch on "Ignore SSL Issues (Self-Signed Certificates)" in the credential.',
		});
	}
	const apiError = error instanceof NodeApiError ? error : new NodeApiError(context.getNode(), error as JsonObject, { itemIndex });
	apiError.message = serverText(apiError.message, credentials, service);
	if (apiError.description) apiError.description = serverText(apiError.description, credentials, service);
	if (itemIndex !== undefined) apiError.context.itemIndex ??= itemIndex;
	return apiError;
}

const HEADER_VALUES = [
	/auth-v2\/[^\s"'<>]+/g, // C2 Authorization
	/tkn_[^\s"'<>]+/g, // X-Deki-Token
	/\b(Basic|Bearer)\s+[A-Za-z0-9+/._~-]+=*/gi,
	/((?:authorization|x-deki-token)["']?\s*[:=]\s*["']?)[^\s"'<>,;]+/gi,
];

/**
 * Server text fit to show: at most MAX_SERVER_TEXT characters, with the credential's secrets (and
 * their Basic encodings) and any Authorization / X-Deki-Token value hidden. A proxy that echoes the
 * request's headers into its error page must not put them into an item that flows on.
 */
export function serverText(text: string, credentials: ICredentialDataDecryptedObject, service: Service): string {
	let shown = text.length > MAX_SERVER_TEXT * 4 ? text.slice(0, MAX_SERVER_TEXT * 4) : text;
	const secrets = service.secretFields.map((field) => credentials[field]).filter((value): value is string => typeof value === 'string' && value.length >= 3);
	if (typeof credentials.username === 'string' && typeof credentials.password === 'string') {
		secrets.push(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
	}
	for (const secret of secrets) shown = shown.split(secret).join('[hidden]');
	for (const pattern of HEADER_VALUES) {
		shown = shown.replace(pattern, (_match, prefix: unknown) => (typeof prefix === 'string' && /[:=]/.test(prefix) ? `${prefix}[hidden]` : '[hidden]'));
	}
	return shown.length > MAX_SERVER_TEXT ? shown.slice(0, MAX_SERVER_TEXT) + '…' : shown;
}
