import { Buffer } from 'buffer';
import type { ServerResponse } from 'http';
import type { INodeParameters } from 'n8n-workflow';

import { testCredential } from '../harness/credentialTest';
import { runWorkflow, stopExpressionEngine } from '../harness/engine';
import { HostileServer, huge, json, loginPage, redirectTo, trickle, xml } from '../hostile/server';
import {
	EXPERT_PASSWORD,
	EXPERT_TOKEN_SECRET,
	HUAWEI_SK,
	byId,
	expertBasicCredentials,
	expertNode,
	expertTokenCredentials,
	huaweiCredentials,
	huaweiNode,
} from './fixtures';

// The nodes against servers that are not the APIs they expect, or that misbehave: nothing may be
// taken for a success, no loop may run on, no request may outlive its Timeout, no secret may leak.

const server = new HostileServer();
const elsewhere = new HostileServer();
beforeAll(async () => {
	await server.start();
	await elsewhere.start();
});
beforeEach(() => {
	server.reset();
	elsewhere.reset();
});
afterAll(async () => {
	await Promise.all([server.stop(), elsewhere.stop()]);
	await stopExpressionEngine();
});

const expert = () => expertBasicCredentials({ url: server.url } as never);
const cms = () => huaweiCredentials({ url: server.url } as never);
const NO_RETRIES = { retries: 0 };
const SUCCESS = '0100000';

const GROUP = (id: number, name = `Group ${id}`, role = '<role id="3">Viewer</role>') =>
	`<group id="${id}"><groupname>${name}</groupname><users count="0"/><permissions.group>${role}</permissions.group></group>`;
const GROUPS = (ids: number[], counts = '') =>
	`<groups count="${ids.length}"${counts}>${ids.map((id) => GROUP(id)).join('')}</groups>`;
const range = (from: number, count: number) => Array.from({ length: count }, (_, n) => from + n);
const offsetOf = (url: string) => Number(new URL(url, 'http://x').searchParams.get('offset') ?? 0);

describe("Expert answers that are not Expert's", () => {
	it.each<[string, INodeParameters]>([
		['Group Create', { operation: 'create', name: 'X', role: '' }],
		['Group Get', { operation: 'get', group: byId(5) }],
		['Group Get Many', { operation: 'getAll', returnAll: true }],
		['Group Update', { operation: 'update', group: byId(5), newName: 'Y', role: 'Viewer' }],
		[
			'Group Update (reads the group first)',
			{ operation: 'update', group: byId(5), newName: 'Y', role: '' },
		],
		['Group Delete', { operation: 'delete', group: byId(5) }],
		['Member Add', { resource: 'member', operation: 'add', group: byId(5), userIds: '3' }],
		['Member Set', { resource: 'member', operation: 'set', group: byId(5), userIds: '3' }],
		['Member Remove', { resource: 'member', operation: 'remove', group: byId(5), user: byId(3) }],
		[
			'Member Get Many',
			{ resource: 'member', operation: 'getAll', group: byId(5), returnAll: true },
		],
	])(
		'%s against a login page (HTTP 200): an error that points at the Site URL, never a success',
		async (_operation, parameters) => {
			server.answer = loginPage;
			const result = await runWorkflow(expertNode(parameters), expert());
			expect(result.error?.message).toMatch(
				/^Expert's answer to \S+ is not (the <\w+> document|the empty answer) this call returns \(HTTP 200\)$/,
			);
			expect(result.error?.description).toContain(
				"The Site URL of the credential probably does not point at Expert's API",
			);
			expect(result.error?.description).toContain('<!DOCTYPE html><html>');
			expect(result.output('NICE Expert Group')).toBeUndefined();
			// The update that reads first never sends its PUT.
			expect(
				server.requests.filter((request) => request.method === 'PUT' && parameters.role === ''),
			).toEqual([]);
		},
	);

	it.each([
		['an empty body', ''],
		['another root element', '<users count="0"/>'],
		['a truncated document', '<group id="5"><groupname>A</groupname>'],
		['JSON', '{"group":{"id":5}}'],
	])('Group Get: %s where a <group> is due is an error', async (_case, body) => {
		server.answer = xml(body);
		const result = await runWorkflow(expertNode({ operation: 'get', group: byId(5) }), expert());
		expect(result.error?.message).toBe(
			"Expert's answer to groups/5 is not the <group> document this call returns (HTTP 200)",
		);
	});

	it('Group Get of an empty answer: the error says the answer was empty; the GET carried no Content-Type', async () => {
		server.answer = xml('');
		const result = await runWorkflow(expertNode({ operation: 'get', group: byId(5) }), expert());
		expect(String(result.error?.description)).toMatch(/The answer began: \(empty\)$/);
		expect(server.requests.map((request) => request.headers['content-type'])).toEqual([undefined]);
	});

	it('Group Delete: a line break where Expert sends nothing is the empty answer: deleted', async () => {
		server.answer = xml('\n');
		const result = await runWorkflow(expertNode({ operation: 'delete', group: byId(5) }), expert());
		expect(result.error).toBeUndefined();
		expect(result.output('NICE Expert Group')).toEqual([
			expect.objectContaining({ deleted: true }),
		]);
	});

	it('Group Delete: a body where Expert sends none is an error, not "deleted"', async () => {
		server.answer = xml(GROUP(5));
		const result = await runWorkflow(expertNode({ operation: 'delete', group: byId(5) }), expert());
		expect(result.error?.message).toBe(
			"Expert's answer to groups/5 is not the empty answer this call returns (HTTP 200)",
		);
	});
});

