import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

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
 * Sends one request to the CMS open API (signed by the credential) and returns the envelope.
 * Application errors come back as HTTP 200 with another resultCode: those are errors too.
 */
export async function cmsApiRequest(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	method: IHttpRequestMethods,
	endpoint: string,
	body?: IDataObject,
	itemIndex?: number,
): Promise<CmsResponse> {
	const response = await this.helpers.httpRequestWithAuthentication.call(this, 'huaweiCmsApi', {
		method,
		url: API_ROOT + endpoint,
		body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	});
	const statusCode = response.statusCode as number;
	const data = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as CmsResponse;
	const errorContext = { statusCode, ...data } as JsonObject;

	if (statusCode === 401) {
		throw new NodeApiError(this.getNode(), errorContext, {
			httpCode: '401',
			itemIndex,
			message: 'The CMS rejected the signature (HTTP 401)',
			description:
				'Check the Access Key (AK) and Secret Key (SK) of the credential, and the clock of the n8n host: the signature carries a UTC timestamp that the server accepts only within a few minutes of its own time.',
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
		throw new NodeApiError(this.getNode(), errorContext, {
			itemIndex,
			message: code
				? `CMS error ${code}: ${resultCodeMeaning(code)}`
				: `The CMS answered ${endpoint} without a resultCode`,
			description: typeof detail === 'string' && detail ? `The server said: ${detail}` : undefined,
		});
	}
	return data;
}
