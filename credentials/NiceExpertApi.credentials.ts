import type {
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { apiUrl, redirectRules, requestedUrl, securedRequest } from '../nodes/shared/transport';
import { dekiToken } from './signing';

/** Where the API lives under the Site URL. */
export const EXPERT_API_ROOT = '/@api/deki/';

/** What Expert would receive for this request, without its Basic pair or token (Preview Only shows it). */
export function expertUnauthenticatedRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const url = apiUrl(
		String(credentials.siteUrl),
		EXPERT_API_ROOT,
		requestedUrl(requestOptions),
	).href;
	return securedRequest(
		{ ...requestOptions, headers: { ...requestOptions.headers } },
		url,
		credentials.ignoreSslIssues === true,
	);
}

/** Expert's token user: a user ID as is, a username (even one of digits only) as "=username". */
function tokenUser(user: string, givenAs: unknown): string {
	const trimmed = user.trim();
	if (givenAs !== 'id') return '=' + trimmed.replace(/^=/, '');
	if (!/^\d{1,10}$/.test(trimmed))
		throw new Error(
			`Act as User must be a numeric user ID when it is given as a user ID (got "${trimmed.slice(0, 40)}")`,
		);
	return trimmed;
}

export class NiceExpertApi implements ICredentialType {
	name = 'niceExpertApi';

	displayName = 'NICE CXone Expert API';

	icon: Icon = { light: 'file:../icons/niceExpert.svg', dark: 'file:../icons/niceExpert.dark.svg' };

	// The HTTP Request node can use this credential for calls the node does not cover.
	httpRequestNode = {
		name: 'NICE CXone Expert',
		docsUrl: 'https://expert-help.nice.com/Integrations/API',
		apiBaseUrlPlaceholder: 'https://success.example.com/@api/deki/',
	};

	// The package's own page: what each field means, with the vendors' API pages linked from there.
	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-huawei-nice-groups#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Site URL',
			name: 'siteUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://success.example.com',
			description: 'Address of the Expert site, without /@api/deki',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Basic (Username and Password)', value: 'basic' },
				{ name: 'Server API Token', value: 'serverToken' },
			],
			default: 'basic',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { authentication: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			required: true,
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['basic'] } },
		},
		{
			displayName: 'Token Key',
			name: 'tokenKey',
			type: 'string',
			required: true,
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['serverToken'] } },
		},
		{
			displayName: 'Token Secret',
			name: 'tokenSecret',
			type: 'string',
			required: true,
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['serverToken'] } },
		},
		{
			displayName: 'Act as User',
			name: 'actAsUser',
			type: 'string',
			required: true,
			default: 'admin',
			placeholder: 'admin',
			// n8n reads a value that starts with "=" as an expression, so the "=" of Expert's "=username" is added here.
			description:
				'The Expert user the token acts as: a username, or a numeric user ID (say which below)',
			displayOptions: { show: { authentication: ['serverToken'] } },
		},
		{
			displayName: 'Act as User Is',
			name: 'actAsUserType',
			type: 'options',
			options: [
				{
					name: 'Username',
					value: 'username',
					description: 'Also when the username is made of digits',
				},
				{ name: 'User ID', value: 'id', description: "The user's numeric ID" },
			],
			default: 'username',
			displayOptions: { show: { authentication: ['serverToken'] } },
		},
		{
			displayName: 'Ignore SSL Issues (Self-Signed Certificates)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description: 'Whether to connect even if the server certificate cannot be validated',
		},
	];

	// Nodes send paths relative to the API root ({site}/@api/deki/); a token is valid ~5 minutes, so each request gets a fresh one.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const authenticated = expertUnauthenticatedRequest(credentials, requestOptions);
		if (credentials.authentication === 'serverToken') {
			authenticated.headers!['X-Deki-Token'] = dekiToken(
				String(credentials.tokenKey),
				String(credentials.tokenSecret),
				tokenUser(String(credentials.actAsUser), credentials.actAsUserType),
				Math.floor(Date.now() / 1000),
			);
		} else {
			authenticated.auth = {
				username: String(credentials.username),
				password: String(credentials.password),
			};
		}
		return authenticated;
	}

	test: ICredentialTestRequest = {
		request: {
			url: 'users/current',
			qs: { authenticate: true, 'dream.out.format': 'json' },
		},
		// authenticate=true makes Expert answer 401 rather than serve the anonymous user.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Expert did not accept the credentials: check the username and password, or the token key, secret and user',
				},
			},
			...redirectRules('Site URL'),
			// n8n reads rules of both kinds from one list (its type asks for one kind): a success as the anonymous user fails the test.
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'username',
					value: 'Anonymous',
					message:
						'Expert answered as the anonymous user: the credentials were not applied (a proxy in between?). Check the Site URL.',
				},
			} as unknown as IAuthenticateRuleResponseCode,
		],
	};
}