describe('On Error: failed items go where n8n sends them', () => {
	// Item 0 gets Expert's document, item 1 a login page.
	const mixed = () => {
		server.answer = (request, res, count) =>
			count === 1 ? xml(GROUP(5, 'Sales'))(request, res, count) : loginPage(request, res, count);
	};
	const parameters = { operation: 'get', group: byId('={{ $json.id }}') };
	const input = [{ id: 5 }, { id: 6 }];

	it('Continue (using error output): the failed item leaves by the error output, with its input and the error; the good one by the main output', async () => {
		mixed();
		const result = await runWorkflow(expertNode(parameters, 'errorOutput'), expert(), input);
		expect(result.error).toBeUndefined();
		const success = result.items('NICE Expert Group', 0)!;
		const failed = result.items('NICE Expert Group', 1)!;
		expect(success.map((item) => [item.json.id, item.pairedItem])).toEqual([[5, { item: 0 }]]);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(failed[0].json).toMatchObject({
			id: 6, // the input item, as n8n merges it in
			error: "Expert's answer to groups/6 is not the <group> document this call returns (HTTP 200)",
			message: expect.stringContaining('Site URL'),
		});
	});

	it('Continue (using regular output): both items in the one output, in order and paired', async () => {
		mixed();
		const result = await runWorkflow(expertNode(parameters, true), expert(), input);
		const items = result.items('NICE Expert Group')!;
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.id).toBe(5);
		expect(items[1].json).toEqual({
			error: "Expert's answer to groups/6 is not the <group> document this call returns (HTTP 200)",
			message: expect.stringContaining('Site URL'),
		});
		expect(result.items('NICE Expert Group', 1)).toBeUndefined();
	});

	it('Stop Workflow (the default): the run fails with the item named', async () => {
		mixed();
		const result = await runWorkflow(expertNode(parameters), expert(), input);
		expect(result.error?.message).toBe(
			"Expert's answer to groups/6 is not the <group> document this call returns (HTTP 200)",
		);
		expect((result.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(
			1,
		);
	});

	it('Huawei Member Add (items combined into one request): every item of a failed request leaves by the error output', async () => {
		server.answer = json({ resultCode: '0100002', resultDesc: 'no such group' });
		const result = await runWorkflow(
			huaweiNode(
				{
					resource: 'member',
					operation: 'add',
					vdn: 113,
					groupId: byId('1'),
					workNos: '={{ $json.w }}',
					options: NO_RETRIES,
				},
				'errorOutput',
			),
			cms(),
			[{ w: 1 }, { w: 2 }],
		);
		expect(server.requests).toHaveLength(1);
		expect(result.items('Huawei CMS Group', 0)).toEqual([]);
		expect(
			result
				.items('Huawei CMS Group', 1)!
				.map((item) => [item.json.w, item.json.error, item.pairedItem]),
		).toEqual([
			[
				1,
				'The CMS refused to add work numbers 1, 2 to group 1 in VDN 113: no such group (CMS error 0100002: Invalid parameter)',
				{ item: 0 },
			],
			[
				2,
				'The CMS refused to add work numbers 1, 2 to group 1 in VDN 113: no such group (CMS error 0100002: Invalid parameter)',
				{ item: 1 },
			],
		]);
	});
});

describe('Expert Update never writes what it could not read', () => {
	it.each([
		['no id', GROUP(5).replace(' id="5"', ''), 'has no group ID'],
		['an id that is no number', GROUP(5).replace('id="5"', 'id="undefined"'), 'has no group ID'],
		[
			'two roles',
			GROUP(5, 'A', '<role>Viewer</role><role>Admin</role>'),
			'has 2 roles (a group has exactly one)',
		],
		['no role', GROUP(5, 'A', ''), 'has no role (a group has exactly one)'],
		[
			'an empty role',
			GROUP(5, 'A', '<role></role>'),
			'has an empty role (a group has exactly one)',
		],
		[
			'a role of white space only',
			GROUP(5, 'A', '<role> \n\t</role>'),
			'has an empty role (a group has exactly one)',
		],
	])('a group document with %s stops the item before any PUT', async (_case, document, problem) => {
		server.answer = xml(document);
		const result = await runWorkflow(
			expertNode({ operation: 'update', group: byId(5), newName: 'B', role: '' }),
			expert(),
		);
		expect(result.error?.message).toBe(
			`Expert's answer for the group with ID 5 ${problem}: nothing was changed`,
		);
		expect(result.error?.description).toBe(
			'The update sends back what it keeps (Expert resets the role of a group updated without one), so it stops when it cannot read it. Check the Site URL of the credential.',
		);
		expect(server.requests.map((request) => request.method)).toEqual(['GET']);
	});

	it('a rename with no new name and an unnamed group stops too', async () => {
		server.answer = xml(GROUP(5, ''));
		const result = await runWorkflow(
			expertNode({ operation: 'update', group: byId(5), newName: '', role: 'Admin' }),
			expert(),
		);
		expect(result.error?.message).toBe(
			"Expert's answer for the group with ID 5 has no name: nothing was changed",
		);
		expect(server.requests.map((request) => request.method)).toEqual(['GET']);
	});

	it('an unnamed group given a new name is renamed, its role sent back as read', async () => {
		server.answer = xml(GROUP(5, ''));
		const result = await runWorkflow(
			expertNode({ operation: 'update', group: byId(5), newName: 'Named', role: '' }),
			expert(),
		);
		expect(result.error).toBeUndefined();
		expect(server.requests.map((request) => [request.method, request.body])).toEqual([
			['GET', ''],
			[
				'PUT',
				'<group><name>Named</name><permissions.group><role>Viewer</role></permissions.group></group>',
			],
		]);
	});
});

describe('no request that carries a secret follows a redirect', () => {
	it.each(
		[301, 302, 303, 307, 308].flatMap((status) => [
			['Basic', status, expertBasicCredentials] as const,
			['Server API Token', status, expertTokenCredentials] as const,
		]),
	)(
		'Expert node (%s): a %s is an error naming where it points; the other address gets nothing',
		async (_auth, status, credentials) => {
			server.answer = redirectTo(`${elsewhere.url}/collect`, status);
			const result = await runWorkflow(
				expertNode({ operation: 'get', group: byId(5) }),
				credentials({ url: server.url } as never),
			);
			expect(result.error?.message).toBe(`Expert redirected the request (HTTP ${status})`);
			expect(result.error?.description).toContain(
				`Check the Site URL of the credential: the server points to ${elsewhere.url}/collect`,
			);
			expect(elsewhere.requests).toEqual([]);
			expect(server.requests).toHaveLength(1);
		},
	);

	it.each([
		[300, 'Expert redirected the request (HTTP 300)'],
		[399, 'Expert redirected the request (HTTP 399)'],
		[400, 'Expert rejected the request as invalid (HTTP 400)'],
	])(
		'Expert node: every 3xx is a redirect, from 300 to 399, and nothing else (HTTP %s)',
		async (status, message) => {
			server.answer = (_request, res) => void res.writeHead(status).end();
			const result = await runWorkflow(
				expertNode({ operation: 'get', group: byId(5), options: NO_RETRIES }),
				expert(),
			);
			expect(result.error?.message).toBe(message);
			if (status < 400)
				expect(result.error?.description).toBe(
					'Redirects are not followed (they would carry the credential to another address). Check the Site URL of the credential: the server points to another address.',
				);
		},
	);

	it.each([302, 307, 308])(
		'credential tests (HTTP %s): a failed test naming the address field; the other address gets nothing',
		async (status) => {
			server.answer = redirectTo(`${elsewhere.url}/collect`, status);
			const expertResult = await testCredential(
				'niceExpertApi',
				expertTokenCredentials({ url: server.url } as never),
				expertNode({}),
				'NICE Expert Group',
			);
			const cmsResult = await testCredential(
				'huaweiCmsApi',
				cms(),
				huaweiNode({}),
				'Huawei CMS Group',
			);
			expect(expertResult).toBe(
				`Error: The server redirects to another address (HTTP ${status}): redirects are not followed, so that the credential is not sent there. Check the Site URL.`,
			);
			expect(cmsResult).toBe(
				`Error: The server redirects to another address (HTTP ${status}): redirects are not followed, so that the credential is not sent there. Check the Base URL.`,
			);
			expect(server.requests).toHaveLength(2);
			expect(elsewhere.requests).toEqual([]);
		},
	);
});

describe('credential tests that cannot be fooled', () => {
	it('Expert: a site that answers as the anonymous user (authentication not applied, say by a proxy) fails the test', async () => {
		server.answer = json({ '@id': '2', username: 'Anonymous' });
		expect(
			await testCredential('niceExpertApi', expert(), expertNode({}), 'NICE Expert Group'),
		).toBe(
			'Error: Expert answered as the anonymous user: the credentials were not applied (a proxy in between?). Check the Site URL.',
		);
	});
});

describe('server text in errors is cut short and scrubbed of secrets', () => {
	const BASIC = Buffer.from(`admin:${EXPERT_PASSWORD}`).toString('base64');

	it('Expert: an error page that echoes the Authorization header and the password', async () => {
		server.answer = (request, res) =>
			void res
				.writeHead(500, { 'Content-Type': 'application/xml' })
				.end(
					`<error><status>500</status><message>Rejected ${String(request.headers.authorization)} (password ${EXPERT_PASSWORD})</message></error>`,
				);
		const result = await runWorkflow(
			expertNode({ operation: 'get', group: byId(5), options: NO_RETRIES }, true),
			expert(),
		);
		const item = result.output('NICE Expert Group')![0];
		expect(item.message).toBe('The server said: Rejected Basic [hidden] (password [hidden])');
		expect(JSON.stringify(result.run)).not.toContain(BASIC);
		expect(JSON.stringify(result.run)).not.toContain(EXPERT_PASSWORD);
	});

	it('Expert token: an X-Deki-Token copied into the text is hidden, and so is the token secret', async () => {
		server.answer = (request, res) =>
			void res
				.writeHead(403)
				.end(
					`<error><message>X-Deki-Token: ${String(request.headers['x-deki-token'])} secret=${EXPERT_TOKEN_SECRET}</message></error>`,
				);
		const result = await runWorkflow(
			expertNode({ operation: 'get', group: byId(5) }, true),
			expertTokenCredentials({ url: server.url } as never),
		);
		expect(result.output('NICE Expert Group')![0].message).toBe(
			'The server said: X-Deki-Token: [hidden] secret=[hidden]',
		);
	});

	it('Huawei: a resultDesc that echoes the C2 Authorization and the SK', async () => {
		server.answer = (request, res) =>
			json({
				resultCode: '0100001',
				resultDesc: `signature ${String(request.headers.authorization)} from SK ${HUAWEI_SK}`,
			})(request, res, 0);
		const result = await runWorkflow(
			huaweiNode({ operation: 'update', vdn: 1, groupId: byId('1'), groupName: 'x' }, true),
			cms(),
		);
		expect(result.output('Huawei CMS Group')![0].error).toBe(
			'The CMS refused to update group 1 in VDN 1: signature [hidden] from SK [hidden] (CMS error 0100001: The call failed)',
		);
	});

	it('a long error page is cut to about 1,000 characters', async () => {
		server.answer = (_request, res) => void res.writeHead(502).end('x'.repeat(100000));
		const result = await runWorkflow(
			huaweiNode(
				{ operation: 'update', vdn: 1, groupId: byId('1'), groupName: 'x', options: NO_RETRIES },
				true,
			),
			cms(),
		);
		expect(result.output('Huawei CMS Group')![0].message).toBe('x'.repeat(1000) + '…');
	});
});

describe('errors say what an HTTP code means', () => {
	it.each([
		[
			502,
			'Expert answered HTTP 502 (bad gateway: a proxy could not reach the server)',
			'The CMS answered HTTP 502 (bad gateway: a proxy could not reach the server) when asked to update group 1 in VDN 1',
		],
		[
			418,
			'Expert answered HTTP 418',
			'The CMS answered HTTP 418 when asked to update group 1 in VDN 1',
		],
	])('HTTP %s', async (status, expertMessage, cmsMessage) => {
		server.answer = (_request, res) => void res.writeHead(status).end('<html>proxy</html>');
		const expertResult = await runWorkflow(
			expertNode({ operation: 'get', group: byId(5), options: NO_RETRIES }),
			expert(),
		);
		const cmsResult = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 1,
				groupId: byId('1'),
				groupName: 'x',
				options: NO_RETRIES,
			}),
			cms(),
		);
		expect(expertResult.error?.message).toBe(expertMessage);
		expect(cmsResult.error?.message).toBe(cmsMessage);
	});
});

