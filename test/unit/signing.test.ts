import { HuaweiCmsApi } from '../../credentials/HuaweiCmsApi.credentials';
import { NiceExpertApi } from '../../credentials/NiceExpertApi.credentials';
import {
	c2Authorization,
	c2CanonicalRequest,
	c2Normalize,
	c2Timestamp,
	dekiToken,
} from '../../credentials/signing';

// The vectors below are not the code's own output: the C2 one is the one ../shared/reference/huawei-cms.md
// gives, computed there with Huawei's own Java signer (SignInfo in Huawei's public CloudIPCC "hpsdemo"
// repository); the X-Deki-Token one is the one ../shared/reference/nice-expert.md gives, computed from the
// formula of MindTouch's public examples (CXOneExpertExamples: HMAC-SHA256 of key_epoch_user).
describe('Huawei C2 auth-v2 signing (reference test vector)', () => {
	const request = {
		method: 'POST',
		path: '/rest/cmsapp/v1/openapi/qcrelationconf/updategroup',
		query: [] as Array<[string, string]>,
		headers: { host: '10.0.0.1:28443' },
		body: '{"ccId":1,"vdn":113,"id":"159832671551117675139418726647","groupName":"g1"}',
	};

	it('builds the canonical request byte for byte', () => {
		expect(c2CanonicalRequest(request)).toBe(
			'POST\n/rest/cmsapp/v1/openapi/qcrelationconf/updategroup\nhost\nhost:10.0.0.1%3A28443\n%7B%22ccId%22%3A1%2C%22vdn%22%3A113%2C%22id%22%3A%22159832671551117675139418726647%22%2C%22groupName%22%3A%22g1%22%7D',
		);
	});

	it('produces the reference Authorization header', () => {
		expect(c2Authorization('myAK', 'mySK', '2024-01-01T00:00:00Z', request)).toBe(
			'auth-v2/myAK/2024-01-01T00:00:00Z/host/5992a895fddcd9a0867398401d1bdbf1468b2a373e5f91e1e2cbcfe7a68bf05e',
		);
	});

	it('adds a query line only when there is a query, sorted and normalized', () => {
		const withQuery = c2CanonicalRequest({
			...request,
			method: 'GET',
			body: '',
			query: [
				['b', 'x y'],
				['a', ''],
			],
		});
		expect(withQuery.split('\n')).toEqual([
			'GET',
			'/rest/cmsapp/v1/openapi/qcrelationconf/updategroup',
			'a=&b=x%20y',
			'host',
			'host:10.0.0.1%3A28443',
			'',
		]);
		expect(c2CanonicalRequest({ ...request, body: '' }).split('\n')).toHaveLength(5);
	});

	it('signs several headers by lower-case name, sorted, each with its own value (the reference: "lower-cased, sorted, joined with ;")', () => {
		const twoHeaders = {
			...request,
			headers: { Host: '10.0.0.1:28443', 'Content-Type': 'application/json;charset=UTF-8' },
		};
		expect(c2CanonicalRequest(twoHeaders).split('\n').slice(2, 5)).toEqual([
			'content-type;host',
			'content-type:application%2Fjson%3Bcharset%3DUTF-8',
			'host:10.0.0.1%3A28443',
		]);
		expect(c2Authorization('myAK', 'mySK', '2024-01-01T00:00:00Z', twoHeaders)).toMatch(
			/^auth-v2\/myAK\/2024-01-01T00:00:00Z\/content-type;host\/[0-9a-f]{64}$/,
		);
	});

	it('normalizes every byte but the unreserved ones, in upper-case hex', () => {
		expect(c2Normalize("A-z_0.9~ !'()*+/é")).toBe('A-z_0.9~%20%21%27%28%29%2A%2B%2F%C3%A9');
	});

	it('formats the timestamp in UTC without milliseconds', () => {
		expect(c2Timestamp(new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 999)))).toBe('2024-01-01T00:00:00Z');
	});
});

describe('Expert server API token (reference test vector)', () => {
	it('matches the reference X-Deki-Token', () => {
		expect(dekiToken('abc', 's3cr3t', '=admin', 1700000000)).toBe(
			'tkn_abc_1700000000_=admin_b3099388e8e0964baf2f17b98f6dfe5f2675298d6f49e0a99b06ab9430938d87',
		);
	});

	it('URI-encodes a user name with reserved characters, and keeps numeric ids', () => {
		expect(dekiToken('abc', 's3cr3t', '=jane doe', 1700000000)).toMatch(
			/^tkn_abc_1700000000_=jane%20doe_[0-9a-f]{64}$/,
		);
		expect(dekiToken('abc', 's3cr3t', '42', 1700000000)).toMatch(
			/^tkn_abc_1700000000_42_[0-9a-f]{64}$/,
		);
	});
});

