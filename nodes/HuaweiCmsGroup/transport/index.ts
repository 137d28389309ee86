import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { cmsUnsignedRequest } from '../../../credentials/HuaweiCmsApi.credentials';
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
import { CONTRADICTION, type CmsResponse, effectiveResultCode } from '../helpers/envelope';
import { SUCCESS_CODE, resultCodeMeaning } from '../helpers/resultCodes';
import { type CmsCall, withFieldLabels } from './calls';

export const CMS: Service = {
	credentialType: 'huaweiCmsApi',
	name: 'The CMS',
	urlField: 'Base URL',
	urlProperty: 'baseUrl',
	secretFields: ['secretKey'],
	// The C2 Authorization value, as a proxy might echo it.
	secretPatterns: [/auth-v2(?:\/|%2F)[^\s"'<>]+/gi],
	unsigned: cmsUnsignedRequest,
};

/**
 * Makes a call of the CMS open API (see CMS_CALLS; signed by the credential) and returns its
 * envelope. Application errors come back as HTTP 200 with another resultCode: those are errors too.
 * The call is safe to repeat.
 */
export async function cmsApiRequest(
	this: Context,
	call: CmsCall,
	values: IDataObject,
	itemIndex?: number,
): Promise<CmsResponse> {
	return (await cmsApiRequestWithPolicy.call(
		this,
		SAFE_TO_REPEAT,
		call,
		values,
		itemIndex,
	)) as CmsResponse;
}

/** The same, for a create or a delete: its retry policy may find the work done by an earlier attempt. */
export async function cmsApiRequestWithPolicy(
	this: Context,
	policy: RetryPolicy,
	call: CmsCall,
	values: IDataObject,
	itemIndex?: number,
): Promise<CmsResponse | typeof DONE_BY_EARLIER_ATTEMPT> {
	const get = call.method === 'GET';
	const request = {
		method: call.method,
		path: get
			? call.path.replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name]))
			: call.path,
		body: get ? undefined : JSON.stringify(values),
		headers: { Accept: 'application/json' },
		itemIndex,
		write: call.write,
	};
	return await apiRequest(
		this,
		CMS,
		request,
		(response, credentials) =>
			readEnvelope(
				this,
				response,
				call.attempt(values),
				(text, maxLength) => serverText(text, credentials, CMS, maxLength),
				itemIndex,
			),
		policy,
	);
}

/** The envelope of an answer; an error that leads with the server's cause and what was tried (`attempt`) otherwise. */
function readEnvelope(
	context: Context,
	response: ApiResponse,
	attempt: string,
	shown: (text: string, maxLength?: number) => string,
	itemIndex?: number,
): CmsResponse {
	const { statusCode, headers, text } = response;
	if (statusCode === 401) throw signatureRefused(context, String(headers.date ?? ''), itemIndex);
	if (statusCode < 200 || statusCode >= 300) {
		throw new NodeApiError(context.getNode(), { statusCode } as JsonObject, {
			httpCode: String(statusCode),
			itemIndex,
			message: `The CMS answered ${httpStatus(statusCode)} when asked to ${attempt}`,
			description: text.trim() ? shown(text) : undefined,
		});
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		data = undefined;
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new NodeApiError(context.getNode(), {} as JsonObject, {
			itemIndex,
			message: `The CMS answered with something other than its JSON envelope (HTTP ${statusCode}) when asked to ${attempt}`,
			description: `The Base URL of the credential probably does not point at the CMS open API (a proxy's login page?). The answer began: ${shown(text, 200) || '(empty)'}`,
		});
	}
	const envelope = data as CmsResponse;
	const code = effectiveResultCode(envelope);
	if (code !== SUCCESS_CODE) {
		const detail = envelope.resultDesc ?? envelope.description;
		const cause =
			typeof detail === 'string' && detail.trim()
				? `: ${withFieldLabels(shown(detail.trim()))}`
				: '';
		const odd = code === undefined || code === CONTRADICTION;
		const apiError = new NodeApiError(context.getNode(), {} as JsonObject, {
			itemIndex,
			message:
				code === CONTRADICTION
					? `The CMS's answer contradicts itself when asked to ${attempt}: resultCode ${SUCCESS_CODE} (success), but returnCode ${shown(String(envelope.returnCode), 40)} (failed)${cause}`
					: code === undefined
						? `The CMS's answer has no result code when asked to ${attempt}${cause}`
						: `The CMS refused to ${attempt}${cause} (CMS error ${code}: ${resultCodeMeaning(code)})`,
			description: odd
				? 'The answer is not what this API documents, so it is not taken for success: the change may or may not have been made. Check in the CMS, and the Base URL of the credential.'
				: `CMS error ${code} means: ${resultCodeMeaning(code)}. The cause above is the server's own text.`,
		});
		apiError.context.resultCode = code;
		throw apiError;
	}
	return envelope;
}

/** 401: the signature was refused. The server's Date header tells a clock problem apart from wrong keys. */
function signatureRefused(context: Context, serverDate: string, itemIndex?: number): NodeApiError {
	const serverTime = Date.parse(serverDate);
	const skewMinutes = Number.isFinite(serverTime)
		? Math.round((Date.now() - serverTime) / 60000)
		: 0;
	const skewed = Math.abs(skewMinutes) >= 2;
	return new NodeApiError(context.getNode(), { statusCode: 401 } as JsonObject, {
		httpCode: '401',
		itemIndex,
		message: skewed
			? `The CMS rejected the signature (HTTP 401): this n8n host's clock is ${Math.abs(skewMinutes)} minutes ${skewMinutes > 0 ? 'ahead of' : 'behind'} the server's`
			: 'The CMS rejected the signature (HTTP 401)',
		description: skewed
			? "The signature carries a UTC timestamp that the server accepts only within a few minutes of its own time: set the n8n host's clock right (NTP)."
			: 'Check the Access Key (AK) and Secret Key (SK) of the credential, and the clock of the n8n host: the signature carries a UTC timestamp that the server accepts only within a few minutes of its own time.',
	});
}
