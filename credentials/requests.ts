import type { IAuthenticateRuleResponseCode } from 'n8n-workflow';

// What both credentials do to every request, the nodes' and the credential test's alike.

/**
 * A node's request URL: a path is relative to the service's API root under the credential's
 * address (any path prefix of that address is kept); an absolute URL is left alone.
 */
export function apiUrl(address: string, apiRoot: string, url: string): URL {
	if (/^https?:\/\//i.test(url)) return new URL(url);
	return new URL(address.trim().replace(/\/+$/, '') + apiRoot + url.replace(/^\/+/, ''));
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
