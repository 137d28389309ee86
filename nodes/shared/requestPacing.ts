import type { IAdditionalCredentialOptions, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

// Per node run: the decrypted credentials, fetched once instead of once per request (n8n decrypts
// them on every httpRequestWithAuthentication call otherwise), and the longest Retry-After a server
// asked for, which the next batch waits out.

const credentials = new WeakMap<Context, Promise<IAdditionalCredentialOptions>>();
const retryAfter = new WeakMap<Context, number>();

export async function credentialsOnce(context: Context, type: string): Promise<IAdditionalCredentialOptions> {
	let cached = credentials.get(context);
	if (!cached) {
		cached = context
			.getCredentials(type)
			.then((data) => ({ credentialsDecrypted: { id: '', name: type, type, data } }));
		credentials.set(context, cached);
	}
	return await cached;
}

/** Notes a Retry-After header (seconds or an HTTP date) of a response. */
export function noteRetryAfter(context: Context, header: unknown): void {
	if (header === undefined || header === null || header === '') return;
	const text = String(header);
	const milliseconds = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - Date.now();
	if (Number.isFinite(milliseconds) && milliseconds > 0) {
		retryAfter.set(context, Math.max(retryAfter.get(context) ?? 0, Math.min(milliseconds, 10 * 60 * 1000)));
	}
}

/** The wait a server asked for since the last call, then forgotten. */
export function takeRetryAfter(context: Context): number {
	const milliseconds = retryAfter.get(context) ?? 0;
	retryAfter.delete(context);
	return milliseconds;
}
