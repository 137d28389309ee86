import { request as httpRequest } from 'http';
import type { IDataObject, IHttpRequestOptions, INodeParameters } from 'n8n-workflow';

import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { credentialTypesByName, runWorkflow } from '../harness/engine';
import { HUAWEI_AK, HUAWEI_SK, byId, huaweiCredentials, huaweiNode } from './fixtures';
import { useEmulator } from './lifecycle';

/** A request signed by the credential and sent without the node: to show what the API itself does. */
async function sendSigned(
	cms: HuaweiCmsEmulator,
	url: string,
	body: IDataObject,
): Promise<IDataObject> {
	const authenticate = credentialTypesByName.huaweiCmsApi.authenticate as (
		c: IDataObject,
		o: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;
	const signed = await authenticate(huaweiCredentials(cms).huaweiCmsApi, {
		method: 'POST',
		url,
		body,
	});
	return await new Promise((resolve, reject) => {
		const req = httpRequest(
			signed.url,
			{ method: 'POST', headers: signed.headers as Record<string, string> },
			(res) => {
				let text = '';
				res.on('data', (chunk) => (text += chunk)).on('end', () => resolve(JSON.parse(text)));
			},
		);
		req.on('error', reject);
		req.end(signed.body as string);
	});
}

describe('Huawei CMS Group: members, in the n8n engine against the CMS emulator', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
	const credentials = () => huaweiCredentials(cms);
	const posts = (endpoint: string) =>
		cms.requests.filter((request) => request.url.endsWith(endpoint));

	describe('Member: Add', () => {
		/** Member Add of each input item's work numbers (`w`) to its group (`group`). */
		const addEach = (
			items: IDataObject[],
			{
				options = {},
				continueOnFail = false,
			}: { options?: INodeParameters; continueOnFail?: boolean } = {},
		) =>
			runWorkflow(
				huaweiNode(
					{
						resource: 'member',
						operation: 'add',
						vdn: 113,
						groupId: byId('={{ $json.group }}'),
						workNos: '={{ $json.w }}',
						options,
					},
					continueOnFail,
				),
				credentials(),
				items,
			);
		it('combines the items that add to the same group into one request, one output per item', async () => {
			cms.addAgents(113, 100, 5);
			const group = cms.addGroup({ vdn: 113, groupName: 'QA' });
			const result = await runWorkflow(
				huaweiNode({
					resource: 'member',
					operation: 'add',
					vdn: 113,
					groupId: byId(group.id),
					workNos: '={{ $json.agents }}',
				}),
				credentials(),
				[{ agents: '100, 101' }, { agents: [101, 102] }, { agents: 104 }],
			);
			expect(result.error).toBeUndefined();
			expect(posts('batchaddgroupmember').map((request) => request.body)).toEqual([
				`{"vdn":113,"groupId":"${group.id}","workNos":[100,101,102,104]}`,
			]);
			const items = result.items('Huawei CMS Group')!;
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(items.map((item) => item.json)).toEqual(
				[[100, 101], [101, 102], [104]].map((workNos) => ({
					success: true,
					resultCode: '0100000',
					resultDesc: 'Added successfully',
					vdn: 113,
					groupId: group.id,
					workNos,
					requests: 1,
				})),
			);
			expect(cms.membersOf(group.id)).toEqual([100, 101, 102, 104]);
		});

		it('sends one request per group per chunk: 250 items into 2 groups at 100 per request make 6 requests', async () => {
			cms.addAgents(113, 1, 250);
			const [a, b] = [
				cms.addGroup({ vdn: 113, groupName: 'A' }),
				cms.addGroup({ vdn: 113, groupName: 'B' }),
			];
			const input = Array.from({ length: 250 }, (_, n) => ({
				group: n % 2 ? b.id : a.id,
				workNo: n + 1,
			}));
			const result = await runWorkflow(
				huaweiNode({
					resource: 'member',
					operation: 'add',
					vdn: 113,
					groupId: byId('={{ $json.group }}'),
					workNos: '={{ $json.workNo }}',
				}),
				credentials(),
				input,
			);
			expect(result.error).toBeUndefined();
			expect(result.output('Huawei CMS Group')).toHaveLength(250);
			const sizes = posts('batchaddgroupmember').map(
				(request) => (JSON.parse(request.body).workNos as number[]).length,
			);
			expect(sizes).toEqual([100, 100, 25, 25]);
			expect(cms.membersOf(a.id)).toHaveLength(125);
			expect(cms.membersOf(b.id)).toHaveLength(125);
		});

		it('honours the Work Numbers per Request option and splits an item that has more', async () => {
			cms.addAgents(113, 1, 30);
			const group = cms.addGroup({ vdn: 113, groupName: 'A' });
			const everyone = Array.from({ length: 25 }, (_, n) => n + 1).join(',');
			const result = await runWorkflow(
				huaweiNode({
					resource: 'member',
					operation: 'add',
					vdn: 113,
					groupId: byId(group.id),
					workNos: '={{ $json.w }}',
					options: { workNosPerRequest: 10 },
				}),
				credentials(),
				[{ w: everyone }, { w: '26,27' }],
			);
			expect(
				posts('batchaddgroupmember').map((request) => JSON.parse(request.body).workNos.length),
			).toEqual([10, 10, 5, 2]);
			expect(result.output('Huawei CMS Group')!.map((item) => item.requests)).toEqual([3, 1]);
			expect(cms.membersOf(group.id)).toHaveLength(27);
		});

		it('with Continue On Fail, isolates bad items and failed groups, and keeps one output per item', async () => {
			cms.addAgents(113, 1, 3);
			const group = cms.addGroup({ vdn: 113, groupName: 'A' });
			const result = await addEach(
				[
					{ group: group.id, w: 1 },
					{ group: group.id, w: 'one' },
					{ group: '404', w: 2 },
					{ group: group.id, w: 3 },
				],
				{ continueOnFail: true },
			);
			expect(result.error).toBeUndefined();
			expect(result.output('Huawei CMS Group')!.map((item) => item.error ?? item.workNos)).toEqual([
				[1],
				'Parameter "Work Numbers" must list work numbers (whole numbers from 0 to 999999) (got "one") (input item 2)',
				'The CMS refused to add work numbers 2 to group 404 in VDN 113: The user group does not exist (CMS error 0100002: Invalid parameter)',
				[3],
			]);
			expect(cms.membersOf(group.id)).toEqual([1, 3]);
		});

		it('with Continue On Fail, sends no more requests for an item whose first request failed', async () => {
			cms.addAgents(113, 1, 30);
			const group = cms.addGroup({ vdn: 113, groupName: 'A' });
			const result = await addEach(
				[
					{ group: '404', w: Array.from({ length: 25 }, (_, n) => n + 1).join(',') },
					{ group: group.id, w: '26,27' },
				],
				{ options: { workNosPerRequest: 10 }, continueOnFail: true },
			);
			// Item 1's three requests take turns: the first is refused, so the other two (its alone) are not sent.
			expect(
				posts('batchaddgroupmember')
					.map((request) => JSON.parse(request.body))
					.map((body) => [String(body.groupId), body.workNos.length])
					.sort(),
			).toEqual(
				[
					['404', 10],
					[String(group.id), 2],
				].sort(),
			);
			expect(result.output('Huawei CMS Group')!.map((item) => item.error ?? item.workNos)).toEqual([
				expect.stringMatching(/^The CMS refused to add work numbers 1, 2, .* to group 404/),
				[26, 27],
			]);
		});

		describe('a refused request, and the requests that take turns after it', () => {
			// One group, one work number per request: the three requests take turns, the first is refused.
			const run = async (continueOnFail: boolean) => {
				cms.addAgents(113, 1, 3);
				const a = cms.addGroup({ vdn: 113, groupName: 'A' });
				let adds = 0;
				cms.glitch = (request, reply) =>
					request.url.includes('batchaddgroupmember') && ++adds === 1
						? { status: 200, body: JSON.stringify({ resultCode: '0100001', resultDesc: 'busy' }) }
						: reply;
				const result = await runWorkflow(
					huaweiNode(
						{
							resource: 'member',
							operation: 'add',
							vdn: 113,
							groupId: byId(a.id),
							workNos: '={{ $json.w }}',
							options: { workNosPerRequest: 1 },
						},
						continueOnFail,
					),
					credentials(),
					[{ w: 1 }, { w: 2 }, { w: 3 }],
				);
				return { result, a };
			};
			const refused = (id: string) =>
				`The CMS refused to add work numbers 1 to group ${id} in VDN 113: busy (CMS error 0100001: The call failed)`;

			it('without Continue On Fail: the node stops there, and the requests after it are never sent', async () => {
				const { result, a } = await run(false);
				expect(result.error?.message).toBe(refused(a.id));
				expect(posts('batchaddgroupmember')).toHaveLength(1);
			});

			it('with Continue On Fail: the other items still go', async () => {
				const { result, a } = await run(true);
				expect(
					result.output('Huawei CMS Group')!.map((item) => item.error ?? item.workNos),
				).toEqual([refused(a.id), [2], [3]]);
				expect(posts('batchaddgroupmember')).toHaveLength(3);
			});
		});

		it("without Continue On Fail, two refused requests under way together: the error is the first item's", async () => {
			cms.addAgents(113, 1, 3);
			const a = cms.addGroup({ vdn: 113, groupName: 'A' });
			const result = await addEach([
				{ group: '404', w: 1 },
				{ group: a.id, w: 2 },
				{ group: '405', w: 3 },
			]);
			expect(posts('batchaddgroupmember')).toHaveLength(3);
			expect(result.error?.message).toMatch(/^The CMS refused to add work numbers 1 to group 404 /);
		});

		it("without Continue On Fail, a refusal while another group's request is under way: the error is the refusal, and the request waiting its turn behind that one is never sent", async () => {
			cms.addAgents(113, 1, 106);
			const a = cms.addGroup({ vdn: 113, groupName: 'A' });
			// Group A answers late: the refusal for group 404 comes first.
			cms.latencyOf = (request) => (request.body.includes(`"groupId":"${a.id}"`) ? 300 : undefined);
			const result = await addEach([
				// 100 work numbers fill one request; the next item's go in a second, which waits its turn.
				{ group: a.id, w: Array.from({ length: 100 }, (_, n) => n + 1).join(',') },
				{ group: a.id, w: '101,102,103,104,105' },
				{ group: '404', w: 106 },
			]);
			expect(result.error?.message).toMatch(
				/^The CMS refused to add work numbers 106 to group 404 /,
			);
			expect(posts('batchaddgroupmember')).toHaveLength(2);
		});

		it('stops at the first bad item before any request when Continue On Fail is off', async () => {
			const result = await runWorkflow(
				huaweiNode({
					resource: 'member',
					operation: 'add',
					vdn: 113,
					groupId: byId('1'),
					workNos: '={{ $json.w }}',
				}),
				credentials(),
				[{ w: 1 }, { w: 1000000 }],
			);
			expect(result.error?.message).toBe(
				'Parameter "Work Numbers" must list work numbers (whole numbers from 0 to 999999) (got 1000000) (input item 2)',
			);
			expect(cms.requests).toHaveLength(0);
		});

		it('passes on 0101002 for an agent the CMS does not know', async () => {
			const group = cms.addGroup({ vdn: 113, groupName: 'A' });
			const result = await runWorkflow(
				huaweiNode({
					resource: 'member',
					operation: 'add',
					vdn: 113,
					groupId: byId(group.id),
					workNos: '999',
				}),
				credentials(),
			);
			expect(result.error?.message).toBe(
				`The CMS refused to add work numbers 999 to group ${group.id} in VDN 113: Agent 999 does not exist (CMS error 0101002: The number does not exist in UAP)`,
			);
		});
	});

	describe('Member: Remove', () => {
		it('never sends an empty list, which the API itself takes as every member of the VDN', async () => {
			cms.addAgents(113, 1, 3);
			const group = cms.addGroup({ vdn: 113, groupName: 'A' });
			cms.join(
				group,
				[...cms.agents.values()].map((agent) => agent.workNo),
			);
			const result = await runWorkflow(
				huaweiNode({ resource: 'member', operation: 'remove', vdn: 113, workNos: '={{ [] }}' }),
				credentials(),
			);
			expect(result.error?.message).toMatch(
				/^Parameter "Work Numbers" must list at least one work number/,
			);
			expect(cms.requests).toHaveLength(0);
			expect(cms.membersOf(group.id)).toEqual([1, 2, 3]);
			// The danger: the same call sent with an empty list removes every member.
			const answer = await sendSigned(cms, 'qcrelationconf/batchdeletegroupmember', {
				vdn: 113,
				workNos: [],
			});
			expect(answer.resultCode).toBe('0100000');
			expect(cms.membersOf(group.id)).toEqual([]);
		});

		it('an empty Work Numbers field is already refused by n8n, which runs nothing', async () => {
			await expect(
				runWorkflow(
					huaweiNode({ resource: 'member', operation: 'remove', vdn: 113, workNos: '' }),
					credentials(),
				),
			).rejects.toThrow('Parameter "Work Numbers" is required.');
			expect(cms.requests).toHaveLength(0);
		});

		it.each([
			['an expression that gives an empty list', '={{ [] }}'],
			['an expression that gives null', '={{ null }}'],
			['only separators', ' , ; '],
		])('refuses %s before any request, whatever else the items say', async (_case, workNos) => {
			cms.addAgents(113, 1, 3);
			const group = cms.addGroup({ vdn: 113, groupName: 'A' });
			cms.join(
				group,
				[...cms.agents.values()].map((agent) => agent.workNo),
			);
			const result = await runWorkflow(
				huaweiNode({ resource: 'member', operation: 'remove', vdn: 113, workNos }, true),
				credentials(),
			);
			expect(result.output('Huawei CMS Group')![0].error).toMatch(
				/^Parameter "Work Numbers" must list at least one work number \(an empty list is never sent: the API would take it as every agent of the VDN\)/,
			);
			expect(cms.requests).toHaveLength(0);
			expect(cms.membersOf(group.id)).toEqual([1, 2, 3]);
		});

		it('removes only the listed agents, combined per VDN', async () => {
			cms.addAgents(113, 1, 4);
			const group = cms.addGroup({ vdn: 113, groupName: 'A' });
			cms.join(
				group,
				[...cms.agents.values()].map((agent) => agent.workNo),
			);
			const result = await runWorkflow(
				huaweiNode({
					resource: 'member',
					operation: 'remove',
					vdn: 113,
					workNos: '={{ $json.w }}',
				}),
				credentials(),
				[{ w: 1 }, { w: '2, 1' }],
			);
			expect(result.output('Huawei CMS Group')!.map((item) => item.workNos)).toEqual([[1], [2, 1]]);
			expect(posts('batchdeletegroupmember').map((request) => request.body)).toEqual([
				'{"vdn":113,"workNos":[1,2]}',
			]);
			expect(cms.membersOf(group.id)).toEqual([3, 4]);
		});
	});

	describe('Member: Get Many', () => {
		let groupId: string;
		beforeEach(() => {
			cms.addAgents(113, 1000, 250);
			const group = cms.addGroup({ vdn: 113, groupName: 'Big' });
			cms.join(
				group,
				[...cms.agents.values()].map((agent) => agent.workNo),
			);
			groupId = group.id;
		});

		const queries = () =>
			posts('querygroupmemberbycondition').map((request) => JSON.parse(request.body));

		it('walks every page of 100 with Return All', async () => {
			const result = await runWorkflow(
				huaweiNode({
					resource: 'member',
					operation: 'getAll',
					vdn: 113,
					groupId: byId(groupId),
					returnAll: true,
				}),
				credentials(),
			);
			const members = result.output('Huawei CMS Group')!;
			expect(members).toHaveLength(250);
			expect(new Set(members.map((member) => member.workNo)).size).toBe(250);
			expect(members[0]).toEqual({
				workNo: 1000,
				accountCode: 'agent1000',
				groupName: 'Big',
				accountName: 'Agent 1000',
				ccRoleId: 1,
				id: expect.any(String),
				groupId,
				vdn: 113,
			});
			expect(queries().map(({ limit, offset }) => [limit, offset])).toEqual([
				[100, 0],
				[100, 100],
				[100, 200],
				// The answer has no total: the list ends at an empty page.
				[100, 250],
			]);
		});

		it('asks for no more than Limit', async () => {
			const result = await runWorkflow(
				huaweiNode({
					resource: 'member',
					operation: 'getAll',
					vdn: 113,
					groupId: byId(groupId),
					returnAll: false,
					limit: 120,
				}),
				credentials(),
			);
			expect(result.output('Huawei CMS Group')).toHaveLength(120);
			expect(queries().map(({ limit, offset }) => [limit, offset])).toEqual([
				[100, 0],
				[20, 100],
			]);
		});

		it('filters by work number', async () => {
			const result = await runWorkflow(
				huaweiNode({
					resource: 'member',
					operation: 'getAll',
					vdn: 113,
					groupId: byId(groupId),
					returnAll: true,
					filters: { workNo: 1042 },
				}),
				credentials(),
			);
			expect(result.output('Huawei CMS Group')!.map((member) => member.workNo)).toEqual([1042]);
			expect(queries()[0]).toEqual({ vdn: 113, groupId, workNo: 1042, limit: 100, offset: 0 });
		});
	});
});
