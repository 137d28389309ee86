import { createHmac, timingSafeEqual } from 'crypto';

import { EmulatorServer, type ReceivedRequest, type Reply } from './server';

// A small model of Huawei AICC CC-CMS's qcrelationconf API: C2 (auth-v2) signatures verified
// independently of the credential's code, groups kept in memory, the documented JSON envelope.

export interface CmsGroup {
	id: string;
	vdn: number;
	ccId: number;
	groupName: string;
	groupType: number;
	remark: string;
}

export interface HuaweiCmsEmulatorOptions {
	/** AK -> SK pairs the server accepts. */
	keys?: Record<string, string>;
	/** Accepted clock skew of a signature timestamp, in seconds. */
	skewSeconds?: number;
	/** Shifts the server's clock (to test stale signatures). */
	clockOffsetMs?: number;
	defaultCcId?: number;
}

const OPENAPI = '/rest/cmsapp/v1/openapi/qcrelationconf/';
const SUCCESS = '0100000';
const INVALID_PARAMETER = '0100002';

/** normalize(): every UTF-8 byte but A-Z a-z 0-9 - . _ ~ as upper-case %XX (written byte by byte on purpose). */
function normalize(text: string): string {
	let out = '';
	for (const byte of Buffer.from(text, 'utf8')) {
		const char = String.fromCharCode(byte);
		out += /[A-Za-z0-9\-._~]/.test(char) ? char : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
	}
	return out;
}

const hexHmac = (key: string, message: string) => createHmac('sha256', key).update(message).digest('hex');

export class HuaweiCmsEmulator extends EmulatorServer {
	readonly groups = new Map<string, CmsGroup>();

	readonly keys: Record<string, string>;

	skewSeconds: number;

	clockOffsetMs: number;

	readonly defaultCcId: number;

	private nextId = 159832671551117675139418726647n;

	constructor(options: HuaweiCmsEmulatorOptions = {}) {
		super();
		this.keys = options.keys ?? { demoAK: 'demoSK' };
		this.skewSeconds = options.skewSeconds ?? 300;
		this.clockOffsetMs = options.clockOffsetMs ?? 0;
		this.defaultCcId = options.defaultCcId ?? 1;
	}

	addGroup(group: Partial<CmsGroup> & { vdn: number; groupName: string }): CmsGroup {
		const created: CmsGroup = {
			id: String(this.nextId++),
			ccId: this.defaultCcId,
			groupType: 3,
			remark: '',
			...group,
		};
		this.groups.set(created.id, created);
		return created;
	}

	protected handle(request: ReceivedRequest): Reply {
		const authError = this.verifySignature(request);
		if (authError) return { status: 401, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error: authError }) };

		const path = request.url.split('?')[0];
		let body: Record<string, unknown>;
		try {
			body = request.body ? JSON.parse(request.body) : {};
		} catch {
			return envelope(INVALID_PARAMETER, 'The request body is not JSON');
		}
		if (path === '/rest/cmsapp/v1/ping' && request.method === 'POST') return envelope(SUCCESS, 'Hello world!');
		if (path === OPENAPI + 'updategroup' && request.method === 'POST') return this.updateGroup(body);
		return { status: 404, headers: { 'Content-Type': 'application/json' }, body: '{"error":"Not Found"}' };
	}

	private updateGroup(body: Record<string, unknown>): Reply {
		const problem =
			checkCcId(body.ccId) ??
			(Number.isInteger(body.vdn) ? undefined : 'vdn must be an integer') ??
			(typeof body.id === 'string' && body.id ? undefined : 'id must be a non-empty string') ??
			(typeof body.groupName === 'string' && body.groupName ? undefined : 'groupName must be a non-empty string') ??
			(body.remark === undefined || typeof body.remark === 'string' ? undefined : 'remark must be a string');
		if (problem) return envelope(INVALID_PARAMETER, problem);
		const ccId = (body.ccId as number | undefined) ?? this.defaultCcId;
		const group = this.groups.get(body.id as string);
		if (!group || group.vdn !== body.vdn || group.ccId !== ccId) {
			return envelope(INVALID_PARAMETER, 'The user group does not exist');
		}
		group.groupName = body.groupName as string;
		if (body.remark !== undefined) group.remark = body.remark as string;
		return envelope(SUCCESS, 'Updated successfully');
	}

	/** Returns why the signature is refused, or undefined when it is good. */
	private verifySignature(request: ReceivedRequest): string | undefined {
		const match = /^auth-v2\/([^/]+)\/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\/([^/]+)\/([0-9a-f]{64})$/.exec(
			String(request.headers.authorization ?? ''),
		);
		if (!match) return 'missing or malformed Authorization';
		const [, accessKey, timestamp, signedHeaders, signature] = match;
		const secretKey = this.keys[accessKey];
		if (secretKey === undefined) return 'unknown AK';
		const skew = Math.abs(Date.parse(timestamp) - (Date.now() + this.clockOffsetMs)) / 1000;
		if (skew > this.skewSeconds) return 'stale or future timestamp';
		const headerNames = signedHeaders.split(';');
		if (!headerNames.includes('host')) return 'host must be signed';

		const [path, rawQuery] = request.url.split(/\?(.*)/s);
		const canonical = [request.method, path];
		if (rawQuery) {
			const pairs = rawQuery.split('&').map((pair) => {
				const [key, value = ''] = pair.split('=');
				return `${normalize(decodeURIComponent(key))}=${normalize(decodeURIComponent(value))}`;
			});
			canonical.push(pairs.sort().join('&'));
		}
		canonical.push(signedHeaders);
		canonical.push(headerNames.map((name) => `${normalize(name)}:${normalize(String(request.headers[name] ?? ''))}`).join('\n'));
		const canonicalRequest = canonical.join('\n') + '\n' + (request.body ? normalize(request.body) : '');

		const signingKey = hexHmac(secretKey, `auth-v2/${accessKey}/${timestamp}/${signedHeaders}`);
		const expected = Buffer.from(hexHmac(signingKey, canonicalRequest));
		return timingSafeEqual(expected, Buffer.from(signature)) ? undefined : 'signature mismatch';
	}
}

function checkCcId(ccId: unknown): string | undefined {
	if (ccId === undefined) return undefined;
	return Number.isInteger(ccId) && (ccId as number) >= 1 && (ccId as number) <= 65535
		? undefined
		: 'ccId must be an integer from 1 to 65535';
}

/** The documented envelope, with the 8.13-compatible fields. */
function envelope(resultCode: string, resultDesc: unknown): Reply {
	return {
		status: 200,
		headers: { 'Content-Type': 'application/json;charset=UTF-8' },
		body: JSON.stringify({
			returnCode: resultCode === SUCCESS ? '0' : resultCode,
			resultCode,
			description: resultDesc,
			resultDesc,
		}),
	};
}