describe('a request ends at its Timeout, however the server answers', () => {
	it.each([
		[
			'Expert',
			() =>
				runWorkflow(
					expertNode({ operation: 'get', group: byId(5), options: { timeout: 1000, retries: 0 } }),
					expert(),
				),
		],
		[
			'Huawei',
			() =>
				runWorkflow(
					huaweiNode({
						operation: 'update',
						vdn: 1,
						groupId: byId('1'),
						groupName: 'x',
						options: { timeout: 1000, retries: 0 },
					}),
					cms(),
				),
		],
	])(
		'%s: a server that trickles a byte every 200 ms is given up after the 1 s Timeout',
		async (service, run) => {
			server.answer = trickle(200);
			const result = await run();
			// Bounded by the Timeout (1 s, counted from just before the request), not by the server
			// (which would go on for 2 minutes).
			const took = Date.now() - server.requests[0].receivedAt;
			expect(took).toBeGreaterThanOrEqual(900);
			expect(took).toBeLessThan(1800);
			expect(result.error?.message).toBe(
				`${service === 'Expert' ? 'Expert' : 'The CMS'} timed out: no complete answer within 1000 ms (the request's Timeout)`,
			);
			expect(result.error?.description).toBe(
				'The request was given up. Raise "Timeout" in the node\'s options if the server is slow.',
			);
			// And the connection is closed, not left to trickle on.
			const closedBy = Date.now() + 1000;
			while (server.openAnswers > 0 && Date.now() < closedBy)
				await new Promise((resolve) => setTimeout(resolve, 20));
			expect(server.openAnswers).toBe(0);
		},
	);
});

