import type { IDataObject } from 'n8n-workflow';

import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { runWorkflow, startWorkflow } from '../harness/engine';
import { HUAWEI_AK, HUAWEI_SK, huaweiCredentials, huaweiNode } from './fixtures';
import { until, useEmulator } from './lifecycle';

const SYNC = {
	operation: 'sync',
	vdn: 113,
	groupName: '={{ $json.name }}',
	existingGroupId: '={{ $json.id ?? "" }}',
	groupType: '={{ $json.type ?? 3 }}',
	remark: '={{ $json.remark ?? "" }}',
	workNos: '={{ $json.members ?? [] }}',
};

describe('Huawei CMS Group: Sync, in the n8n engine against the CMS emulator', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
	const credentials = () => huaweiCredentials(cms);
	const writes = () =>
		cms.requests
			.filter((request) => !/query/.test(request.url))
			.map(
				(request) =>
					`${request.url.replace('/rest/cmsapp/v1/openapi/qcrelationconf/', '')} ${request.body}`,
			);
	const sync = async (
		input: IDataObject[],
		parameters: IDataObject = {},
		continueOnFail: boolean | 'errorOutput' = false,
	) =>
		await runWorkflow(huaweiNode({ ...SYNC, ...parameters }, continueOnFail), credentials(), input);
	const state = (vdn = 113) =>
		[...cms.groups.values()]
			.filter((group) => group.vdn === vdn)
			.map((group) => ({
				name: group.groupName,
				type: group.groupType,
				remark: group.remark,
				members: cms.membersOf(group.id),
			}))
			.sort((a, b) => a.name.localeCompare(b.name));

	it('creates, renames and fills groups, moving an agent out of its old group before adding it, then plans nothing', async () => {
		cms.addAgents(113, 57001, 6);
		const sales = cms.addGroup({ vdn: 113, groupName: 'Team Sales', groupType: 3 });
		const old = cms.addGroup({ vdn: 113, groupName: 'Team Old', groupType: 3 });
		const other = cms.addGroup({ vdn: 113, groupName: 'Elsewhere', groupType: 2 });
		cms.join(sales, [57001, 57002]);
		cms.join(old, [57003]);
		cms.join(other, [57006]);
		const input = [
			{ name: 'Team Sales', members: [57001, 57003] },
			{ name: 'Team Support', id: old.id, remark: 'renamed', members: [57004] },
			{ name: 'Team New', members: [57005] },
		];
		const result = await sync(input, {
			syncScope: 'prefix',
			syncPrefix: 'Team ',
			syncMembers: 'exact',
		});
		expect(result.error).toBeUndefined();
		const output = result.output('Huawei CMS Group')!;
		expect(
			output.map((item) => [item.action, item.status, (item.group as IDataObject)?.name]),
		).toEqual([
			['create', 'done', 'Team New'],
			['update', 'done', 'Team Support'],
			['removeMembers', 'done', 'Team Sales'],
			['removeMembers', 'done', 'Team Support'],
			['addMembers', 'done', 'Team Sales'],
			['addMembers', 'done', 'Team Support'],
			[undefined, undefined, undefined],
		]);
		expect(output.at(-1)).toMatchObject({ summary: true, preview: false, changes: 6, failed: 0 });
		expect(state()).toEqual([
			{ name: 'Elsewhere', type: 2, remark: '', members: [57006] },
			{ name: 'Team New', type: 3, remark: '', members: [57005] },
			{ name: 'Team Sales', type: 3, remark: '', members: [57001, 57003] },
			{ name: 'Team Support', type: 3, remark: 'renamed', members: [57004] },
		]);
		// 57003 leaves Team Old (now Team Support) before it joins Team Sales: removal takes no group.
		const sent = writes();
		expect(sent.findIndex((line) => line.startsWith('batchdeletegroupmember'))).toBeLessThan(
			sent.findIndex((line) => line.startsWith('batchaddgroupmember')),
		);
		expect(sent.filter((line) => line.startsWith('batchdeletegroupmember'))).toEqual([
			'batchdeletegroupmember {"ccId":1,"vdn":113,"workNos":[57002,57003]}',
		]);

		cms.requests.length = 0;
		const again = await sync(input, {
			syncScope: 'prefix',
			syncPrefix: 'Team ',
			syncMembers: 'exact',
		});
		expect(again.output('Huawei CMS Group')).toEqual([
			expect.objectContaining({ summary: true, changes: 0, requests: 0, unchanged: 3 }),
		]);
		expect(writes()).toEqual([]);
	});

	it('moves an agent out of a managed group the input leaves out: removed first, then added', async () => {
		cms.addAgents(113, 57001, 3);
		const from = cms.addGroup({ vdn: 113, groupName: 'Team From' });
		const to = cms.addGroup({ vdn: 113, groupName: 'Team To' });
		cms.join(from, [57001, 57002]);
		const result = await sync([{ name: 'Team To', members: [57001] }], {
			syncScope: 'prefix',
			syncPrefix: 'Team ',
			syncMembers: 'exact',
		});
		expect(result.error).toBeUndefined();
		expect(writes()).toEqual([
			'batchdeletegroupmember {"ccId":1,"vdn":113,"workNos":[57001]}',
			`batchaddgroupmember {"ccId":1,"vdn":113,"groupId":"${to.id}","workNos":[57001]}`,
		]);
		expect(cms.membersOf(from.id)).toEqual([57002]);
		expect(cms.membersOf(to.id)).toEqual([57001]);
	});

	it('Preview Only: outputs the plan and sends nothing; the requests then sent are the plan, request for request', async () => {
		cms.addAgents(113, 57001, 4);
		const a = cms.addGroup({ vdn: 113, groupName: 'Team A' });
		const b = cms.addGroup({ vdn: 113, groupName: 'Team B' });
		cms.addGroup({ vdn: 113, groupName: 'Team C' });
		cms.join(a, [57001, 57002]);
		cms.join(b, [57003]);
		const input = [
			{ name: 'Team A2', id: a.id, members: [57001, 57003] },
			{ name: 'Team B', members: [57004] },
			{ name: 'Team D', members: [57002], remark: 'new' },
		];
		const parameters = {
			syncScope: 'prefix',
			syncPrefix: 'Team ',
			syncMembers: 'exact',
			deleteUnlisted: true,
		};
		const preview = await sync(input, { ...parameters, previewOnly: true });
		expect(preview.error).toBeUndefined();
		expect(writes()).toEqual([]);
		const plan = preview.output('Huawei CMS Group')!;
		expect(plan.at(-1)).toMatchObject({
			summary: true,
			preview: true,
			create: 1,
			update: 1,
			delete: 1,
		});
		expect(plan.slice(0, -1).every((item) => item.status === 'planned')).toBe(true);
		const planned = [
			...new Set(
				plan
					.slice(0, -1)
					.flatMap((item) => item.requests as IDataObject[])
					.map(
						(request) =>
							`${String(request.path).replace('qcrelationconf/', '')} ${JSON.stringify(request.body)}`,
					),
			),
		];

		cms.requests.length = 0;
		const applied = await sync(input, parameters);
		expect(applied.error).toBeUndefined();
		const created = [...cms.groups.values()].find((group) => group.groupName === 'Team D')!;
		expect(writes()).toEqual(planned.map((line) => line.replace('(the new group)', created.id)));
		expect(planned.length).toBeGreaterThanOrEqual(4);
	});

	describe('the guard', () => {
		beforeEach(() => {
			cms.addAgents(113, 57001, 8);
			for (let n = 0; n < 12; n++) cms.addGroup({ vdn: 113, groupName: `Team ${n}` });
			const full = cms.addGroup({ vdn: 113, groupName: 'Team Full' });
			cms.join(full, [57001, 57002, 57003, 57004, 57005, 57006, 57007, 57008]);
		});
		const everything = { syncScope: 'all', deleteUnlisted: true };

		it('refuses a plan that deletes more groups than Max Deletions, sending nothing', async () => {
			const result = await sync([{ name: 'Team Full' }, { name: 'Team 0' }], everything);
			expect(result.error?.message).toMatch(
				/^The sync would delete 11 groups \("Team 1", "Team 2", .*Max Deletions is 10\): more than it is allowed to at once, so nothing was changed$/,
			);
			expect(writes()).toEqual([]);
			const allowed = await sync([{ name: 'Team Full' }, { name: 'Team 0' }], {
				...everything,
				options: { maxDeletions: 11 },
			});
			expect(allowed.error).toBeUndefined();
			expect([...cms.groups.values()].map((group) => group.groupName)).toEqual([
				'Team 0',
				'Team Full',
			]);
		});

		it("refuses a plan that removes more than the share of a group's members, sending nothing", async () => {
			const input = [
				...Array.from({ length: 12 }, (_, n) => ({ name: `Team ${n}`, members: [] })),
				{ name: 'Team Full', members: [57001, 57002, 57003, 57004, 57005, 57006] },
			];
			const over = await sync(
				input.map((group) =>
					group.name === 'Team Full'
						? { ...group, members: [57001, 57002, 57003, 57004, 57005] }
						: group,
				),
				{ ...everything, syncMembers: 'exact' },
			);
			expect(over.error?.message).toMatch(
				/remove 3 of the 8 members of "Team Full" \(Max Share of Members Removed is 25%\)/,
			);
			expect(writes()).toEqual([]);
			// Two of eight is 25%: not more than the share.
			const within = await sync(input, { ...everything, syncMembers: 'exact' });
			expect(within.error).toBeUndefined();
			expect(writes()).toEqual([
				'batchdeletegroupmember {"ccId":1,"vdn":113,"workNos":[57007,57008]}',
			]);
		});

		it('counts deletions only against Max Deletions: creates pass Max Deletions 0', async () => {
			const all = [...cms.groups.values()].map((group) => ({ name: group.groupName }));
			const result = await sync([...all, { name: 'New A' }, { name: 'New B' }], {
				...everything,
				options: { maxDeletions: 0 },
			});
			expect(result.error).toBeUndefined();
			expect(writes()).toHaveLength(2);
		});

		/** Teams 0 to `withMembers - 1` get two agents each; the input lists Teams 0 to `listed - 1` with no members. */
		const emptyingSync = async (withMembers: number, listed: number, maxDeletions: number) => {
			cms.addAgents(113, 58001, 2 * withMembers);
			for (let n = 0; n < withMembers; n++)
				cms.join(
					[...cms.groups.values()].find((group) => group.groupName === `Team ${n}`)!,
					[58001 + 2 * n, 58002 + 2 * n],
				);
			const input = Array.from({ length: listed }, (_, n) => ({ name: `Team ${n}`, members: [] }));
			return await sync(input, { ...everything, syncMembers: 'exact', options: { maxDeletions } });
		};

		it('names the first five of each and how many more, both refusals in one message, and says what to do', async () => {
			const result = await emptyingSync(7, 7, 5);
			const removals = [0, 1, 2, 3, 4].map((n) => `2 of the 2 members of "Team ${n}"`).join(', ');
			expect(result.error?.message).toBe(
				`The sync would delete 6 groups ("Team 7", "Team 8", "Team 9", "Team 10", "Team 11"…; Max Deletions is 5) and remove ${removals} and more in 2 other groups (Max Share of Members Removed is 25%): more than it is allowed to at once, so nothing was changed`,
			);
			expect(result.error?.description).toBe(
				'If this is meant, raise "Max Deletions" or "Max Share of Members Removed (%)" in the Options, or run with Preview Only first to review the plan. If not, check the input: an empty or partial export looks like this.',
			);
			expect(writes()).toEqual([]);
		});

		it('names all of exactly five of each, with no "…" nor "and more"', async () => {
			const result = await emptyingSync(5, 8, 4);
			const removals = [0, 1, 2, 3, 4].map((n) => `2 of the 2 members of "Team ${n}"`).join(', ');
			expect(result.error?.message).toBe(
				`The sync would delete 5 groups ("Team 8", "Team 9", "Team 10", "Team 11", "Team Full"; Max Deletions is 4) and remove ${removals} (Max Share of Members Removed is 25%): more than it is allowed to at once, so nothing was changed`,
			);
		});

		it('Preview Only shows a refused plan with the refusal in its summary', async () => {
			const result = await sync([{ name: 'Team Full' }], { ...everything, previewOnly: true });
			expect(result.error).toBeUndefined();
			const output = result.output('Huawei CMS Group')!;
			expect(output.filter((item) => item.action === 'delete')).toHaveLength(12);
			expect(output.at(-1)!.refused).toMatch(/^The sync would delete 12 groups/);
			expect(writes()).toEqual([]);
		});
	});

	const nothingChanged =
		'Nothing was changed: the sync plans from the whole input at once, so it stops before any change.';
	it.each([
		[
			'a name listed twice',
			[{ name: 'Team A' }, { name: 'Team A' }],
			/^The group "Team A" is listed twice, by input item 1 and this one \(input item 2\)$/,
			`${nothingChanged} Each group may appear once in the input.`,
		],
		[
			'an ID listed twice',
			[
				{ name: 'Team A', id: '7' },
				{ name: 'Team B', id: '7' },
			],
			/^Group 7 is listed twice, by input item 1 and this one \(input item 2\)$/,
			nothingChanged,
		],
		[
			'an ID the VDN does not have',
			[{ name: 'Team A', id: '999' }],
			/^The VDN 113 has no group with the ID 999 \(input item 1\)$/,
			nothingChanged,
		],
		[
			'two groups of the name',
			[{ name: 'Twin' }],
			/^The VDN 113 has 2 groups named "Twin" \(IDs \d+, \d+\) \(input item 1\)$/,
			`${nothingChanged} Give the ID of the one meant.`,
		],
		[
			'a name outside the prefix',
			[{ name: 'Other' }],
			/^The group "Other" does not start with the Name Prefix "Team ": it is outside the groups this sync manages \(input item 1\)$/,
			nothingChanged,
		],
		[
			'a blank name',
			[{ name: 'Team A' }, { name: ' ' }],
			/^Parameter "Group Name" must not be empty \(got " "\) \(input item 2\)$/,
			undefined,
		],
		[
			'two VDNs',
			[{ name: 'Team A' }, { name: 'Team B', vdn: 114 }],
			/^Parameter "VDN" must be the same for every item/,
			undefined,
		],
		[
			'an agent in two groups',
			[
				{ name: 'Team A', members: [1] },
				{ name: 'Team B', members: [1] },
			],
			/lists agent 1, which input item 1 \("Team A"\) lists too/,
			undefined,
		],
	])(
		'refuses %s before any change, with one error item per input item under Continue On Fail',
		async (_case, input, message, description) => {
			cms.addGroup({ vdn: 113, groupName: 'Twin' });
			cms.addGroup({ vdn: 113, groupName: 'Twin' });
			const parameters = {
				vdn: '={{ $json.vdn ?? 113 }}',
				syncScope: input[0].name === 'Twin' ? 'listed' : 'prefix',
				syncPrefix: 'Team ',
				syncMembers: 'exact',
			};
			const stopped = await sync(input, parameters);
			expect(stopped.error?.message).toMatch(message);
			expect(stopped.error?.description ?? undefined).toBe(description);
			const continued = await sync(input, parameters, 'errorOutput');
			expect(
				continued.items('Huawei CMS Group', 1)!.map(({ json }) => [json.error, json.message]),
			).toEqual(
				input.map(() => [
					expect.stringMatching(message),
					description ?? expect.stringMatching(message),
				]),
			);
			expect(writes()).toEqual([]);
		},
	);

	it('refuses a group meant by two items (one by its ID, one by its name) before any change', async () => {
		const team = cms.addGroup({ vdn: 113, groupName: 'Team A' });
		const result = await sync([{ name: 'Team Z', id: team.id }, { name: 'Team A' }]);
		expect(result.error?.message).toBe(
			`Group ${team.id} ("Team A") is meant by input item 1 and by this one (input item 2)`,
		);
		expect(result.error?.description).toBe(nothingChanged);
		expect(writes()).toEqual([]);
	});

	it.each([
		[
			{ syncScope: 'everything' },
			'Parameter "Groups Managed" is not one of its choices (got "everything") (input item 1)',
		],
		[
			{ syncScope: 'all', deleteUnlisted: 'maybe' },
			'Parameter "Delete Managed Groups Not in the Input" must be true or false (got "maybe") (input item 1)',
		],
		[
			{ syncMembers: 'some' },
			'Parameter "Members" is not one of its choices (got "some") (input item 1)',
		],
		[
			{ syncScope: 'prefix', syncPrefix: ' ' },
			'Parameter "Name Prefix" must not be empty (got " ") (input item 1)',
		],
		[
			{ options: { maxDeletions: -1 } },
			'Parameter "Max Deletions" must be a whole number from 0 to 1000000 (got -1) (input item 1)',
		],
		[
			{ options: { maxRemovedShare: 101 } },
			'Parameter "Max Share of Members Removed (%)" must be a whole number from 0 to 100 (got 101) (input item 1)',
		],
	])('refuses the setting %j before any request', async (parameters, message) => {
		const result = await sync([{ name: 'Team A' }], parameters);
		expect(result.error?.message).toBe(message);
		expect(cms.requests).toEqual([]);
	});

	it('reports a group of another type and an agent of an unmanaged group as conflicts, and does the rest', async () => {
		cms.addAgents(113, 57001, 2);
		cms.addGroup({ vdn: 113, groupName: 'Team Traffic', groupType: 2, remark: 'kept' });
		const outside = cms.addGroup({ vdn: 113, groupName: 'Outside' });
		cms.join(outside, [57001]);
		const result = await sync(
			[
				{ name: 'Team Traffic', type: 3, remark: 'changed' },
				{ name: 'Team New', members: [57001, 57002] },
			],
			{ syncScope: 'prefix', syncPrefix: 'Team ', syncMembers: 'exact' },
		);
		expect(result.error).toBeUndefined();
		const output = result.output('Huawei CMS Group')!;
		expect(output.filter((item) => item.action === 'conflict').map((item) => item.reason)).toEqual([
			expect.stringMatching(
				/^The group is a Traffic group, the input says Quality inspection group: the CMS cannot change a group's type/,
			),
			expect.stringMatching(
				/^Not added, as adding an agent takes it out of its group: agent 57001 is in group \d+, which this sync does not manage$/,
			),
		]);
		expect(cms.membersOf(outside.id)).toEqual([57001]);
		expect(writes()).toEqual([
			'createusergroup {"ccId":1,"vdn":113,"groupName":"Team New","groupType":3,"workNos":[57002]}',
		]);
		expect(
			[...cms.groups.values()].find((group) => group.groupName === 'Team Traffic')!.remark,
		).toBe('kept');
	});

	it('a failed change: with the error output it goes there, the others are done; without, the error says what was done', async () => {
		const a = cms.addGroup({ vdn: 113, groupName: 'Team A' });
		const b = cms.addGroup({ vdn: 113, groupName: 'Team B' });
		// The update fails and changes nothing.
		cms.glitch = (request, reply) => {
			if (!request.body?.includes('"Team B2"')) return reply;
			b.groupName = 'Team B';
			return { status: 500, body: 'down' };
		};
		const input = [
			{ name: 'Team A2', id: a.id },
			{ name: 'Team B2', id: b.id },
		];
		const continued = await sync(input, { options: { retries: 0 } }, 'errorOutput');
		expect(continued.error).toBeUndefined();
		expect(continued.output('Huawei CMS Group')!.map((item) => [item.action, item.status])).toEqual(
			[
				['update', 'done'],
				[undefined, undefined],
			],
		);
		expect(continued.output('Huawei CMS Group')!.at(-1)).toMatchObject({
			summary: true,
			failed: 1,
		});
		const failed = continued.items('Huawei CMS Group', 1)!;
		expect(failed.map((item) => [item.json, item.pairedItem])).toEqual([
			[
				// n8n's error output merges the error item with its input item.
				{
					...input[1],
					error: expect.stringMatching(
						/^update "Team B2" \(ID \d+\) failed: The CMS answered HTTP 500/,
					),
					message: expect.stringMatching(/Running the sync again is safe/),
				},
				{ item: 1 },
			],
		]);
		cms.groups.get(a.id)!.groupName = 'Team A';
		const stopped = await sync(input, { options: { retries: 0 } });
		expect(stopped.error?.message).toMatch(
			/^The sync stopped: update "Team B2" \(ID \d+\) failed: The CMS answered HTTP 500/,
		);
		expect(stopped.error?.description).toBe(
			`down Done before it: 1 of 2 changes (update "Team A2" (ID ${a.id})). Running the sync again is safe: it plans only what is still missing. With "On Error: Continue" every change is output with its outcome.`,
		);
	});

	it('fails without a change when the group list changes while the members are read', async () => {
		cms.addAgents(113, 57001, 1);
		const group = cms.addGroup({ vdn: 113, groupName: 'Team A' });
		// Another admin adds a group while the sync reads the members.
		cms.glitch = (request, reply) => {
			if (request.url.includes('querygroupmember') && cms.groups.size === 1)
				cms.addGroup({ vdn: 113, groupName: 'Late' });
			return reply;
		};
		const result = await sync([{ name: 'Team A', members: [57001] }], { syncMembers: 'exact' });
		expect(result.error?.message).toBe(
			"The CMS's answers do not agree (the group list changed while it was read): nothing was changed",
		);
		expect(result.error?.description).toBe(
			'The sync plans only from a complete and consistent read. Something may have changed the groups while they were read: run the sync again.',
		);
		expect(writes()).toEqual([]);
		expect(cms.membersOf(group.id)).toEqual([]);
	});

	it('guards a share of two or more members, or the last one: 2 of 4 and 1 of 1 are refused, 1 of 4 is not', async () => {
		cms.addAgents(113, 57001, 5);
		const four = cms.addGroup({ vdn: 113, groupName: 'Team Four' });
		const one = cms.addGroup({ vdn: 113, groupName: 'Team One' });
		cms.join(four, [57001, 57002, 57003, 57004]);
		cms.join(one, [57005]);
		const refused = await sync(
			[
				{ name: 'Team Four', members: [57001, 57002] },
				{ name: 'Team One', members: [57005] },
			],
			{ syncMembers: 'exact' },
		);
		expect(refused.error?.message).toMatch(/remove 2 of the 4 members of "Team Four"/);
		const emptied = await sync(
			[
				{ name: 'Team Four', members: [57001, 57002, 57003, 57004] },
				{ name: 'Team One', members: [] },
			],
			{ syncMembers: 'exact' },
		);
		expect(emptied.error?.message).toMatch(/remove 1 of the 1 members of "Team One"/);
		const none = await sync([{ name: 'Team Four', members: [57001, 57002, 57003] }], {
			syncMembers: 'exact',
			options: { maxRemovedShare: 0 },
		});
		expect(none.error?.message).toMatch(/remove 1 of the 4 members of "Team Four"/);
		expect(writes()).toEqual([]);
		const allowed = await sync(
			[
				{ name: 'Team Four', members: [57001, 57002, 57003] },
				{ name: 'Team One', members: [57005] },
			],
			{ syncMembers: 'exact' },
		);
		expect(allowed.error).toBeUndefined();
		expect([cms.membersOf(four.id), cms.membersOf(one.id)]).toEqual([
			[57001, 57002, 57003],
			[57005],
		]);
	});

	it('Continue On Fail: after a failed create, no member is removed and no group deleted', async () => {
		cms.addAgents(113, 57001, 2);
		const sales = cms.addGroup({ vdn: 113, groupName: 'Team Sales' });
		cms.join(sales, [57001, 57002]);
		cms.glitch = (request, reply) => {
			if (!request.url.endsWith('/createusergroup')) return reply;
			for (const group of cms.groups.values())
				if (group.groupName === 'Team Sales 2') cms.groups.delete(group.id);
			return { status: 500, body: 'down' };
		};
		const result = await sync(
			[{ name: 'Team Sales 2', members: [57001, 57002] }],
			{
				syncScope: 'prefix',
				syncPrefix: 'Team ',
				syncMembers: 'exact',
				deleteUnlisted: true,
				options: { retries: 0, maxRemovedShare: 100 },
			},
			true,
		);
		const output = result.output('Huawei CMS Group')!;
		expect(output.map((item) => String(item.error ?? item.action))).toEqual([
			expect.stringMatching(/^create "Team Sales 2" failed/),
			expect.stringMatching(
				/^removeMembers "Team Sales" \(ID \d+\) failed: Not done: create "Team Sales 2" failed before it, and a sync takes its later steps \(member changes, deletions\) only when every earlier one went through$/,
			),
			expect.stringMatching(
				/^addMembers "Team Sales 2" failed: Not done: create "Team Sales 2" failed before it/,
			),
			expect.stringMatching(
				/^delete "Team Sales" \(ID \d+\) failed: Not done: create "Team Sales 2" failed before it/,
			),
			'undefined',
		]);
		expect(writes().map((line) => line.split(' ')[0])).toEqual(['createusergroup']);
		expect(cms.membersOf(sales.id)).toEqual([57001, 57002]);
		// A step not taken says what to do, whole.
		expect(output.slice(1, 4).map((item) => item.message)).toEqual(
			Array.from(
				{ length: 3 },
				() =>
					'Run the sync again once the failure is dealt with. Running the sync again is safe: it plans only what is still missing.',
			),
		);
	});

	it.each([
		[13, ', …'],
		[11, ''],
	])(
		'the error of a stopped sync lists the first ten changes done (of %i changes), then "…" only when there are more',
		async (count, more) => {
			const groups = Array.from({ length: count }, (_, n) =>
				cms.addGroup({ vdn: 113, groupName: `Team ${n}` }),
			);
			// The last rename fails: every other has started by then, and those under way are answered.
			const failing = (body?: string) => body?.includes(`"Team ${count - 1} new"`) === true;
			cms.glitch = (request, reply) =>
				failing(request.body) ? { status: 500, body: 'down' } : reply;
			const result = await sync(
				groups.map((group) => ({ name: `${group.groupName} new`, id: group.id })),
				{ options: { retries: 0 } },
			);
			const done = groups
				.slice(0, 10)
				.map((group, n) => `update "Team ${n} new" (ID ${group.id})`)
				.join(', ');
			expect(result.error?.description).toBe(
				`down Done before it: ${count - 1} of ${count} changes (${done}${more}). Running the sync again is safe: it plans only what is still missing. With "On Error: Continue" every change is output with its outcome.`,
			);
		},
	);

	it('a failed change whose error has no description: its error item says only that running again is safe', async () => {
		const team = cms.addGroup({ vdn: 113, groupName: 'Team A' });
		cms.glitch = (request, reply) =>
			request.body?.includes('"Team B"') ? { status: 500, body: '' } : reply;
		const result = await sync(
			[{ name: 'Team B', id: team.id }],
			{ options: { retries: 0 } },
			'errorOutput',
		);
		expect(result.items('Huawei CMS Group', 1)!.map(({ json }) => json.message)).toEqual([
			'Running the sync again is safe: it plans only what is still missing.',
		]);
		// (The emulator applied the failed rename before its 500.)
		cms.groups.get(team.id)!.groupName = 'Team A';
		const stopped = await sync([{ name: 'Team B', id: team.id }], { options: { retries: 0 } });
		expect(stopped.error?.description).toBe(
			'Done before it: 0 of 1 changes. Running the sync again is safe: it plans only what is still missing. With "On Error: Continue" every change is output with its outcome.',
		);
	});

	it('Only Add Missing Ones adds the listed agents in no group and removes nobody', async () => {
		cms.addAgents(113, 57001, 3);
		const team = cms.addGroup({ vdn: 113, groupName: 'Team A' });
		cms.join(team, [57001]);
		const result = await sync([{ name: 'Team A', members: [57002, 57003] }], {
			syncMembers: 'addMissing',
		});
		expect(result.error).toBeUndefined();
		expect(writes()).toEqual([
			`batchaddgroupmember {"ccId":1,"vdn":113,"groupId":"${team.id}","workNos":[57002,57003]}`,
		]);
		expect(cms.membersOf(team.id)).toEqual([57001, 57002, 57003]);
	});

	it('without Continue On Fail nothing starts after a failed change: a failed create stops the renames after it', async () => {
		const a = cms.addGroup({ vdn: 113, groupName: 'Team A' });
		cms.glitch = (request, reply) => {
			if (!request.url.endsWith('/createusergroup')) return reply;
			for (const group of cms.groups.values())
				if (group.groupName === 'Team New') cms.groups.delete(group.id);
			return { status: 500, body: 'down' };
		};
		const result = await sync([{ name: 'Team New' }, { name: 'Team A2', id: a.id }], {
			options: { retries: 0 },
		});
		expect(result.error?.message).toMatch(/^The sync stopped: create "Team New" failed/);
		expect(result.error?.description).toMatch(/Done before it: 0 of 2 changes\./);
		expect(writes().map((line) => line.split(' ')[0])).toEqual(['createusergroup']);
		// After the create only the look whether it made the group anyway: not the read of the step after it.
		const create = cms.requests.findIndex((request) => request.url.endsWith('/createusergroup'));
		expect(cms.requests.slice(create + 1).map((request) => request.url.split('/').at(-3))).toEqual([
			'queryallccgroup',
		]);
		expect(cms.groups.get(a.id)!.groupName).toBe('Team A');
	});

	it('an agent moving into a new group joins it after leaving its old one; if the create fails, its members are not tried', async () => {
		cms.addAgents(113, 57001, 3);
		const old = cms.addGroup({ vdn: 113, groupName: 'Team Old' });
		cms.join(old, [57001, 57002]);
		const input = [
			{ name: 'Team Old', members: [57002] },
			{ name: 'Team New', members: [57001, 57003] },
		];
		const parameters = { syncMembers: 'exact', options: { retries: 0, maxRemovedShare: 50 } };
		cms.glitch = (request, reply) => {
			if (!request.url.endsWith('/createusergroup')) return reply;
			for (const group of cms.groups.values())
				if (group.groupName === 'Team New') cms.groups.delete(group.id);
			return { status: 500, body: 'down' };
		};
		const failed = await sync(input, parameters, true);
		const output = failed.output('Huawei CMS Group')!;
		expect(
			output.map((item) => item.error ?? `${String(item.action)} ${String(item.status)}`),
		).toEqual([
			expect.stringMatching(/^create "Team New" failed/),
			expect.stringMatching(
				/^removeMembers "Team Old" \(ID \d+\) failed: Not done: create "Team New" failed before it/,
			),
			expect.stringMatching(
				/^addMembers "Team New" failed: Not done: create "Team New" failed before it/,
			),
			'undefined undefined',
		]);
		expect(writes().map((line) => line.split(' ')[0])).toEqual(['createusergroup']);
		// The agent stays in its old group: it never leaves for a group that does not exist.
		expect(cms.membersOf(old.id)).toEqual([57001, 57002]);

		cms.glitch = undefined;
		cms.requests.length = 0;
		const again = await sync(input, parameters);
		expect(again.error).toBeUndefined();
		const created = [...cms.groups.values()].find((group) => group.groupName === 'Team New')!;
		expect(writes()).toEqual([
			'createusergroup {"ccId":1,"vdn":113,"groupName":"Team New","groupType":3,"workNos":[57003]}',
			'batchdeletegroupmember {"ccId":1,"vdn":113,"workNos":[57001]}',
			`batchaddgroupmember {"ccId":1,"vdn":113,"groupId":"${created.id}","workNos":[57001]}`,
		]);
		expect([cms.membersOf(old.id), cms.membersOf(created.id)]).toEqual([[57002], [57001, 57003]]);
	});

	it('an agent moving from a listed group into a new group: the create carries only agents in no group', async () => {
		cms.addAgents(113, 57001, 3);
		const old = cms.addGroup({ vdn: 113, groupName: 'Team Old' });
		cms.join(old, [57001, 57002]);
		const result = await sync(
			[
				{ name: 'Team Old', members: [57002] },
				{ name: 'Team New', members: [57001, 57003] },
			],
			{ syncMembers: 'exact', options: { maxRemovedShare: 50 } },
		);
		expect(result.error).toBeUndefined();
		const created = [...cms.groups.values()].find((group) => group.groupName === 'Team New')!;
		expect(writes()).toEqual([
			'createusergroup {"ccId":1,"vdn":113,"groupName":"Team New","groupType":3,"workNos":[57003]}',
			'batchdeletegroupmember {"ccId":1,"vdn":113,"workNos":[57001]}',
			`batchaddgroupmember {"ccId":1,"vdn":113,"groupId":"${created.id}","workNos":[57001]}`,
		]);
		expect([cms.membersOf(old.id), cms.membersOf(created.id)]).toEqual([[57002], [57001, 57003]]);
	});

	/** An agent to move into a new group, and the group list after the create (the third list read) answered 500. */
	const createThenListFails = async (continueOnFail: boolean) => {
		cms.addAgents(113, 57001, 2);
		const old = cms.addGroup({ vdn: 113, groupName: 'Team Old' });
		cms.join(old, [57001, 57002]);
		let lists = 0;
		cms.glitch = (request, reply) =>
			request.url.includes('queryallccgroup') && ++lists === 3
				? { status: 500, body: 'down' }
				: reply;
		const result = await sync(
			[
				{ name: 'Team Old', members: [57002] },
				{ name: 'Team New', members: [57001] },
			],
			{ syncMembers: 'exact', options: { retries: 0, maxRemovedShare: 50 } },
			continueOnFail,
		);
		return { old, result };
	};

	it('the creates stay in the output as done when the group list after them cannot be read; the later steps wait', async () => {
		const { old, result } = await createThenListFails(true);
		const output = result.output('Huawei CMS Group')!;
		expect(
			output.map((item) => String(item.error ?? `${String(item.action)} ${String(item.status)}`)),
		).toEqual([
			'create done',
			expect.stringMatching(
				/^removeMembers "Team Old" \(ID \d+\) failed: Not done: The CMS answered HTTP 500 .* \(after the create step\) before it/,
			),
			expect.stringMatching(/^addMembers "Team New" failed: Not done: The CMS answered HTTP 500/),
			'undefined undefined',
		]);
		expect(output.at(-1)).toMatchObject({
			summary: true,
			failed: 2,
			failedStep: expect.stringMatching(/^The CMS answered HTTP 500 .* \(after the create step\)$/),
		});
		expect([...cms.groups.values()].map((group) => group.groupName)).toEqual([
			'Team Old',
			'Team New',
		]);
		// The agent stays where it was until a run can finish the move.
		expect(cms.membersOf(old.id)).toEqual([57001, 57002]);
	});

	describe('within one step', () => {
		/** `count` empty groups "Team 0"... and an agent for each; the add for "Team 0" fails at once, the others take 200 ms. */
		const twentyAdds = (count: number) => {
			cms.addAgents(113, 57001, count);
			for (let n = 0; n < count; n++) cms.addGroup({ vdn: 113, groupName: `Team ${n}` });
			const isAdd = (url: string) => url.endsWith('/batchaddgroupmember');
			const failing = (body?: string) => body?.includes('[57001]') === true;
			cms.latencyOf = (request) => (isAdd(request.url) && !failing(request.body) ? 200 : undefined);
			cms.glitch = (request, reply) =>
				isAdd(request.url) && failing(request.body) ? { status: 500, body: 'down' } : reply;
			const adds = () => cms.requests.filter((request) => isAdd(request.url));
			return { adds };
		};

		it('without Continue On Fail, no request starts after a failure, and the error counts what was done', async () => {
			const { adds } = twentyAdds(20);
			const result = await sync(
				Array.from({ length: 20 }, (_, n) => ({ name: `Team ${n}`, members: [57001 + n] })),
				{ syncMembers: 'addMissing', options: { retries: 0 } },
			);
			expect(result.error?.message).toMatch(
				/^The sync stopped: addMembers "Team 0" \(ID \d+\) failed: The CMS answered HTTP 500/,
			);
			// Those under way when the failure came are answered; no other is sent.
			const sent = adds().length;
			expect(sent).toBeLessThan(20);
			expect(result.error?.description).toMatch(
				new RegExp(`^down Done before it: ${sent - 1} of 20 changes \\(addMembers "Team `),
			);
		});

		it("with Continue On Fail, a failed change's other requests are not sent; its error item says how many went through", async () => {
			cms.addAgents(113, 57001, 40);
			const team = cms.addGroup({ vdn: 113, groupName: 'Team A' });
			const isAdd = (url: string) => url.endsWith('/batchaddgroupmember');
			const failing = (body?: string) => body?.includes('[57001]') === true;
			cms.latencyOf = (request) => (isAdd(request.url) && !failing(request.body) ? 200 : undefined);
			cms.glitch = (request, reply) =>
				isAdd(request.url) && failing(request.body) ? { status: 500, body: 'down' } : reply;
			const result = await sync(
				[{ name: 'Team A', members: Array.from({ length: 40 }, (_, n) => 57001 + n) }],
				{ syncMembers: 'addMissing', options: { retries: 0, workNosPerRequest: 1 } },
				'errorOutput',
			);
			const sent = cms.requests.filter((request) => isAdd(request.url)).length;
			expect(sent).toBeLessThan(40);
			// (The emulator applied the failing request before its 500: only the others count.)
			expect(cms.membersOf(team.id).filter((workNo) => workNo !== 57001)).toHaveLength(sent - 1);
			expect(result.items('Huawei CMS Group', 1)!.map(({ json }) => json.message)).toEqual([
				`${sent - 1} of its 40 requests went through. down Running the sync again is safe: it plans only what is still missing.`,
			]);
		});
	});

	it('a group list after the creates that cannot be read, with Continue On Fail and no later step: the summary says so', async () => {
		let lists = 0;
		cms.glitch = (request, reply) =>
			request.url.includes('queryallccgroup') && ++lists === 2
				? { status: 500, body: 'down' }
				: reply;
		const result = await sync([{ name: 'Team New' }], { options: { retries: 0 } }, true);
		const output = result.output('Huawei CMS Group')!;
		expect(output.map((item) => item.status ?? item.summary)).toEqual(['done', true]);
		expect(output.at(-1)!.failedStep).toBe(
			'The CMS answered HTTP 500 (server error) when asked to list the groups of VDN 113 (call center 1) (after the create step)',
		);
	});

	it('a group list after the creates that cannot be read, without Continue On Fail: the error says the creates were done', async () => {
		const { old, result } = await createThenListFails(false);
		expect(result.error?.message).toBe(
			'The sync stopped: the read after the create step failed: The CMS answered HTTP 500 (server error) when asked to list the groups of VDN 113 (call center 1)',
		);
		expect(result.error?.description).toBe(
			'down Done before it: 1 of 3 changes (create "Team New"). Running the sync again is safe: it plans only what is still missing. With "On Error: Continue" every change is output with its outcome.',
		);
		expect((result.error as { httpCode?: string }).httpCode).toBe('500');
		expect(cms.membersOf(old.id)).toEqual([57001, 57002]);
	});

	it('reading the members ends at the first failure: no plan, no change, not every group read', async () => {
		const groups = Array.from({ length: 30 }, (_, n) =>
			cms.addGroup({ vdn: 113, groupName: `Team ${n}` }),
		);
		const isRead = (url: string) => url.includes('querygroupmember');
		const failing = (body?: string) => body?.includes(`"${groups[0].id}"`) === true;
		cms.latencyOf = (request) => (isRead(request.url) && !failing(request.body) ? 200 : undefined);
		cms.glitch = (request, reply) =>
			isRead(request.url) && failing(request.body) ? { status: 500, body: 'down' } : reply;
		const result = await sync(
			groups.map((group) => ({ name: group.groupName, members: [] })),
			{ syncMembers: 'exact', options: { retries: 0 } },
		);
		expect(result.error?.message).toMatch(/^The CMS answered HTTP 500/);
		expect(cms.requests.filter((request) => isRead(request.url)).length).toBeLessThan(30);
		expect(writes()).toEqual([]);
	});

	it('Stop while the members are read, in Preview Only: the sync ends canceled, with no plan from part of a read', async () => {
		cms.addAgents(113, 57001, 30);
		const groups = Array.from({ length: 30 }, (_, n) => {
			const group = cms.addGroup({ vdn: 113, groupName: `Team ${n}` });
			cms.join(group, [57001 + n]);
			return group;
		});
		const isRead = (url: string) => url.includes('querygroupmember');
		cms.latencyOf = (request) => (isRead(request.url) ? 300 : undefined);
		const { cancel, finished } = await startWorkflow(
			huaweiNode({ ...SYNC, syncMembers: 'exact', previewOnly: true, options: { retries: 0 } }),
			credentials(),
			groups.map((group) => ({ name: group.groupName, members: [] })),
		);
		await until(() => cms.requests.some((request) => isRead(request.url)));
		cancel();
		const result = await finished;
		expect(result.run.status).toBe('canceled');
		expect(result.error?.message).toBe(
			'The execution was canceled (Stop, or its timeout): nothing more was sent',
		);
		expect(result.output('Huawei CMS Group')).toBeUndefined();
	});

	it('refuses Execute Once before any request: the sync would take the first item for the whole list', async () => {
		const workflow = huaweiNode({ ...SYNC, syncScope: 'all', deleteUnlisted: true });
		workflow.nodes[1].executeOnce = true;
		cms.addGroup({ vdn: 113, groupName: 'Team B' });
		const result = await runWorkflow(workflow, credentials(), [
			{ name: 'Team A' },
			{ name: 'Team B' },
		]);
		expect(result.error?.message).toMatch(
			/^"Execute Once" \(in the node's Settings\) is not used with Sync/,
		);
		expect(result.error?.description).toBe(
			'Switch it off: Sync takes all input items of the run as one list.',
		);
		expect(cms.requests).toEqual([]);
	});
});
