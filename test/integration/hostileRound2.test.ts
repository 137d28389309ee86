import { HostileServer, json, trickle, xml } from '../hostile/server';
import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { useEmulator } from './lifecycle';
import { nodeType, poller, runWorkflow, startWorkflow } from '../harness/engine';
import {
	EXPERT_PASSWORD,
	HUAWEI_AK,
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
		[
			'Expert (a user name alone)',
			() => expertNode({ operation: 'get', group: byId(5) }),
			() => expert({ siteUrl: server.url.replace('//', '//proxyuser@') }),
			'Site URL',
		],
	])(
		'%s: refused before any request, the secret shown nowhere',
		async (_node, workflow, credentials, field) => {
			const result = await runWorkflow(workflow(), credentials());
			expect(result.error?.message).toBe(
				`The ${field} of the credential carries a user name or password ("user:secret@host"): nothing was sent`,
			);
			expect(result.error?.description).toBe(
				`Remove them from the ${field}: a secret belongs in its own field of the credential, never in an address that previews and errors show.`,
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
		expect(result.output('NICE Expert Group')![0].message).toBe(
			'Try again later, or raise "Timeout" in the node\'s options to wait that long (up to 10 minutes).',
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

describe('partial changes are told', () => {
	const emulator = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));

	it('Huawei Member Add in three requests, the second refused: the item says which work numbers were added and which not, and the third is never sent', async () => {
		const group = emulator.addGroup({ vdn: 113, groupName: 'Big', groupType: 2 });
		emulator.addAgents(113, 1000, 250);
		let adds = 0;
		emulator.glitch = (request, reply) =>
			request.url.includes('batchaddgroupmember') && ++adds === 2
				? { status: 200, body: JSON.stringify({ resultCode: '0100001', resultDesc: 'busy' }) }
				: reply;
		const workNos = Array.from({ length: 250 }, (_, n) => 1000 + n);
		const result = await runWorkflow(
			huaweiNode(
				{
					resource: 'member',
					operation: 'add',
					vdn: 113,
					groupId: byId(group.id),
					workNos: workNos.join(','),
				},
				true,
			),
			huaweiCredentials(emulator),
		);
		expect(adds).toBe(2);
		const [item] = result.output('Huawei CMS Group')!;
		const first = workNos.slice(0, 100);
		expect(item.error).toBe(
			`The CMS refused to add work numbers 1100, 1101, 1102, 1103, 1104 and 95 more to group ${group.id} in VDN 113: busy (CMS error 0100001: The call failed). Part of the item was done: 100 work numbers added (${first.join(', ')}), 150 not (${workNos.slice(100).join(', ')})`,
		);
		// The description: the CMS error's own, then what a re-run does.
		expect(item.message).toBe(
			"CMS error 0100001 means: The call failed. The cause above is the server's own text. Running the item again is safe: adding again changes nothing for those already added.",
		);
		// The third request (work numbers 1200 to 1249) never reached the server.
		expect(
			emulator.requests.filter((request) => request.url.includes('batchaddgroupmember')),
		).toHaveLength(2);
	});

	it('Huawei Member Add in two requests, Stop during the second: the error says which work numbers were added, and that adding again is safe', async () => {
		const group = emulator.addGroup({ vdn: 113, groupName: 'Big', groupType: 2 });
		emulator.addAgents(113, 1000, 150);
		const workNos = Array.from({ length: 150 }, (_, n) => 1000 + n);
		// The second request (work numbers 1100 to 1149) takes long enough to be stopped.
		emulator.latencyOf = (request) => (request.body.includes('1100') ? 5000 : undefined);
		const { cancel, finished } = await startWorkflow(
			huaweiNode({
				resource: 'member',
				operation: 'add',
				vdn: 113,
				groupId: byId(group.id),
				workNos: workNos.join(','),
			}),
			huaweiCredentials(emulator),
		);
		const adds = () =>
			emulator.requests.filter((request) => request.url.includes('batchaddgroupmember'));
		while (adds().length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
		cancel();
		const result = await finished;
		expect(result.error?.message).toBe(
			`The execution was canceled (Stop, or its timeout): nothing more was sent. Part of the item was done: 100 work numbers added (${workNos.slice(0, 100).join(', ')}), 50 not (${workNos.slice(100).join(', ')})`,
		);
		expect(result.error?.description).toBe(
			'Running the item again is safe: adding again changes nothing for those already added.',
		);
	});

	it('Huawei Member Remove in two requests, the second refused: the item says which work numbers were removed and that removing again is safe', async () => {
		const group = emulator.addGroup({ vdn: 113, groupName: 'Leaving', groupType: 2 });
		const workNos = emulator.addAgents(113, 3000, 150).map((agent) => agent.workNo);
		emulator.join(group, workNos);
		let removals = 0;
		emulator.glitch = (request, reply) =>
			request.url.includes('batchdeletegroupmember') && ++removals === 2
				? { status: 200, body: JSON.stringify({ resultCode: '0100001', resultDesc: 'busy' }) }
				: reply;
		const result = await runWorkflow(
			huaweiNode(
				{ resource: 'member', operation: 'remove', vdn: 113, workNos: workNos.join(',') },
				true,
			),
			huaweiCredentials(emulator),
		);
		expect(removals).toBe(2);
		const [item] = result.output('Huawei CMS Group')!;
		expect(String(item.error)).toMatch(
			new RegExp(
				`: busy \\(CMS error 0100001: The call failed\\)\\. Part of the item was done: 100 work numbers removed \\(${workNos.slice(0, 100).join(', ')}\\), 50 not \\(${workNos.slice(100).join(', ')}\\)$`,
			),
		);
		expect(item.message).toBe(
			"CMS error 0100001 means: The call failed. The cause above is the server's own text. Running the item again is safe: removing again changes nothing for those already removed.",
		);
	});

	it('a Huawei Delete whose answer was lost, whose retry says "does not exist" and whose confirming list fails: it may have been deleted', async () => {
		server.answer = (request, res, count) => {
			if (count === 1) return void res.socket?.destroy();
			if (count === 2)
				return json({ resultCode: '0100002', resultDesc: 'The user group does not exist' })(
					request,
					res,
					count,
				);
			return void res.writeHead(500).end('down');
		};
		const result = await runWorkflow(
			huaweiNode(
				{ operation: 'delete', vdn: 113, groupId: byId('7'), options: { retries: 1 } },
				true,
			),
			cms(),
		);
		expect(result.output('Huawei CMS Group')![0].error).toBe(
			'Group 7 may have been deleted: the answer to the delete was lost, a retry said it does not exist, and listing the groups to confirm failed',
		);
	});
});

describe('answers that are not what they say', () => {
	it('Expert answers a name with another group: no change is sent', async () => {
		server.answer = xml(
			'<group id="9"><groupname>Other team</groupname><permissions.group><role id="3">Viewer</role></permissions.group></group>',
		);
		const update = await runWorkflow(
			expertNode(
				{
					operation: 'update',
					group: { __rl: true, mode: 'name', value: 'Sales' },
					newName: 'Sales EMEA',
					role: '',
				},
				true,
			),
			expert(),
		);
		expect(update.output('NICE Expert Group')![0].error).toBe(
			'Expert\'s answer for the group named "Sales" is group 9 named "Other team": nothing was changed',
		);
		expect(server.requests.map((request) => request.method)).toEqual(['GET']);
	});

	it('Expert answers an ID with another group, or a username with another user: no change is sent', async () => {
		server.answer = xml(
			'<group id="10"><groupname>Ten</groupname><permissions.group><role id="3">Viewer</role></permissions.group></group>',
		);
		const update = await runWorkflow(
			expertNode({ operation: 'update', group: byId(9), newName: 'Nine', role: '' }, true),
			expert(),
		);
		expect(update.output('NICE Expert Group')![0].error).toBe(
			'Expert\'s answer for the group with ID 9 is group 10 named "Ten": nothing was changed',
		);
		server.reset();
		server.answer = xml('<user id="4"><username>mallory</username></user>');
		const add = await runWorkflow(
			expertNode(
				{ resource: 'member', operation: 'add', group: byId(9), userIds: 'jane.doe' },
				true,
			),
			expert(),
		);
		expect(add.output('NICE Expert Group')![0].error).toBe(
			'Expert answered the user named "jane.doe" with user 4 named "mallory": it is not taken for that user (nothing was changed)',
		);
		expect(server.requests.map((request) => request.method)).toEqual(['GET']);
	});

	it('an Expert role read back with spaces around it is sent back without them', async () => {
		server.answer = (request, res, count) =>
			xml(
				`<group id="9"><groupname>${count === 1 ? 'Sales' : 'Sales EMEA'}</groupname><permissions.group><role id="3">  Viewer\n</role></permissions.group></group>`,
			)(request, res, count);
		const result = await runWorkflow(
			expertNode({ operation: 'update', group: byId(9), newName: 'Sales EMEA', role: '' }),
			expert(),
		);
		expect(result.error).toBeUndefined();
		expect(server.requests[1].body).toBe(
			'<group><name>Sales EMEA</name><permissions.group><role>Viewer</role></permissions.group></group>',
		);
	});

	it.each([
		[
			{ resultCode: '0100000', returnCode: '1', resultDesc: 'ok?' },
			"The CMS's answer contradicts itself when asked to update group 1 in VDN 1: resultCode 0100000 (success), but returnCode 1 (failed): ok?",
		],
		[
			{ resultCode: null, resultDesc: 'x' },
			"The CMS's answer has no result code when asked to update group 1 in VDN 1: x",
		],
	])('a CMS envelope %j is no success', async (envelope, message) => {
		server.answer = json(envelope);
		const result = await runWorkflow(
			huaweiNode({ operation: 'update', vdn: 1, groupId: byId('1'), groupName: 'x' }, true),
			cms(),
		);
		expect(result.output('Huawei CMS Group')![0].error).toBe(message);
	});
});

describe('a VDN left unset', () => {
	it('is an error naming it, before any request (never VDN 1)', async () => {
		const result = await runWorkflow(
			huaweiNode({ operation: 'delete', groupId: byId('1') }),
			cms(),
		);
		expect(result.error?.message).toBe(
			'Parameter "VDN" must be a whole number from 1 to 99999 (got "") (input item 1)',
		);
		expect(server.requests).toEqual([]);
	});
});

describe('what one run holds in answers at once', () => {
	it('gives back what each answer held once it is read: three 50 MB answers one after the other are each read', async () => {
		const chunk = Buffer.alloc(1024 * 1024, 'x');
		server.answer = async (_request, res) => {
			res.writeHead(200, { 'Content-Type': 'application/xml' });
			for (let n = 0; n < 50 && !res.destroyed; n++) res.write(chunk);
			res.end();
		};
		const result = await runWorkflow(
			expertNode(
				{ operation: 'get', group: byId('={{ $json.id }}'), options: { batchSize: 1, retries: 0 } },
				true,
			),
			expert(),
			[{ id: 1 }, { id: 2 }, { id: 3 }],
		);
		// Each is read in full, and is then no group document.
		expect(result.output('NICE Expert Group')!.map((item) => item.error)).toEqual(
			[1, 2, 3].map(
				(id) =>
					`Expert's answer to groups/${id} is not the <group> document this call returns (HTTP 200)`,
			),
		);
	}, 30000);

	it('is bounded: three 50 MB answers read together, the one past 128 MB is not read', async () => {
		const chunk = Buffer.alloc(1024 * 1024, 'x');
		server.answer = async (_request, res) => {
			res.writeHead(200, { 'Content-Type': 'application/xml' });
			for (let n = 0; n < 50 && !res.destroyed; n++) {
				res.write(chunk);
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			res.end();
		};
		const result = await runWorkflow(
			expertNode(
				{ operation: 'get', group: byId('={{ $json.id }}'), options: { batchSize: 3, retries: 0 } },
				true,
			),
			expert(),
			[{ id: 1 }, { id: 2 }, { id: 3 }],
		);
		const failed = result
			.output('NICE Expert Group')!
			.filter(
				(item) =>
					item.error === "Expert's answers being read at once passed 128 MB: this one was not read",
			);
		expect(failed.length).toBeGreaterThan(0);
		expect(failed[0].message).toBe(
			'No run of this node needs that much at once. Check the Site URL of the credential, or narrow the requests (a filter, a Limit, Items per Batch).',
		);
	}, 30000);
});

describe("a poll never reads or waits past n8n's budget of a poll", () => {
	const cmsTrigger = async (pollBudgetMs: number) =>
		await poller(
			{
				name: 'CMS changes',
				type: nodeType('huaweiCmsGroupTrigger'),
				parameters: { vdn: 113, events: ['groupCreated'] },
				credentials: { huaweiCmsApi: { id: '1', name: 'CMS' } },
			},
			cms(),
			{ pollBudgetMs },
		);

	it("a trickling answer is given up at the poll's end, not at the request's 60 s Timeout", async () => {
		server.answer = trickle(100);
		const { poll } = await cmsTrigger(800);
		// The request ends at the poll's end (the test's 30 s would run out at the Timeout), and the
		// retry's back-off after it would reach past it.
		await expect(poll()).rejects.toThrow(
			'The poll would have to wait 1 s (the server asked to wait, or a back-off before a retry), past the time n8n gives one poll',
		);
		expect(server.requests).toHaveLength(1);
	});

	it("a retry's wait that would reach past the poll's end ends the poll at once, saying why", async () => {
		server.answer = (_request, res) => void res.writeHead(503, { 'Retry-After': '30' }).end('busy');
		const { poll } = await cmsTrigger(2000);
		await expect(poll()).rejects.toThrow(
			'The poll would have to wait 30 s (the server asked to wait, or a back-off before a retry), past the time n8n gives one poll: it ends here, and the next poll tries again',
		);
		expect(server.requests).toHaveLength(1);
	});
});