describe('an answer cut short is a failure, not a shorter answer', () => {
	it('Huawei Get Many: the connection closed halfway through the list fails the item at once', async () => {
		server.answer = (_request, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
			res.write(`{"resultCode":"${SUCCESS}","resultDesc":[{"id":"1","groupName":"A"}`);
			setTimeout(() => res.socket?.destroy(), 50);
		};
		const result = await runWorkflow(
			huaweiNode({ operation: 'getAll', vdn: 113, returnAll: true, options: NO_RETRIES }),
			cms(),
		);
		// At once: the test's 30 s would run out at the 60 s Timeout.
		expect(result.error?.message).toBe(
			'The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.',
		);
		expect(result.output('Huawei CMS Group')).toBeUndefined();
	});
});

describe('backing off before a retry', () => {
	it('waits 100 ms, then 200 ms, before the retries of a failed request (HTTP 500)', async () => {
		let count = 0;
		server.answer = (request, res, n) =>
			++count <= 2 ? void res.writeHead(500).end('down') : xml(GROUP(5))(request, res, n);
		const result = await runWorkflow(
			expertNode({ operation: 'get', group: byId(5), options: { retries: 2 } }),
			expert(),
		);
		expect(result.error).toBeUndefined();
		const [first, second, third] = server.requests.map((request) => request.receivedAt);
		expect(second - first).toBeGreaterThanOrEqual(95);
		expect(third - second).toBeGreaterThanOrEqual(195);
		expect(third - first).toBeLessThan(2000);
	});

	it("a 500's Retry-After is no refusal to wait for: retried after the back-off", async () => {
		let count = 0;
		server.answer = (request, res, n) =>
			++count === 1
				? void res.writeHead(500, { 'Retry-After': '3600' }).end('down')
				: xml(GROUP(5))(request, res, n);
		const result = await runWorkflow(
			expertNode({ operation: 'get', group: byId(5), options: { retries: 1 } }),
			expert(),
		);
		expect(result.error).toBeUndefined();
		expect(server.requests).toHaveLength(2);
	});
});