describe('the Huawei credential signs the query it sends', () => {
	it('encodes the query itself (empty values kept, null and undefined left out), and signs exactly those bytes', async () => {
		const signed = await new HuaweiCmsApi().authenticate(
			{ baseUrl: 'https://10.0.0.1:28443', accessKey: 'myAK', secretKey: 'mySK' },
			{ url: 'qcrelationconf/x', qs: { b: 'x y', a: '', n: null, u: undefined, k: 5 } },
		);
		expect(signed.url).toBe(
			'https://10.0.0.1:28443/rest/cmsapp/v1/openapi/qcrelationconf/x?b=x%20y&a=&k=5',
		);
		const authorization = String(signed.headers!.Authorization);
		const timestamp = authorization.split('/')[2];
		// No method given: signed as the GET it is sent as.
		expect(authorization).toBe(
			c2Authorization('myAK', 'mySK', timestamp, {
				method: 'GET',
				path: '/rest/cmsapp/v1/openapi/qcrelationconf/x',
				query: [
					['b', 'x y'],
					['a', ''],
					['k', '5'],
				],
				headers: { host: '10.0.0.1:28443' },
				body: '',
			}),
		);
	});

	it('keeps the headers the caller sets (an HTTP Request node call), adds the JSON Content-Type and the Host, and signs the Host', async () => {
		const signed = await new HuaweiCmsApi().authenticate(
			{ baseUrl: 'https://10.0.0.1:28443', accessKey: 'myAK', secretKey: 'mySK' },
			{ url: 'qcrelationconf/x', headers: { Accept: 'application/json' } },
		);
		expect(signed.headers).toMatchObject({
			Accept: 'application/json',
			'Content-Type': 'application/json;charset=UTF-8',
			Host: '10.0.0.1:28443',
		});
		expect(String(signed.headers!.Authorization)).toMatch(
			/^auth-v2\/myAK\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\/host\/[0-9a-f]{64}$/,
		);
	});

	it('signs a null body as the empty body it is sent as', async () => {
		const signed = await new HuaweiCmsApi().authenticate(
			{ baseUrl: 'https://10.0.0.1:28443', accessKey: 'myAK', secretKey: 'mySK' },
			{ url: 'qcrelationconf/x', method: 'POST', body: null },
		);
		expect(signed.body).toBeUndefined();
		const authorization = String(signed.headers!.Authorization);
		expect(authorization).toBe(
			c2Authorization('myAK', 'mySK', authorization.split('/')[2], {
				method: 'POST',
				path: '/rest/cmsapp/v1/openapi/qcrelationconf/x',
				query: [],
				headers: { host: '10.0.0.1:28443' },
				body: '',
			}),
		);
	});
});

// The HTTP Request node (a custom API call with one of these credentials) and n8n 1.x's credential
// test give the URL as the legacy `uri`, with the legacy words for redirects and certificates.
describe('a request in the legacy options (uri)', () => {
	const expert = { siteUrl: 'https://site.example', username: 'admin', password: 'pw' };
	const cms = { baseUrl: 'https://10.0.0.1:28443', accessKey: 'myAK', secretKey: 'mySK' };
	const legacy = (uri: string) => ({ uri, method: 'GET' }) as unknown as { url: string };

	it.each([
		['Expert', () => new NiceExpertApi().authenticate(expert, legacy('users/current'))],
		['Huawei', () => new HuaweiCmsApi().authenticate(cms, legacy('qcrelationconf/x'))],
	])('%s: is sent to the resolved address, never following a redirect', async (_name, sign) => {
		const signed = (await sign()) as unknown as Record<string, unknown>;
		expect(signed.uri).toBe(signed.url);
		expect(signed.url).toMatch(
			/^https:\/\/(site\.example\/@api\/deki\/users\/current|10\.0\.0\.1:28443\/rest\/cmsapp\/v1\/openapi\/qcrelationconf\/x)$/,
		);
		expect(signed).toMatchObject({
			followRedirect: false,
			followAllRedirects: false,
			disableFollowRedirect: true,
			skipSslCertificateValidation: false,
		});
		expect(signed).not.toHaveProperty('rejectUnauthorized');
	});

	it('skips the certificate check in both words only when the credential says so', async () => {
		const signed = (await new NiceExpertApi().authenticate(
			{ ...expert, ignoreSslIssues: true },
			legacy('users/current'),
		)) as unknown as Record<string, unknown>;
		expect(signed).toMatchObject({ rejectUnauthorized: false, skipSslCertificateValidation: true });
		const modern = (await new NiceExpertApi().authenticate(
			{ ...expert, ignoreSslIssues: true },
			{ url: 'users/current' },
		)) as unknown as Record<string, unknown>;
		expect(modern).not.toHaveProperty('uri');
		expect(modern).not.toHaveProperty('rejectUnauthorized');
		expect(modern.skipSslCertificateValidation).toBe(true);
	});
});
