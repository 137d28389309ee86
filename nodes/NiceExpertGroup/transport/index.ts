import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { credentialsOnce, noteRetryAfter } from '../../shared/requestPacing';
import { requestSettings, withRetries } from '../../shared/retries';
import { withTlsAdvice } from '../../shared/tls';
import { parseXml } from '../helpers/xml';

export interface ExpertRequest {
	qs?: IDataObject;
	/** An XML document, sent as application/xml. */
	body?: string;
	itemIndex?: number;
	/** What the request is about, for error messages: `group "Sales"`, `group 12`. */
	subject?: string;
	/** False for a create: it is never simply sent again (the caller checks what the failed attempt did). */
	idempotent?: boolean;
}

// What the user should do about each status Expert documents.
const STATUS_HINTS: Record<number, (subject: string) => string> = {
	400: () => 'Expert rejected the request as invalid',
	401: () => 'Expert did not accept the credentials: check the username and password, or the token key, secret and user',
	403: () => 'Expert refused: the credential\'s user needs administrator (ADMIN) rights',
	404: (subject) => `Expert found no ${subject}`,
	409: (subject) => `Expert refused: there is already a ${subject}`,
	501: () => 'Expert refused: this cannot be done to a group of an external authentication service (it cannot be renamed)',
};

/**
 * Sends a request to {site}/@api/deki/{path} (authenticated by the credential) and returns the parsed
 * XML. A transient failure is retried (the node's Request Options), unless `idempotent` is false.
 */
export async function expertApiRequest(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	method: IHttpRequestMethods,
	path: string,
	request: ExpertRequest = {},
): Promise<IDataObject> {
	const send = async () => await sendOnce.call(this, method, path, request);
	return request.idempotent === false ? await send() : await withRetries(this, send);
}

async function sendOnce(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	method: IHttpRequestMethods,
	path: string,
	{ qs, body, itemIndex, subject = 'such resource' }: ExpertRequest,
): Promise<IDataObject> {
	const credentials = await credentialsOnce(this, 'niceExpertApi');
	const { timeout } = requestSettings(this);
	const response = await withTlsAdvice(this, itemIndex, async () =>
		await this.helpers.httpRequestWithAuthentication.call(
			this,
			'niceExpertApi',
			{
				method,
				url: path,
				// authenticate=true: bad credentials get a 401 instead of quietly acting as the anonymous user.
				qs: { authenticate: true, ...qs },
				body,
				headers: body === undefined ? undefined : { 'Content-Type': 'application/xml' },
				encoding: 'text',
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// No redirects: credentials go to the site URL only, and following one costs time on every request.
				disableFollowRedirect: true,
				timeout,
			},
			credentials,
		),
	);
	const statusCode = response.statusCode as number;
	if (statusCode === 429 || statusCode === 503) noteRetryAfter(this, response.headers?.['retry-after']);
	const text = typeof response.body === 'string' ? response.body : '';

	if (statusCode < 200 || statusCode >= 300) {
		const error = readErrorDocument(text);
		const hint =
			STATUS_HINTS[statusCode]?.(subject) ??
			(statusCode >= 300 && statusCode < 400
				? `Expert redirected the request to ${String(response.headers?.location ?? 'another address')}: check the Site URL of the credential`
				: `Expert answered HTTP ${statusCode}`);
		throw new NodeApiError(this.getNode(), { statusCode, ...error } as JsonObject, {
			httpCode: String(statusCode),
			itemIndex,
			message: `${hint} (HTTP ${statusCode})`,
			description: error.message ? `The server said: ${error.message}` : undefined,
		});
	}
	return text.trim() === '' ? {} : parseXml(text);
}

/** <error><status/><title/><message/></error>, or nothing usable. */
function readErrorDocument(text: string): IDataObject {
	try {
		const error = parseXml(text).error as IDataObject | undefined;
		if (error && typeof error === 'object') {
			return { title: error.title, message: error.message };
		}
	} catch {
		// Not XML (a proxy's HTML page, say): the status code alone must do.
	}
	return {};
}
