import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { apiUrl, redirectRules, requestedUrl, securedRequest } from '../nodes/shared/transport';
import { c2Authorization, c2Normalize, c2Timestamp } from './signing';

/** Where the qcrelationconf open API lives under the credential's Base URL. */
export const CMS_API_ROOT = '/rest/cmsapp/v1/openapi/';

/** A request as it goes on the wire, all but its signature: the URL (our own encoding of the query), the body's text, the headers. */
function cmsWire(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) {
	const target = apiUrl(String(credentials.baseUrl), CMS_API_ROOT, requestedUrl(requestOptions));
	const query = Object.entries(requestOptions.qs ?? {})
		.filter(([, value]) => value !== undefined && value !== null)
		.map(([key, value]): [string, string] => [key, String(value)]);
	// Our own encoding of the query, so the bytes on the wire are the bytes we signed.
	target.search = query
		.map(([key, value]) => `${c2Normalize(key)}=${c2Normalize(value)}`)
		.join('&');

	const { body } = requestOptions;
	const bodyText =
		body === undefined || body === null
			? ''
			: typeof body === 'string'
				? body
				: JSON.stringify(body);
	const headers: Record<string, string> = { ...(requestOptions.headers as Record<string, string>) };
	// Huawei lists this header as mandatory on every call, GET included.
	headers['Content-Type'] = 'application/json;charset=UTF-8';
	headers.Host = target.host;
	const request = securedRequest(
		{ ...requestOptions, qs: undefined, body: bodyText || undefined, headers },
		target.href,
		credentials.ignoreSslIssues === true,
	);
	return { target, query, bodyText, request };
}

/** What the CMS would receive for this request, without the signature (Preview Only shows it). */
export const cmsUnsignedRequest = (
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions => cmsWire(credentials, requestOptions).request;

export class HuaweiCmsApi implements ICredentialType {
	name = 'huaweiCmsApi';

	displayName = 'Huawei AICC CMS API';

	icon: Icon = { light: 'file:../icons/huaweiCms.svg', dark: 'file:../icons/huaweiCms.dark.svg' };

	// The HTTP Request node can use this credential for calls the node does not cover (signed the same way).
	httpRequestNode = {
		name: 'Huawei AICC CMS',
		docsUrl: 'https://support.huaweicloud.com/intl/en-us/api-aicc/aicc_api_cec_07_0003.html',
		apiBaseUrlPlaceholder: 'https://10.0.0.1:28443/rest/cmsapp/v1/openapi/',
	};

	// The package's own page: what each field means, with the vendors' API pages linked from there.
	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-huawei-nice-groups#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://10.0.0.1:28443',
			description:
				'Address of the CC-CMS server, or of the NSLB that maps it: https://ip:port (no path)',
		},
		{
			displayName: 'Access Key (AK)',
			name: 'accessKey',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Secret Key (SK)',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Default Call Center ID',
			name: 'defaultCcId',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 1, maxValue: 65535, numberPrecision: 0 },
			description:
				"The call center the nodes use when a node sets no Call Center ID but needs one (to list groups). Usually the Default Call Center ID of AICC's Parameter Settings.",
		},
		{
			displayName: 'VDN for the Connection Test',
			name: 'testVdn',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 1, maxValue: 99999, numberPrecision: 0 },
			description:
				"The credential test lists this VDN's groups (in the Default Call Center ID). Any VDN proves the keys: the CMS answers a wrong one with a result code, and a refused signature with HTTP 401.",
		},
		{
			displayName: 'Ignore SSL Issues (Self-Signed Certificates)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the server certificate cannot be validated (on-premises CC-CMS usually has a self-signed one)',
		},
	];

	// C2 auth-v2: sign the exact path, query, Host and body bytes that are sent.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { target, query, bodyText, request } = cmsWire(credentials, requestOptions);
		request.headers!.Authorization = c2Authorization(
			String(credentials.accessKey),
			String(credentials.secretKey),
			c2Timestamp(new Date()),
			{
				method: requestOptions.method ?? 'GET',
				path: target.pathname,
				query,
				headers: { host: target.host },
				body: bodyText,
			},
		);
		return request;
	}

	// A documented call (the group list): any 200 proves the signature, whatever its resultCode.
	test: ICredentialTestRequest = {
		request: {
			url: '=qcrelationconf/queryallccgroup/{{$credentials.defaultCcId}}/{{$credentials.testVdn}}',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The CMS refused the signature: check the Access Key (AK), the Secret Key (SK) and the clock of the n8n host',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No CMS open API at this address (HTTP 404): check the Base URL, or the NSLB mapping to CC-CMS',
				},
			},
			...redirectRules('Base URL'),
		],
	};
}
