import { createHmac } from 'crypto';

const hmacSha256Hex = (key: string, message: string) =>
	createHmac('sha256', key).update(message, 'utf8').digest('hex');

/** Huawei's normalize(): percent-encode every UTF-8 byte except A-Z a-z 0-9 - . _ ~ (upper-case hex). */
export function c2Normalize(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(char) => '%' + char.charCodeAt(0).toString(16).toUpperCase(),
	);
}

/** `yyyy-MM-ddTHH:mm:ssZ`, UTC, no milliseconds. */
export function c2Timestamp(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface C2Request {
	method: string;
	/** Path only, exactly as sent (not normalized). */
	path: string;
	/** Query parameters; an empty list means no query line at all. */
	query: Array<[string, string]>;
	/** Headers to sign, name -> value exactly as sent. */
	headers: Record<string, string>;
	/** The exact body string sent; empty when there is no body. */
	body: string;
}

/** The canonical request of Huawei's C2 auth-v2 (Huawei's C2 authentication page; test/unit/signing.test.ts holds its test vector): the newline layout matters. */
export function c2CanonicalRequest(request: C2Request): string {
	const headerNames = Object.keys(request.headers)
		.map((name) => name.toLowerCase())
		.sort();
	const headerValue = (lowerName: string) =>
		Object.entries(request.headers).find(([name]) => name.toLowerCase() === lowerName)![1];
	const lines = [request.method.toUpperCase(), request.path];
	if (request.query.length > 0) {
		lines.push(
			request.query
				.map(([key, value]) => `${c2Normalize(key)}=${c2Normalize(value)}`)
				.sort()
				.join('&'),
		);
	}
	lines.push(headerNames.join(';'));
	lines.push(
		headerNames.map((name) => `${c2Normalize(name)}:${c2Normalize(headerValue(name))}`).join('\n'),
	);
	return lines.join('\n') + '\n' + (request.body ? c2Normalize(request.body) : '');
}

/** The `Authorization` header value: auth-v2/{AK}/{timestamp}/{signedHeaders}/{signature}. */
export function c2Authorization(
	accessKey: string,
	secretKey: string,
	timestamp: string,
	request: C2Request,
): string {
	const signedHeaders = Object.keys(request.headers)
		.map((name) => name.toLowerCase())
		.sort()
		.join(';');
	const authStringPrefix = `auth-v2/${accessKey}/${timestamp}/${signedHeaders}`;
	const signingKey = hmacSha256Hex(secretKey, authStringPrefix);
	const signature = hmacSha256Hex(signingKey, c2CanonicalRequest(request));
	return `${authStringPrefix}/${signature}`;
}

/**
 * Expert's server API token: tkn_{key}_{epoch}_{user}_{hmac(secret, key_epoch_user)}.
 * `user` is a numeric user id or `=` + user name; a name is URI-encoded (`=admin` stays `=admin`).
 */
export function dekiToken(key: string, secret: string, user: string, epochSeconds: number): string {
	const tokenUser = user.startsWith('=') ? '=' + encodeURIComponent(user.slice(1)) : user;
	const message = `${key}_${epochSeconds}_${tokenUser}`;
	return `tkn_${message}_${hmacSha256Hex(secret, message)}`;
}