describe('an answer that comes after the Timeout', () => {
	it('is dropped unread: its connection is closed, not left to trickle on', async () => {
		server.answer = async (request, res, n) => {
			await new Promise((resolve) => setTimeout(resolve, 1500));
			return trickle(200)(request, res, n);
		};
		const result = await runWorkflow(
			expertNode({ operation: 'get', group: byId(5), options: { timeout: 1000, retries: 0 } }),
			expert(),
		);
		expect(result.error?.message).toBe(
			"Expert timed out: no complete answer within 1000 ms (the request's Timeout)",
		);
		// The headers come at 1.5 s: the answer is closed then, within a second.
		const closedBy = Date.now() + 2500;
		await new Promise((resolve) => setTimeout(resolve, 700));
		while (server.openAnswers > 0 && Date.now() < closedBy)
			await new Promise((resolve) => setTimeout(resolve, 20));
		expect(server.openAnswers).toBe(0);
	});
});

describe('Return All always ends, and Limit holds', () => {
	it('Expert Get Many: a server that ignores offset is an error after the second page, not an endless loop', async () => {
		server.answer = xml(GROUPS(range(1, 100), ' querycount="250"'));
		const result = await runWorkflow(
			expertNode({ operation: 'getAll', returnAll: true }),
			expert(),
		);
		expect(result.error?.message).toBe(
			'The server listed groups it had already listed (ID 1, at offset 100): it seems to ignore paging, or lists a record twice',
		);
		expect(server.requests).toHaveLength(2);
	});

	it('Expert Get Many: an impossible count is refused at once', async () => {
		server.answer = xml(GROUPS(range(1, 100), ' querycount="1000000000"'));
		const result = await runWorkflow(
			expertNode({ operation: 'getAll', returnAll: true }),
			expert(),
		);
		expect(result.error?.message).toBe(
			'The server claims 1000000000 groups: that is no real list (the node reads at most 250000)',
		);
		expect(server.requests).toHaveLength(1);
	});

	it('Expert Get Many without querycount or totalcount (as the docs show the list): pages until an empty page', async () => {
		server.answer = (request, res, count) => {
			const offset = offsetOf(request.url);
			xml(GROUPS(range(offset + 1, offset < 200 ? 100 : offset < 220 ? 20 : 0)))(
				request,
				res,
				count,
			);
		};
		const result = await runWorkflow(
			expertNode({ operation: 'getAll', returnAll: true }),
			expert(),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('NICE Expert Group')!.map((group) => group.id)).toEqual(range(1, 220));
		expect(server.requests.map((request) => offsetOf(request.url))).toEqual([0, 100, 200, 220]);
	});

	it('Expert Get Many: Limit holds when the server sends a larger page than asked for', async () => {
		server.answer = xml(GROUPS(range(1, 100)));
		const result = await runWorkflow(
			expertNode({ operation: 'getAll', returnAll: false, limit: 5 }),
			expert(),
		);
		expect(result.output('NICE Expert Group')!.map((group) => group.id)).toEqual([1, 2, 3, 4, 5]);
		expect(new URL(server.requests[0].url, 'http://x').searchParams.get('limit')).toBe('5');
	});

	it('Expert Member Get Many and Huawei Member Get Many: a server that ignores offset is an error', async () => {
		server.answer = xml(
			`<users count="100">${range(1, 100)
				.map((id) => `<user id="${id}"><username>u${id}</username></user>`)
				.join('')}</users>`,
		);
		const expertResult = await runWorkflow(
			expertNode({ resource: 'member', operation: 'getAll', group: byId(5), returnAll: true }),
			expert(),
		);
		expect(expertResult.error?.message).toBe(
			'The server listed members it had already listed (ID 1, at offset 100): it seems to ignore paging, or lists a record twice',
		);

		server.reset();
		server.answer = json({
			resultCode: SUCCESS,
			resultDesc: range(1, 100).map((workNo) => ({ workNo })),
		});
		const cmsResult = await runWorkflow(
			huaweiNode({
				resource: 'member',
				operation: 'getAll',
				vdn: 1,
				groupId: byId('1'),
				returnAll: true,
			}),
			cms(),
		);
		expect(cmsResult.error?.message).toBe(
			'The server listed members it had already listed (ID 1, at offset 100): it seems to ignore paging, or lists a record twice',
		);
		expect(server.requests).toHaveLength(2);
	});
});

