import type { IDataObject, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { expertUnauthenticatedRequest } from '../../../credentials/NiceExpertApi.credentials';
import type { Context } from '../../shared/runState';
import {
	type ApiResponse,
	type RetryPolicy,
	type Service,
	DONE_BY_EARLIER_ATTEMPT,
	SAFE_TO_REPEAT,
	apiRequest,
	httpStatus,
	serverText,
} from '../../shared/transport';
import { readDocument } from '../helpers/xml';

export const EXPERT: Service = {
	credentialType: 'niceExpertApi',
	name: 'Expert',
	urlField: 'Site URL',
	urlProperty: 'siteUrl',
	secretFields: ['password', 'tokenKey', 'tokenSecret'],
	// The X-Deki-Token value (a server token's signature), as a proxy might echo it or its header.
	secretPatterns: [/tkn_[^\s"'<>]+/g, /((?:x-deki-token)["']?\s*[:=]\s*["']?)[^\s"'<>,;]+/gi],
	unsigned: expertUnauthenticatedRequest,
};

export interface ExpertRequest {
	qs?: IDataObject;
	/** An XML document, sent as application/xml. */
	body?: string;
	/** The root element the answer must have ("group", "groups", "users", "roles"), or "nothing" for an empty answer. */
	expect: string;
	itemIndex?: number;
	/** What the request is about, for error messages: `group named "Sales"`, `group with ID 12`. */
	subject?: string;
}

// What the user should do about each status Expert documents.
const STATUS_HINTS: Record<number, (subject: string) => string> = {
	400: () => 'Expert rejected the request as invalid',
	401: () =>
		'Expert did not accept the credentials: check the username and password, or the token key, secret and user',
	403: () => "Expert refused: the credential's user needs administrator (ADMIN) rights",
	404: (subject) => `Expert found no ${subject}`,
	409: (subject) => `Expert refused: there is already a ${subject}`,
	501: () =>
		'Expert refused: this cannot be done to a group of an external authentication service (it cannot be renamed)',
};

/**
 * Sends a request to {site}/@api/deki/{path} (authenticated by the credential) and returns the
 * parsed XML answer, which must be the document the call documents. The request is safe to repeat.
 */
export async function expertApiRequest(
	this: Context,
	method: IHttpRequestMethods,
	path: string,
	request: ExpertRequest,
): Promise<IDataObject> {
	return (await expertApiRequestWithPolicy.call(
		this,
		SAFE_TO_REPEAT,
		method,
		path,
		request,
	)) as IDataObject;
}

/** The same, for a create or a delete: its retry policy may find the work done by an earlier attempt. */
export async function expertApiRequestWithPolicy(
	this: Context,
	policy: RetryPolicy,
	method: IHttpRequestMethods,
	path: string,
	request: ExpertRequest,
): Promise<IDataObject | typeof DONE_BY_EARLIER_ATTEMPT> {
	const { qs, body, itemIndex } = request;
	const sent = {
		method,
		// authenticate=true: bad credentials get a 401 instead of quietly acting as the anonymous user.
		// In the path, not the query options: n8n's helper then has one option less to encode.
		path: `${path}?authenticate=true`,
		qs,
		body,
		headers: body === undefined ? undefined : { 'Content-Type': 'application/xml' },
		itemIndex,
		write: method !== 'GET',
	};
	return await apiRequest(
		this,
		EXPERT,
		sent,
		(response, credentials) => {
			const shown = (text: string, maxLength?: number) =>
				serverText(text, credentials, EXPERT, maxLength);
			return readAnswer(this, response, path, request, shown);
		},
		policy,
	);
}

function readAnswer(
	context: Context,
	response: ApiResponse,
	path: string,
	request: ExpertRequest,
	shown: (text: string, maxLength?: number) => string,
): IDataObject {
	const { statusCode, text } = response;
	const { itemIndex, subject = 'such resource', expect } = request;
	if (statusCode < 200 || statusCode >= 300) {
		const error = readDocument(text, 'error');
		const hint = STATUS_HINTS[statusCode]?.(subject);
		const said =
			typeof error?.error === 'object' ? (error.error as IDataObject).message : undefined;
		throw new NodeApiError(context.getNode(), { statusCode } as JsonObject, {
			httpCode: String(statusCode),
			itemIndex,
			message: hint ? `${hint} (HTTP ${statusCode})` : `Expert answered ${httpStatus(statusCode)}`,
			description: typeof said === 'string' && said ? `The server said: ${shown(said)}` : undefined,
		});
	}
	if (expect === 'nothing' ? text.trim() === '' : true) {
		const document = expect === 'nothing' ? {} : readDocument(text, expect);
		if (document) return document;
	}
	// A 2xx that is not Expert's answer: a login page, a single-page app, another API.
	throw new NodeApiError(context.getNode(), {} as JsonObject, {
		itemIndex,
		message: `Expert's answer to ${path} is not ${expect === 'nothing' ? 'the empty answer' : `the <${expect}> document`} this call returns (HTTP ${statusCode})`,
		description: `The Site URL of the credential probably does not point at Expert's API (a proxy's or single sign-on login page?). Nothing is known to have changed. The answer began: ${shown(text, 200) || '(empty)'}`,
	});
}
