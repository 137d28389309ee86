import type { IAdditionalCredentialOptions, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

// Per node run: the decrypted credentials, fetched once instead of once per request (n8n decrypts
// them on every httpRequestWithAuthentication call otherwise), and when a server's Retry-After
// lets the next request go.

const credentials = new WeakMap<Context, Promise<IAdditionalCredentialOptions>>();
const resumeAt = new WeakMap<Context, number>();

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

/** Notes a Retry-After header (seconds or an HTTP date): no request of this run starts before it. */
export function noteRetryAfter(context: Context, header: unknown): void {
	if (header === undefined || header === null || header === '') return;
	const text = String(header);
	const milliseconds = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - Date.now();
	if (Number.isFinite(milliseconds) && milliseconds > 0) {
		const until = Date.now() + Math.min(milliseconds, 10 * 60 * 1000);
		resumeAt.set(context, Math.max(resumeAt.get(context) ?? 0, until));
	}
}

/** How long to wait before the next request, to honour a Retry-After. */
export function retryAfterWait(context: Context): number {
	return Math.max(0, (resumeAt.get(context) ?? 0) - Date.now());
}
