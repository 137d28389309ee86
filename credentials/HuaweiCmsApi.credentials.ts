import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { c2Authorization, c2Normalize, c2Timestamp } from './signing';

/** Resolves a node's relative URL against the credential's base URL (keeping any path prefix). */
function resolveUrl(baseUrl: string, url: string): URL {
	if (/^https?:\/\//i.test(url)) return new URL(url);
	return new URL(baseUrl.replace(/\/+$/, '') + '/' + url.replace(/^\/+/, ''));
}

export class HuaweiCmsApi implements ICredentialType {
	name = 'huaweiCmsApi';

	displayName = 'Huawei AICC CMS API';

	icon: Icon = { light: 'file:../icons/huaweiCms.svg', dark: 'file:../icons/huaweiCms.dark.svg' };

	documentationUrl =
		'https://support.huaweicloud.com/intl/en-us/api-aicc/aicc_api_cec_07_0003.html';

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
				'The call center the nodes use when a node sets no Call Center ID but needs one (to list groups). Usually the Default Call Center ID of AICC\'s Parameter Settings.',
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
		const target = resolveUrl(
			String(requestOptions.baseURL || credentials.baseUrl),
			requestOptions.url,
		);
		const query = Object.entries(requestOptions.qs ?? {})
			.filter(([, value]) => value !== undefined && value !== null)
			.map(([key, value]): [string, string] => [key, String(value)]);
		// Our own encoding of the query, so the bytes on the wire are the bytes we signed.
		target.search = query.map(([key, value]) => `${c2Normalize(key)}=${c2Normalize(value)}`).join('&');

		const { body } = requestOptions;
		const bodyText = body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
		const headers: Record<string, string> = { ...(requestOptions.headers as Record<string, string>) };
		if (bodyText) headers['Content-Type'] = 'application/json;charset=UTF-8';
		headers.Host = target.host;
		headers.Authorization = c2Authorization(
			String(credentials.accessKey),
			String(credentials.secretKey),
			c2Timestamp(new Date()),
			{ method: requestOptions.method ?? 'GET', path: target.pathname, query, headers: { host: target.host }, body: bodyText },
		);

		return {
			...requestOptions,
			url: target.href,
			baseURL: undefined,
			qs: undefined,
			body: bodyText || undefined,
			headers,
			skipSslCertificateValidation: credentials.ignoreSslIssues === true,
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/rest/cmsapp/v1/ping',
			method: 'POST',
			body: { say: 'Hello world!' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'The CMS refused the signature: check the Access Key (AK), the Secret Key (SK) and the clock of the n8n host',
				},
			},
		],
	};
}