describe('answers too large to be real are not read', () => {
	it('an 80 MB answer is an error at 64 MB', async () => {
		server.answer = huge(80);
		const result = await runWorkflow(
			expertNode({ operation: 'getAll', returnAll: true, options: NO_RETRIES }),
			expert(),
		);
		expect(result.error?.message).toBe('Expert sent an answer larger than 64 MB: it was not read');
		expect(result.error?.description).toBe(
			'No answer of this API is that large. Check the Site URL of the credential, or narrow the request (a filter, a Limit).',
		);
	}, 60000);
});

describe('Huawei answers that are not the CMS envelope', () => {
	it('a login page (HTTP 200) is an error pointing at the Base URL', async () => {
		server.answer = loginPage;
		const result = await runWorkflow(
			huaweiNode({ operation: 'update', vdn: 1, groupId: byId('1'), groupName: 'x' }),
			cms(),
		);
		expect(result.error?.message).toBe(
			'The CMS answered with something other than its JSON envelope (HTTP 200) when asked to update group 1 in VDN 1',
		);
		expect(result.error?.description).toContain(
			'The Base URL of the credential probably does not point at the CMS open API',
		);
	});

	it('a success whose data is not a list is an error for a list call', async () => {
		server.answer = json({ resultCode: SUCCESS, resultDesc: 'done' });
		const result = await runWorkflow(
			huaweiNode({ operation: 'getAll', vdn: 1, returnAll: true }),
			cms(),
		);
		expect(result.error?.message).toBe(
			'The CMS answered success but no list of groups when asked to list the groups of VDN 1 (call center 1)',
		);
	});

	it("the credential's Default Call Center ID is checked before any request", async () => {
		const result = await runWorkflow(
			huaweiNode({ operation: 'getAll', vdn: 1, returnAll: true }),
			huaweiCredentials({ url: server.url } as never, { defaultCcId: 70000 }),
		);
		expect(result.error?.message).toBe(
			'Parameter "Default Call Center ID (credential)" must be a whole number from 1 to 65535 (got 70000) (input item 1)',
		);
		expect(server.requests).toEqual([]);
	});
});

