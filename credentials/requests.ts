import type { IAuthenticateRuleResponseCode, IHttpRequestOptions } from 'n8n-workflow';

// What both credentials do to every request, the nodes' and the credential test's alike.

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
