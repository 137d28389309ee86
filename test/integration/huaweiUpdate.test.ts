import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { runWorkflow } from '../harness/engine';
import { HUAWEI_AK, HUAWEI_SK, byId, huaweiCredentials, huaweiNode } from './fixtures';
import { useEmulator } from './lifecycle';

describe('Huawei CMS Group: Update, in the n8n engine against the CMS emulator', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));

	it("renames a group, sending exactly the seed's JSON body, signed", async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'ceshi' });
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId(group.id),
				groupName: 'ceshi445566',
				additionalFields: { remark: 'Inspector group' },
				options: { ccId: 1 },
			}),
			huaweiCredentials(cms),
		);

		expect(result.error).toBeUndefined();
		expect(result.output('Huawei CMS Group')).toEqual([
			{
				success: true,
				resultCode: '0100000',
				resultDesc: 'Updated successfully',
				ccId: 1,
				vdn: 113,
				id: group.id,
				groupName: 'ceshi445566',
				remark: 'Inspector group',
			},
		]);
		expect(cms.groups.get(group.id)).toMatchObject({
			groupName: 'ceshi445566',
			remark: 'Inspector group',
		});

		expect(cms.requests).toHaveLength(1);
		const [request] = cms.requests;
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/rest/cmsapp/v1/openapi/qcrelationconf/updategroup');
		expect(request.body).toBe(
			`{"ccId":1,"vdn":113,"id":"${group.id}","groupName":"ceshi445566","remark":"Inspector group"}`,
		);
		expect(request.headers['content-type']).toBe('application/json;charset=UTF-8');
		expect(request.headers.host).toBe(new URL(cms.url).host);
		expect(request.headers.authorization).toMatch(
			/^auth-v2\/testAK\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\/host\/[0-9a-f]{64}$/,
		);
	});

	it('leaves out Call Center ID and Remark when they are not set', async () => {
		const group = cms.addGroup({ vdn: 7, groupName: 'old' });
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 7,
				groupId: byId(group.id),
				groupName: 'new',
				additionalFields: {},
			}),
			huaweiCredentials(cms),
		);
		expect(result.error).toBeUndefined();
		expect(cms.requests[0].body).toBe(`{"vdn":7,"id":"${group.id}","groupName":"new"}`);
	});

	it('keeps the name when New Name is left empty: reads the current one, then sends it with the new remark', async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'Night Shift', remark: 'old' });
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId(group.id),
				groupName: '',
				additionalFields: { remark: 'Weekends too' },
			}),
			huaweiCredentials(cms),
		);
		expect(result.error).toBeUndefined();
		expect(
			cms.requests.map(
				(request) =>
					`${request.method} ${request.url.replace('/rest/cmsapp/v1/openapi/qcrelationconf/', '')}`,
			),
		).toEqual(['GET queryallccgroup/1/113', 'POST updategroup']);
		expect(cms.requests[1].body).toBe(
			`{"vdn":113,"id":"${group.id}","groupName":"Night Shift","remark":"Weekends too"}`,
		);
		expect(cms.groups.get(group.id)).toMatchObject({
			groupName: 'Night Shift',
			remark: 'Weekends too',
		});
	});

	it('with nothing to change, or a group the VDN does not have, sends no update', async () => {
		const nothing = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId('12345'),
				groupName: '',
				additionalFields: {},
			}),
			huaweiCredentials(cms),
		);
		expect(nothing.error?.message).toBe(
			'Parameter "New Name" or "Remark" must be set: there is nothing to update (input item 1)',
		);
		expect(cms.requests).toHaveLength(0);
		const missing = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId('12345'),
				groupName: '',
				additionalFields: { remark: 'r' },
			}),
			huaweiCredentials(cms),
		);
		expect(missing.error?.message).toBe(
			'Group 12345 is not in VDN 113: nothing was updated (input item 1)',
		);
		expect(cms.requests.map((request) => request.method)).toEqual(['GET']);
	});

	it('takes parameters from each input item by expression, one request and one paired output per item', async () => {
		const groups = [1, 2, 3].map((n) => cms.addGroup({ vdn: 113, groupName: `team ${n}` }));
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: '={{ $json.vdn }}',
				groupId: byId('={{ $json.id }}'),
				groupName: '={{ $json.name }}',
				additionalFields: {},
			}),
			huaweiCredentials(cms),
			groups.map((group, n) => ({ vdn: '113', id: group.id, name: `Team ${n + 1} — Qualité` })),
		);
		expect(result.error).toBeUndefined();
		const items = result.items('Huawei CMS Group')!;
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.groupName)).toEqual([
			'Team 1 — Qualité',
			'Team 2 — Qualité',
			'Team 3 — Qualité',
		]);
		expect(groups.map((group) => cms.groups.get(group.id)!.groupName)).toEqual([
			'Team 1 — Qualité',
			'Team 2 — Qualité',
			'Team 3 — Qualité',
		]);
		expect(cms.requests).toHaveLength(3);
	});

	it('reports a wrong Secret Key as an authentication error, after one request', async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'g' });
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId(group.id),
				groupName: 'x',
				additionalFields: {},
			}),
			huaweiCredentials(cms, { secretKey: 'wrong-SK' }),
		);
		expect(result.error?.message).toBe('The CMS rejected the signature (HTTP 401)');
		expect(result.error?.description).toMatch(/Access Key \(AK\) and Secret Key \(SK\).*clock/);
		expect(cms.groups.get(group.id)!.groupName).toBe('g');
		expect(cms.requests).toHaveLength(1);
	});

	it.each([
		[20, 'behind'],
		[-7, 'ahead of'],
	])(
		'reports a server clock %i minutes off as a clock problem, not as wrong keys',
		async (minutes, direction) => {
			cms.clockOffsetMs = minutes * 60 * 1000;
			const group = cms.addGroup({ vdn: 113, groupName: 'g' });
			const result = await runWorkflow(
				huaweiNode({
					operation: 'update',
					vdn: 113,
					groupId: byId(group.id),
					groupName: 'x',
					additionalFields: {},
				}),
				huaweiCredentials(cms),
			);
			expect(result.error?.message).toBe(
				`The CMS rejected the signature (HTTP 401): this n8n host's clock is ${Math.abs(minutes)} minutes ${direction} the server's`,
			);
			expect(result.error?.description).toContain("set the n8n host's clock right (NTP)");
			expect(cms.groups.get(group.id)!.groupName).toBe('g');
		},
	);

	it('does not blame the clock when it is right and the keys are wrong', async () => {
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId('1'),
				groupName: 'x',
				additionalFields: {},
			}),
			huaweiCredentials(cms, { accessKey: 'unknownAK' }),
		);
		expect(result.error?.message).toBe('The CMS rejected the signature (HTTP 401)');
	});

	it("turns a resultCode other than 0100000 (HTTP 200) into an error: the server's cause and what was tried, then the code and its meaning", async () => {
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId('123456'),
				groupName: 'x',
				additionalFields: {},
			}),
			huaweiCredentials(cms),
		);
		expect(result.error?.message).toBe(
			'The CMS refused to update group 123456 in VDN 113: The user group does not exist (CMS error 0100002: Invalid parameter)',
		);
		expect(result.error?.description).toBe(
			"CMS error 0100002 means: Invalid parameter. The cause above is the server's own text.",
		);
		// An error the server gave in an HTTP 200 answer carries no HTTP code (the editor would show "200").
		expect((result.error as unknown as { httpCode: unknown }).httpCode ?? null).toBeNull();
	});

	it.each([
		[
			{ vdn: 'abc' },
			'Parameter "VDN" must be a whole number from 1 to 99999 (got "abc") (input item 1)',
		],
		[
			{ vdn: '={{ null }}' },
			'Parameter "VDN" must be a whole number from 1 to 99999 (got null) (input item 1)',
		],
		[
			{ groupId: byId('={{ "   " }}') },
			'Parameter "Group" must not be empty (got "   ") (input item 1)',
		],
		[
			{ groupName: '={{ $json.missing ?? "" }}' },
			'Parameter "New Name" or "Remark" must be set: there is nothing to update (input item 1)',
		],
		[
			{ groupName: 'a\nb' },
			'Parameter "New Name" must not contain control characters (line breaks, tabs, direction marks…) (got "a\\nb") (input item 1)',
		],
		[
			{ options: { ccId: 70000 } },
			'Parameter "Call Center ID" must be a whole number from 1 to 65535 (got 70000) (input item 1)',
		],
	])('refuses bad input %j before any request', async (override, message) => {
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId('1'),
				groupName: 'ok',
				additionalFields: {},
				...override,
			}),
			huaweiCredentials(cms),
		);
		expect(result.error?.message).toBe(message);
		expect(cms.requests).toHaveLength(0);
	});

	it('with Continue On Fail, gives every item exactly one output: results and named errors', async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'g' });
		const result = await runWorkflow(
			huaweiNode(
				{
					operation: 'update',
					vdn: 113,
					groupId: byId('={{ $json.id }}'),
					groupName: '={{ $json.name }}',
					additionalFields: {},
				},
				true,
			),
			huaweiCredentials(cms),
			[
				{ id: group.id, name: 'first' },
				{ id: group.id, name: '' },
				{ id: '999', name: 'third' },
				{ id: group.id, name: 'fourth' },
			],
		);
		expect(result.error).toBeUndefined();
		const items = result.items('Huawei CMS Group')!;
		expect(items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(items[0].json).toMatchObject({ success: true, groupName: 'first' });
		expect(items[1].json).toEqual({
			error:
				'Parameter "New Name" or "Remark" must be set: there is nothing to update (input item 2)',
			message:
				'Parameter "New Name" or "Remark" must be set: there is nothing to update (input item 2)',
		});
		expect(items[2].json).toEqual({
			error:
				'The CMS refused to update group 999 in VDN 113: The user group does not exist (CMS error 0100002: Invalid parameter)',
			message:
				"CMS error 0100002 means: Invalid parameter. The cause above is the server's own text.",
		});
		expect(items[3].json).toMatchObject({ success: true, groupName: 'fourth' });
		expect(cms.groups.get(group.id)!.groupName).toBe('fourth');
		expect(cms.requests).toHaveLength(3);
	});

	it('never puts the Secret Key into outputs or errors', async () => {
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId('1'),
				groupName: 'x',
				additionalFields: {},
			}),
			huaweiCredentials(cms, { secretKey: 'wrong-but-secret-SK' }),
		);
		const everything = JSON.stringify(result.run);
		expect(result.error).toBeDefined();
		expect(everything).not.toContain('wrong-but-secret-SK');
		expect(everything).not.toContain('auth-v2/');
	});
});