describe('a create that happened is never reported as not made', () => {
	const LISTED = (groups: object[]) => json({ resultCode: SUCCESS, resultDesc: groups });

	it('Huawei Create: when reading the new ID fails, the error says the group was created', async () => {
		server.answer = (request, res, count) =>
			count === 1
				? LISTED([])(request, res, count)
				: count === 2
					? json({ resultCode: SUCCESS, resultDesc: 'ok' })(request, res, count)
					: void res.writeHead(500).end();
		const result = await runWorkflow(
			huaweiNode({
				operation: 'create',
				vdn: 113,
				groupName: 'New',
				groupType: 3,
				options: NO_RETRIES,
			}),
			cms(),
		);
		expect(result.error?.message).toBe(
			'The group "New" was created in VDN 113, but reading its new ID failed',
		);
		expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	it("Huawei Create: when the last attempt's answer is lost, it looks before failing, and finds the group", async () => {
		const made = { id: '77', groupName: 'New', groupType: 3 };
		let created = false;
		server.answer = (request, res, count) => {
			if (request.method === 'POST') {
				created = true;
				return void res.socket?.destroy();
			}
			return LISTED(created ? [made] : [])(request, res, count);
		};
		const result = await runWorkflow(
			huaweiNode({
				operation: 'create',
				vdn: 113,
				groupName: 'New',
				groupType: 3,
				options: NO_RETRIES,
			}),
			cms(),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Huawei CMS Group')).toEqual([
			expect.objectContaining({
				success: true,
				id: '77',
				resultDesc: 'Created (the answer was lost; the new group was found)',
			}),
		]);
		expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	const createNew = (options: INodeParameters = {}, credentials = cms()) =>
		runWorkflow(
			huaweiNode({ operation: 'create', vdn: 113, groupName: 'New', groupType: 3, options }),
			credentials,
		);
	const made = { id: '77', groupName: 'New', groupType: 3 };
	const methods = () => server.requests.map((request) => request.method);

	/** The first create answered by `firstAnswer` (the group not made); the second makes it. */
	const secondCreateMakes = (firstAnswer: (res: ServerResponse) => void) => {
		let created = false;
		let posts = 0;
		server.answer = (request, res, count) => {
			if (request.method !== 'POST') return LISTED(created ? [made] : [])(request, res, count);
			if (++posts === 1) return firstAnswer(res);
			created = true;
			return json({ resultCode: SUCCESS, resultDesc: 'ok' })(request, res, count);
		};
	};

	it('Huawei Create: a refused connection sent nothing, so it is not looked for: the refusal is the error', async () => {
		// The server answers the list before the create, then goes away: the create's connection is refused.
		const leaving = await new HostileServer().start();
		leaving.answer = (request, res, count) => {
			res.once('finish', () => void leaving.stop());
			res.setHeader('Connection', 'close');
			LISTED([])(request, res, count);
		};
		const result = await createNew(NO_RETRIES, huaweiCredentials({ url: leaving.url } as never));
		expect(result.error?.message).toBe(
			'The service refused the connection - perhaps it is offline',
		);
		expect(leaving.requests.map((request) => request.method)).toEqual(['GET']);
	});

	it('Huawei Create answered 503 (the server did nothing): sent again without looking first', async () => {
		secondCreateMakes((res) => void res.writeHead(503).end('busy'));
		const result = await createNew();
		expect(result.error).toBeUndefined();
		expect(result.output('Huawei CMS Group')).toEqual([
			expect.objectContaining({ success: true, id: '77' }),
		]);
		// The list before (no group of that name yet), the create twice, the list that reads the new ID.
		expect(methods()).toEqual(['GET', 'POST', 'POST', 'GET']);
	});

	it('Huawei Create: an answer lost, and the look finds no group: sent again, one group made', async () => {
		secondCreateMakes((res) => void res.socket?.destroy());
		const result = await createNew();
		expect(result.error).toBeUndefined();
		expect(result.output('Huawei CMS Group')).toEqual([
			expect.objectContaining({ success: true, id: '77' }),
		]);
		expect(methods()).toEqual(['GET', 'POST', 'GET', 'POST', 'GET']);
	});

	it("Huawei Create: the last attempt's answer lost, and the look finds no group: the lost answer is the error", async () => {
		server.answer = (request, res, count) =>
			request.method === 'POST' ? void res.socket?.destroy() : LISTED([])(request, res, count);
		const result = await createNew(NO_RETRIES);
		expect(result.error?.message).toBe(
			'The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.',
		);
		expect(methods()).toEqual(['GET', 'POST', 'GET']);
	});

	it('Huawei Create: an answer lost, and looking for the group fails too: the error says it may have been created', async () => {
		let lists = 0;
		server.answer = (request, res, count) =>
			request.method === 'POST'
				? void res.socket?.destroy()
				: ++lists === 1
					? LISTED([])(request, res, count)
					: void res.writeHead(500).end('down');
		const result = await createNew(NO_RETRIES);
		const lost =
			'The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.';
		expect(result.error?.message).toBe(
			`The group "New" may have been created: the answer was lost (${lost}) and looking for it failed too`,
		);
		expect(result.error?.description).toBe(
			'Looking for it: The CMS answered HTTP 500 (server error) when asked to list the groups of VDN 113 (call center 1). Check in the system before running this item again.',
		);
		expect(methods()).toEqual(['GET', 'POST', 'GET']);
	});

	it.each([
		['is still listed: the error stands', true],
		['is gone from the list: done', false],
	])(
		'Huawei Delete: "invalid parameter" after a lost answer, and the group %s',
		async (_case, stillThere) => {
			let deletes = 0;
			server.answer = (request, res, count) => {
				if (request.method === 'GET')
					return LISTED(stillThere ? [{ id: '42', groupName: 'G', groupType: 3 }] : [])(
						request,
						res,
						count,
					);
				deletes++;
				if (deletes === 1) return void res.socket?.destroy();
				return json({ resultCode: '0100002', resultDesc: 'The user group does not exist' })(
					request,
					res,
					count,
				);
			};
			const result = await runWorkflow(
				huaweiNode({ operation: 'delete', vdn: 113, groupId: byId('42') }),
				cms(),
			);
			if (stillThere) {
				expect(result.error?.message).toBe(
					'The CMS refused to delete group 42 in VDN 113: The user group does not exist (CMS error 0100002: Invalid parameter)',
				);
			} else {
				expect(result.output('Huawei CMS Group')).toEqual([
					expect.objectContaining({
						success: true,
						resultDesc: 'Deleted (the answer was lost; the group is gone)',
					}),
				]);
			}
			expect(deletes).toBe(2);
		},
	);
});
