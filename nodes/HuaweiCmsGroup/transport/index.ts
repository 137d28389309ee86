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
import { SUCCESS_CODE, resultCodeMeaning } from '../helpers/resultCodes';

const API_ROOT = '/rest/cmsapp/v1/openapi/';

/** The CMS envelope; servers of 8.13 and earlier also (or only) send returnCode / description. */
export interface CmsResponse {
	[field: string]: unknown;
	resultCode?: string;
	resultDesc?: unknown;
	returnCode?: string;
	description?: unknown;
}

/** resultCode, or its 8.13-era equivalent ("0" = success) when only returnCode is sent. */
export function effectiveResultCode(response: CmsResponse): string | undefined {
	if (response.resultCode !== undefined) return String(response.resultCode);
	if (response.returnCode !== undefined) return String(response.returnCode) === '0' ? SUCCESS_CODE : String(response.returnCode);
	return undefined;
}

/**
 * Sends a request to the CMS open API (signed by the credential) and returns the envelope.
 * Application errors come back as HTTP 200 with another resultCode: those are errors too.
 * A transient failure is retried (the node's Request Options), unless `idempotent` is false.
 */
export async function cmsApiRequest(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	method: IHttpRequestMethods,
	endpoint: string,
	body?: IDataObject,
	itemIndex?: number,
	idempotent = true,
): Promise<CmsResponse> {
	const send = async () => await sendOnce.call(this, method, endpoint, body, itemIndex);
	return idempotent ? await withRetries(this, send) : await send();
}

async function sendOnce(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	method: IHttpRequestMethods,
	endpoint: string,
	body?: IDataObject,
	itemIndex?: number,
): Promise<CmsResponse> {
	const credentials = await credentialsOnce(this, 'huaweiCmsApi');
	const { timeout } = requestSettings(this);
	const response = await withTlsAdvice(this, itemIndex, async () =>
		await this.helpers.httpRequestWithAuthentication.call(
			this,
			'huaweiCmsApi',
			// No redirects: a signature covers one URL, and following one also costs time on every request.
			{ method, url: API_ROOT + endpoint, body, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true, disableFollowRedirect: true, timeout },
			credentials,
		),
	);
	const statusCode = response.statusCode as number;
	if (statusCode === 429 || statusCode === 503) noteRetryAfter(this, response.headers?.['retry-after']);
	const data = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as CmsResponse;
	const errorContext = { statusCode, ...data } as JsonObject;

	if (statusCode === 401) {
		// The server's Date header tells a clock problem apart from wrong keys.
		const serverTime = Date.parse(String(response.headers?.date ?? ''));
		const skewMinutes = Number.isFinite(serverTime) ? Math.round((Date.now() - serverTime) / 60000) : 0;
		throw new NodeApiError(this.getNode(), errorContext, {
			httpCode: '401',
			itemIndex,
			message:
				Math.abs(skewMinutes) >= 2
					? `The CMS rejected the signature (HTTP 401): this n8n host's clock is ${Math.abs(skewMinutes)} minutes ${skewMinutes > 0 ? 'ahead of' : 'behind'} the server's`
					: 'The CMS rejected the signature (HTTP 401)',
			description:
				Math.abs(skewMinutes) >= 2
					? "The signature carries a UTC timestamp that the server accepts only within a few minutes of its own time: set the n8n host's clock right (NTP)."
					: 'Check the Access Key (AK) and Secret Key (SK) of the credential, and the clock of the n8n host: the signature carries a UTC timestamp that the server accepts only within a few minutes of its own time.',
		});
	}
	if (statusCode >= 300 && statusCode < 400) {
		throw new NodeApiError(this.getNode(), errorContext, {
			httpCode: String(statusCode),
			itemIndex,
			message: `The CMS redirected the request (HTTP ${statusCode})`,
			description: `Check the Base URL of the credential: the server points to ${String(response.headers?.location ?? 'another address')}.`,
		});
	}
	if (statusCode < 200 || statusCode >= 300) {
		throw new NodeApiError(this.getNode(), errorContext, {
			httpCode: String(statusCode),
			itemIndex,
			message: `The CMS answered HTTP ${statusCode} to ${endpoint}`,
			description: typeof response.body === 'string' ? response.body.slice(0, 500) : undefined,
		});
	}

	const code = effectiveResultCode(data);
	if (code !== SUCCESS_CODE) {
		const detail = data.resultDesc ?? data.description;
		const apiError = new NodeApiError(this.getNode(), errorContext, {
			itemIndex,
			message: code
				? `CMS error ${code}: ${resultCodeMeaning(code)}`
				: `The CMS answered ${endpoint} without a resultCode`,
			description: typeof detail === 'string' && detail ? `The server said: ${detail}` : undefined,
		});
		apiError.context.resultCode = code;
		throw apiError;
	}
	return data;
}

export interface CmsGroupRecord {
	id: string;
	groupName: string;
	groupType: number;
	remark?: string;
}

/** The data of a query: in resultDesc, or in description on servers of 8.13 and earlier. */
export function resultData(response: CmsResponse): IDataObject[] {
	const data = Array.isArray(response.resultDesc) ? response.resultDesc : response.description;
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}

/** The credential's Default Call Center ID, for the calls whose path needs one (from the run's one decryption). */
export async function defaultCallCenterId(this: IExecuteFunctions | ILoadOptionsFunctions): Promise<number> {
	const { credentialsDecrypted } = await credentialsOnce(this, 'huaweiCmsApi');
	return Number(credentialsDecrypted?.data?.defaultCcId ?? 1) || 1;
}

/** Every group of a VDN (GET queryallccgroup/{ccId}/{vdn}). */
export async function listGroups(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	ccId: number,
	vdn: number,
	itemIndex?: number,
): Promise<CmsGroupRecord[]> {
	const response = await cmsApiRequest.call(this, 'GET', `qcrelationconf/queryallccgroup/${ccId}/${vdn}`, undefined, itemIndex);
	return resultData(response).map((group) => ({
		id: String(group.id),
		groupName: String(group.groupName ?? ''),
		groupType: Number(group.groupType),
		remark: group.remark === undefined ? undefined : String(group.remark),
	}));
}

/** A write's output: short ({ success, resultCode, resultDesc, ...fields }) or the raw envelope with the fields. */
export function writeResult(response: CmsResponse, fields: IDataObject, simplify: boolean): IDataObject {
	if (!simplify) return { ...fields, ...(response as IDataObject) };
	return {
		success: true,
		resultCode: effectiveResultCode(response) ?? SUCCESS_CODE,
		resultDesc: (typeof response.resultDesc === 'string' ? response.resultDesc : response.description) ?? '',
		...fields,
	};
}