describe('Batching (both nodes share it)', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));

	it('sends a batch of items at once, keeping output order and pairing', async () => {
		cms.latencyMs = 100;
		const groups = Array.from({ length: 6 }, (_, n) =>
			cms.addGroup({ vdn: 113, groupName: `g${n}` }),
		);
		const started = Date.now();
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId('={{ $json.id }}'),
				groupName: '={{ $json.name }}',
				options: { batchSize: 3 },
			}),
			huaweiCredentials(cms),
			groups.map((group, n) => ({ id: group.id, name: `renamed ${n}` })),
		);
		const elapsed = Date.now() - started;
		cms.latencyMs = 0;
		expect(result.error).toBeUndefined();
		const items = result.items('Huawei CMS Group')!;
		expect(items.map((item) => [item.json.groupName, item.pairedItem])).toEqual(
			groups.map((_, n) => [`renamed ${n}`, { item: n }]),
		);
		// Two batches of three concurrent requests: about 2 x 100 ms, not 6 x 100 ms.
		expect(elapsed).toBeLessThan(550);
	});

	it('waits out a Retry-After, then sends the item again', async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'g' });
		cms.queuedReplies.push({ status: 503, headers: { 'Retry-After': '1' }, body: '' });
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId(group.id),
				groupName: '={{ $json.name }}',
				options: { batchSize: 1 },
			}),
			huaweiCredentials(cms),
			[{ name: 'a' }, { name: 'b' }],
		);
		expect(result.output('Huawei CMS Group')!.map((item) => item.groupName)).toEqual(['a', 'b']);
		expect(cms.requests).toHaveLength(3);
		expect(cms.requests[1].received - cms.requests[0].received).toBeGreaterThanOrEqual(950);
	});

	it('reports the 503 when retries are switched off', async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'g' });
		cms.queuedReplies.push({ status: 503, headers: { 'Retry-After': '1' }, body: '' });
		const result = await runWorkflow(
			huaweiNode(
				{
					operation: 'update',
					vdn: 113,
					groupId: byId(group.id),
					groupName: '={{ $json.name }}',
					options: { retries: 0 },
				},
				true,
			),
			huaweiCredentials(cms),
			[{ name: 'a' }, { name: 'b' }],
		);
		expect(result.output('Huawei CMS Group')!.map((item) => item.error ?? item.groupName)).toEqual([
			`The CMS answered HTTP 503 (unavailable) when asked to update group ${group.id} in VDN 113`,
			'b',
		]);
		expect(cms.requests[1].received - cms.requests[0].received).toBeGreaterThanOrEqual(950);
	});
});

