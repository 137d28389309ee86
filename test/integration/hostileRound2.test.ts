import { HostileServer } from '../hostile/server';
import { runWorkflow } from '../harness/engine';
import {
	EXPERT_PASSWORD,
	HUAWEI_SK,
	byId,
	expertBasicCredentials,
	expertNode,
	huaweiCredentials,
	huaweiNode,
} from './fixtures';

// Hostile answers and inputs, round 2: echoes of secrets in the forms a proxy or an HTML page
// gives them, user info in a credential's address, and a server that asks to wait too long.

const server = new HostileServer();
beforeAll(async () => {
	await server.start();
});
beforeEach(() => server.reset());
afterAll(async () => await server.stop());

const expert = (overrides = {}) => expertBasicCredentials({ url: server.url } as never, overrides);
const cms = (overrides = {}) => huaweiCredentials({ url: server.url } as never, overrides);
const basic = Buffer.from(`admin:${EXPERT_PASSWORD}`).toString('base64');

describe('secrets echoed by a server never reach an item', () => {
	it.each([
		['the Basic value URL-encoded', `Basic%20${encodeURIComponent(basic)}`],
		['the Basic value without its padding', basic.replace(/=+$/, '')],
		[
			'the Basic value as base64url',
			basic.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
		],
		['the password URL-encoded', encodeURIComponent(EXPERT_PASSWORD)],
	])('%s, in an HTML page', async (_form, echoed) => {
		server.answer = (_request, res) =>
			void res
				.writeHead(200, { 'Content-Type': 'text/html' })
				.end(`<html><body>login as ${echoed} please</body></html>`);
		const result = await runWorkflow(
			expertNode({ operation: 'get', group: byId(5), options: { retries: 0 } }, true),
			expert(),
		);
		const shown = JSON.stringify(result.output('NICE Expert Group'));
		expect(shown).toContain('[hidden]');
		expect(shown).not.toContain(echoed);
	});

	it('a password with HTML characters, HTML-escaped in a page', async () => {
		server.answer = (_request, res) =>
			void res
				.writeHead(200, { 'Content-Type': 'text/html' })
				.end('<input value="p@ss&quot;w&amp;rd">');
		const result = await runWorkflow(
			expertNode({ operation: 'get', group: byId(5), options: { retries: 0 } }, true),
			expert({ password: 'p@ss"w&rd' }),
		);
		const shown = JSON.stringify(result.output('NICE Expert Group'));
		expect(shown).toContain('value=\\"[hidden]');
		expect(shown).not.toContain('p@ss');
	});

	it('a secret near the cut is hidden before the text is cut: no start of it is left at the end', async () => {
		for (const at of [180, 190, 195, 198]) {
			server.reset();
			server.answer = (_request, res) =>
				void res
					.writeHead(200, { 'Content-Type': 'text/html' })
					.end(`${'x'.repeat(at)}password=${EXPERT_PASSWORD}&more`);
			const result = await runWorkflow(
				expertNode({ operation: 'get', group: byId(5), options: { retries: 0 } }, true),
				expert(),
			);
			const shown = String(result.output('NICE Expert Group')![0].message);
			for (let length = 4; length <= EXPERT_PASSWORD.length; length++) {
				expect(shown).not.toContain(`password=${EXPERT_PASSWORD.slice(0, length)}`);
			}
		}
	});

	it('the SK HTML-escaped in a CMS answer', async () => {
		const sk = `${HUAWEI_SK}&"<>`;
		server.answer = (_request, res) =>
			void res
				.writeHead(502)
				.end(
					`proxy saw key=${sk.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`,
				);
		const result = await runWorkflow(
			huaweiNode(
				{
					operation: 'update',
					vdn: 1,
					groupId: byId('1'),
					groupName: 'x',
					options: { retries: 0 },
				},
				true,
			),
			cms({ secretKey: sk }),
		);
		const shown = JSON.stringify(result.output('Huawei CMS Group'));
		expect(shown).toContain('key=[hidden]');
		expect(shown).not.toContain(HUAWEI_SK);
	});
});

describe("a credential's address with a user name or password", () => {
	it.each([
		[
			'Expert',
			() => expertNode({ operation: 'get', group: byId(5) }),
			() => expert({ siteUrl: server.url.replace('//', '//proxyuser:proxy-secret@') }),
			'Site URL',
		],
		[
			'Huawei (Preview Only)',
			() => huaweiNode({ operation: 'delete', vdn: 1, groupId: byId('1'), previewOnly: true }),
			() => cms({ baseUrl: server.url.replace('//', '//proxyuser:proxy-secret@') }),
			'Base URL',
		],
	])(
		'%s: refused before any request, the secret shown nowhere',
		async (_node, workflow, credentials, field) => {
			const result = await runWorkflow(workflow(), credentials());
			expect(result.error?.message).toBe(
				`The ${field} of the credential carries a user name or password ("user:secret@host"): nothing was sent`,
			);
			expect(server.requests).toEqual([]);
			expect(JSON.stringify(result.run)).not.toContain('proxy-secret');
		},
	);
});

describe('a server that asks to wait longer than the Timeout', () => {
	it('fails the item at once, saying how long it asked, and sends no retry', async () => {
		server.answer = (_request, res) =>
			void res.writeHead(503, { 'Retry-After': '600' }).end('busy');
		const started = Date.now();
		const result = await runWorkflow(
			expertNode({ operation: 'get', group: byId(5), options: { timeout: 1000 } }, true),
			expert(),
		);
		expect(Date.now() - started).toBeLessThan(3000);
		expect(result.output('NICE Expert Group')![0].error).toBe(
			"Expert answered HTTP 503 and asked to wait 600 s before trying again: longer than the request's Timeout (1 s), so the item fails now",
		);
		expect(server.requests).toHaveLength(1);
	});

	it('a wait within the Timeout is honoured as before', async () => {
		let count = 0;
		server.answer = (_request, res) =>
			void (count++ === 0
				? res.writeHead(503, { 'Retry-After': '1' }).end('busy')
				: res
						.writeHead(200, { 'Content-Type': 'application/xml' })
						.end(
							'<group id="5"><groupname>G</groupname><permissions.group><role id="3">Viewer</role></permissions.group></group>',
						));
		const started = Date.now();
		const result = await runWorkflow(expertNode({ operation: 'get', group: byId(5) }), expert());
		expect(result.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(server.requests).toHaveLength(2);
	});
});