describe('stopping at a failure', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));

	it.each([
		[undefined, 16],
		[{ batchSize: 2 }, 3],
	])(
		'without Continue On Fail, starts no item after a failure (batching %j: at most %i requests)',
		async (batching, atMost) => {
			const group = cms.addGroup({ vdn: 113, groupName: 'g' });
			const result = await runWorkflow(
				huaweiNode({
					operation: 'update',
					vdn: 113,
					groupId: byId('={{ $json.id }}'),
					groupName: 'x',
					...(batching ? { options: batching } : {}),
				}),
				huaweiCredentials(cms),
				[{ id: group.id }, { id: '404' }, ...Array.from({ length: 38 }, () => ({ id: group.id }))],
			);
			expect(result.error?.message).toBe(
				'The CMS refused to update group 404 in VDN 113: The user group does not exist (CMS error 0100002: Invalid parameter)',
			);
			// By default 8 under way at first, and a few more as early ones end while item 1 is under way;
			// with a window of 2, items 0 to 2 (2 started while 1 was under way). Of the 40, the rest never start.
			expect(cms.requests.length).toBeLessThanOrEqual(atMost);
		},
	);
});

describe('redirects', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));

	it('does not follow a redirect (the signature covers one URL) and says to check the Base URL', async () => {
		cms.queuedReplies.push({
			status: 301,
			headers: {
				Location: 'https://cms.example.com:28443/rest/cmsapp/v1/openapi/qcrelationconf/updategroup',
			},
		});
		const result = await runWorkflow(
			huaweiNode({ operation: 'update', vdn: 113, groupId: byId('1'), groupName: 'x' }),
			huaweiCredentials(cms),
		);
		expect(result.error?.message).toBe('The CMS redirected the request (HTTP 301)');
		expect(result.error?.description).toBe(
			'Redirects are not followed (they would carry the credential to another address). Check the Base URL of the credential: the server points to https://cms.example.com:28443/rest/cmsapp/v1/openapi/qcrelationconf/updategroup.',
		);
		expect(cms.requests).toHaveLength(1);
	});
});
