import type { INodeParameters } from 'n8n-workflow';

import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import { loadOptionsContext, nodeType, nodeTypesByName, poller } from '../harness/engine';
import {
	HUAWEI_AK,
	HUAWEI_SK,
	WRONG_SECRET,
	expertBasicCredentials,
	huaweiCredentials,
} from './fixtures';
import { useEmulator } from './lifecycle';

// The trigger nodes as n8n's poller runs them, against the emulators changed between polls.

/** What the snapshot is of, changed between two polls: the parameters before, and those set after. */
const SCOPE_CHANGES: Array<[string, INodeParameters, (groupId: string) => INodeParameters]> = [
	['the watched groups', { watchedGroups: [] }, (id) => ({ watchedGroups: [id] })],
	[
		'the member events',
		{ events: ['groupRenamed'] },
		() => ({ events: ['groupRenamed', 'memberAdded'] }),
	],
	[
		'the member events (Member Removed alone)',
		{ events: ['groupRenamed'] },
		() => ({ events: ['groupRenamed', 'memberRemoved'] }),
	],
];

describe('Huawei CMS Group Trigger, polled against the CMS emulator', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
	const trigger = (parameters: INodeParameters) =>
		poller(
			{
				name: 'CMS changes',
				type: nodeType('huaweiCmsGroupTrigger'),
				parameters: { vdn: 113, ...parameters },
				credentials: { huaweiCmsApi: { id: '1', name: 'CMS' } },
			},
			huaweiCredentials(cms),
		);

	it('records a baseline first, then emits one item per change: created, renamed (with the old name), remark changed, deleted', async () => {
		const kept = cms.addGroup({ vdn: 113, groupName: 'Inbound', groupType: 2, remark: 'day' });
		const doomed = cms.addGroup({ vdn: 113, groupName: 'Old', groupType: 3 });
		cms.addGroup({ vdn: 114, groupName: 'Other VDN', groupType: 2 });
		const { poll } = await trigger({
			events: ['groupCreated', 'groupRenamed', 'groupRemarkChanged', 'groupDeleted'],
		});
		expect(await poll()).toBeNull();
		expect(await poll()).toBeNull();

		cms.groups.get(kept.id)!.groupName = 'Inbound Calls';
		cms.groups.get(kept.id)!.remark = 'day and night';
		cms.groups.delete(doomed.id);
		const created = cms.addGroup({ vdn: 113, groupName: 'New', groupType: 2 });
		expect(await poll()).toEqual([
			{
				event: 'groupRenamed',
				group: expect.objectContaining({ id: kept.id, groupName: 'Inbound Calls', vdn: 113 }),
				previous: { name: 'Inbound' },
			},
			{
				event: 'groupRemarkChanged',
				group: expect.objectContaining({ id: kept.id, remark: 'day and night' }),
				previous: { remark: 'day' },
			},
			{
				event: 'groupCreated',
				group: expect.objectContaining({
					id: created.id,
					groupName: 'New',
					groupTypeName: 'Traffic group',
				}),
			},
		]);
		// A group gone is reported when the next poll finds it gone too.
		expect(await poll()).toEqual([
			{
				event: 'groupDeleted',
				group: { id: doomed.id, groupName: 'Old', remark: '', ccId: 1, vdn: 113 },
			},
		]);
		expect(await poll()).toBeNull();
	});

	it('refuses an Events list that is empty or names an event it does not have', async () => {
		for (const [events, got] of [
			[[], ''],
			[['groupRenamd'], ' (got "groupRenamd")'],
		] as const) {
			const { poll } = await trigger({ events: [...events] });
			await expect(poll()).rejects.toThrow(
				`Parameter "Events" must list events of this trigger (groupCreated, groupDeleted, memberAdded, memberRemoved, groupRenamed, groupRemarkChanged)${got} (input item 1)`,
			);
		}
		// Refused before the poll reads anything.
		expect(cms.requests).toEqual([]);
	});

	it('a group of a type the node does not know, listed without a remark: created as type "Unknown", then a remark set is a change from ""', async () => {
		const { poll } = await trigger({ events: ['groupCreated', 'groupRemarkChanged'] });
		expect(await poll()).toBeNull();
		const group = cms.addGroup({ vdn: 113, groupName: 'Odd', groupType: 9, remark: undefined });
		expect(await poll()).toEqual([
			{
				event: 'groupCreated',
				group: {
					id: group.id,
					groupName: 'Odd',
					groupType: 9,
					groupTypeName: 'Unknown',
					ccId: 1,
					vdn: 113,
				},
			},
		]);
		cms.groups.get(group.id)!.remark = 'now with a remark';
		expect(await poll()).toEqual([
			expect.objectContaining({ event: 'groupRemarkChanged', previous: { remark: '' } }),
		]);
	});

	it('emits only the chosen events', async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'A', groupType: 2 });
		const doomed = cms.addGroup({ vdn: 113, groupName: 'D', groupType: 2 });
		const { poll } = await trigger({ events: ['groupDeleted'] });
		expect(await poll()).toBeNull();
		cms.groups.get(group.id)!.groupName = 'B';
		cms.groups.delete(doomed.id);
		cms.addGroup({ vdn: 113, groupName: 'C', groupType: 2 });
		// Not the rename nor the creation; the deletion once the next poll agrees, and only once.
		expect(await poll()).toBeNull();
		expect(await poll()).toEqual([
			{ event: 'groupDeleted', group: expect.objectContaining({ id: doomed.id, groupName: 'D' }) },
		]);
		expect(await poll()).toBeNull();
	});

	it('member events for the watched groups only, pages read until an empty one', async () => {
		cms.addAgents(113, 57001, 5);
		const watched = cms.addGroup({ vdn: 113, groupName: 'Watched', groupType: 2 });
		const other = cms.addGroup({ vdn: 113, groupName: 'Other', groupType: 2 });
		cms.join(watched, [57001, 57002]);
		cms.join(other, [57003]);
		const { poll } = await trigger({
			events: ['memberAdded', 'memberRemoved'],
			watchedGroups: [watched.id],
		});
		await poll();
		cms.requests.length = 0;
		expect(await poll()).toBeNull();
		expect(cms.requests.map((request) => request.url.split('/').pop())).toEqual([
			'113',
			'querygroupmemberbycondition',
			'querygroupmemberbycondition',
		]);

		cms.join(watched, [57003]);
		cms.join(other, [57001]);
		expect(await poll()).toEqual([
			{
				event: 'memberAdded',
				group: expect.objectContaining({ id: watched.id }),
				member: expect.objectContaining({ workNo: 57003, groupId: watched.id }),
			},
		]);
		expect(await poll()).toEqual([
			{
				event: 'memberRemoved',
				group: expect.objectContaining({ id: watched.id }),
				member: { workNo: 57001 },
			},
		]);
	});

	it('the watched groups in another order are the same watch (no new baseline); a watched group deleted is no longer read', async () => {
		const first = cms.addGroup({ vdn: 113, groupName: 'First', groupType: 2 });
		const second = cms.addGroup({ vdn: 113, groupName: 'Second', groupType: 2 });
		const { poll, workflow } = await trigger({
			events: ['groupRenamed', 'memberAdded'],
			watchedGroups: [second.id, first.id],
		});
		expect(await poll()).toBeNull();
		workflow.getNode('CMS changes')!.parameters.watchedGroups = [first.id, second.id];
		cms.groups.get(first.id)!.groupName = 'First again';
		expect(await poll()).toEqual([
			expect.objectContaining({ event: 'groupRenamed', previous: { name: 'First' } }),
		]);
		cms.groups.delete(second.id);
		cms.requests.length = 0;
		expect(await poll()).toBeNull();
		const memberQueries = cms.requests.filter((request) =>
			request.url.endsWith('querygroupmemberbycondition'),
		);
		// One page of First's (empty) members; none of Second's.
		expect(memberQueries.map((request) => JSON.parse(request.body).groupId)).toEqual([first.id]);
	});

	it('a failed poll emits nothing and loses nothing: the changes made meanwhile come with the next good poll', async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'Before', groupType: 2 });
		const credentials = huaweiCredentials(cms);
		const { poll, staticData } = await poller(
			{
				name: 'CMS changes',
				type: nodeType('huaweiCmsGroupTrigger'),
				parameters: { vdn: 113 },
				credentials: { huaweiCmsApi: { id: '1', name: 'CMS' } },
			},
			credentials,
		);
		await poll();
		const snapshot = JSON.stringify(staticData());
		cms.groups.get(group.id)!.groupName = 'After';
		credentials.huaweiCmsApi.secretKey = WRONG_SECRET;
		await expect(poll()).rejects.toThrow('The CMS rejected the signature (HTTP 401)');
		expect(JSON.stringify(staticData())).toBe(snapshot);
		credentials.huaweiCmsApi.secretKey = HUAWEI_SK;
		expect(await poll()).toEqual([
			expect.objectContaining({ event: 'groupRenamed', previous: { name: 'Before' } }),
		]);
	});

	it('"Fetch Test Event" gives the current groups shaped as events, five at the most, and leaves the snapshot alone', async () => {
		for (let n = 1; n <= 7; n++) cms.addGroup({ vdn: 113, groupName: `Sample ${n}`, groupType: 3 });
		const { poll, staticData } = await trigger({});
		expect(await poll('manual')).toEqual(
			[1, 2, 3, 4, 5].map((n) => ({
				event: 'groupCreated',
				group: expect.objectContaining({ groupName: `Sample ${n}` }),
				sample: true,
			})),
		);
		expect(staticData()).toEqual({});
		// And a real poll after it still takes the baseline (nothing emitted).
		expect(await poll()).toBeNull();
		expect(staticData()).toHaveProperty('snapshot');
	});

	it("each poll of an active workflow has n8n's budget of its own: polls after the first one's budget still read and report", async () => {
		// n8n gives every poll of an active workflow the same context; the budget (here 300 ms) is per poll.
		const group = cms.addGroup({ vdn: 113, groupName: 'Early', groupType: 2 });
		const { poll } = await poller(
			{
				name: 'CMS changes',
				type: nodeType('huaweiCmsGroupTrigger'),
				parameters: { vdn: 113, events: ['groupRenamed'] },
				credentials: { huaweiCmsApi: { id: '1', name: 'CMS' } },
			},
			huaweiCredentials(cms),
			{ pollBudgetMs: 300 },
		);
		expect(await poll()).toBeNull();
		await new Promise((resolve) => setTimeout(resolve, 400));
		cms.groups.get(group.id)!.groupName = 'Late';
		expect(await poll()).toEqual([
			expect.objectContaining({ event: 'groupRenamed', previous: { name: 'Early' } }),
		]);
	});

	it('keeps a small snapshot: only IDs and the compared fields', async () => {
		for (let n = 0; n < 100; n++)
			cms.addGroup({ vdn: 113, groupName: `group ${n}`, groupType: 2, remark: 'r' });
		const { poll, staticData } = await trigger({});
		await poll();
		const snapshot = staticData().snapshot as { groups: Record<string, object> };
		expect(Object.values(snapshot.groups)[0]).toEqual({ name: 'group 0', remark: 'r' });
		expect(JSON.stringify(snapshot).length).toBeLessThan(100 * 80);
	});

	it.each(SCOPE_CHANGES)(
		'a change of %s takes a new baseline (nothing emitted), and the next poll reports as usual',
		async (_what, first, then) => {
			const group = cms.addGroup({ vdn: 113, groupName: 'One', groupType: 2 });
			const { poll, workflow } = await trigger({
				events: ['groupRenamed', 'memberAdded'],
				...first,
			});
			expect(await poll()).toBeNull();
			cms.groups.get(group.id)!.groupName = 'Two';
			Object.assign(workflow.getNode('CMS changes')!.parameters, then(group.id));
			expect(await poll()).toBeNull();
			cms.groups.get(group.id)!.groupName = 'Three';
			expect(await poll()).toEqual([
				expect.objectContaining({ event: 'groupRenamed', previous: { name: 'Two' } }),
			]);
		},
	);
});

describe('NICE Expert Group Trigger, polled against the Expert emulator', () => {
	const expert = useEmulator(new NiceExpertEmulator());
	const trigger = (parameters: INodeParameters) =>
		poller(
			{
				name: 'Expert changes',
				type: nodeType('niceExpertGroupTrigger'),
				parameters,
				credentials: { niceExpertApi: { id: '2', name: 'Expert' } },
			},
			expertBasicCredentials(expert),
		);

	it('renamed and role changed (with the previous values), created and deleted', async () => {
		const sales = expert.addGroup('Sales', 'Contributor');
		const doomed = expert.addGroup('Temp', 'Viewer');
		const { poll } = await trigger({
			events: ['groupCreated', 'groupRenamed', 'groupRoleChanged', 'groupDeleted'],
		});
		expect(await poll()).toBeNull();
		sales.name = 'Sales EMEA';
		sales.roleId = expert.role('Viewer')!.id;
		expert.groups.splice(expert.groups.indexOf(doomed), 1);
		const created = expert.addGroup('Support', 'Viewer');
		expect(await poll()).toEqual([
			{
				event: 'groupRenamed',
				group: {
					id: sales.id,
					name: 'Sales EMEA',
					role: { id: expect.any(Number), name: 'Viewer' },
					userCount: 0,
				},
				previous: { name: 'Sales' },
			},
			{
				event: 'groupRoleChanged',
				group: expect.objectContaining({ id: sales.id }),
				previous: { role: 'Contributor' },
			},
			{
				event: 'groupCreated',
				group: expect.objectContaining({ id: created.id, name: 'Support' }),
			},
		]);
		expect(await poll()).toEqual([
			{ event: 'groupDeleted', group: { id: doomed.id, name: 'Temp', role: { name: 'Viewer' } } },
		]);
	});

	it('reads every page of the group list by ID, the order in which a group created meanwhile shifts no page', async () => {
		for (let n = 0; n < 250; n++) expert.addGroup(`Team ${n}`, 'Viewer');
		const { poll } = await trigger({ events: ['groupDeleted'] });
		expect(await poll()).toBeNull();
		const lists = expert.requests
			.map((request) => new URL(request.url, expert.url))
			.filter((url) => url.pathname === '/@api/deki/groups');
		expect(lists.map((url) => url.searchParams.get('offset'))).toEqual(['0', '100', '200']);
		expect(lists.map((url) => url.searchParams.get('sortby'))).toEqual(['id', 'id', 'id']);
	});

	it("the editor's dropdown of groups to watch: the first 1,000 by name, each labelled with its role", async () => {
		// Names in the reverse order of the IDs, so that a list by ID would give other groups.
		for (let n = 0; n < 1005; n++)
			expert.addGroup(`Team ${String(1004 - n).padStart(4, '0')}`, 'Viewer');
		const context = await loadOptionsContext(
			{
				nodes: [
					{
						id: 'trigger',
						name: 'Expert changes',
						type: nodeType('niceExpertGroupTrigger'),
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
						credentials: { niceExpertApi: { id: '2', name: 'Expert' } },
					},
				],
				connections: {},
			},
			'Expert changes',
			expertBasicCredentials(expert),
		);
		const { getGroups } = nodeTypesByName[nodeType('niceExpertGroupTrigger')].methods!.loadOptions!;
		const options = await getGroups.call(context);
		const byName = [...expert.groups].sort((a, b) =>
			a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1,
		);
		expect(options.map((option) => option.value)).toEqual(
			byName.slice(0, 1000).map((group) => String(group.id)),
		);
		expect(options.find((option) => option.name.startsWith('Team 0000'))).toEqual({
			name: 'Team 0000 (Viewer)',
			value: String(expert.groups.at(-1)!.id),
		});
	});

	it('member events of picked groups, or of every group when asked', async () => {
		const picked = expert.addGroup('Picked', 'Viewer');
		const other = expert.addGroup('Other', 'Viewer');
		const agent = expert.users.find((user) => user.username === 'agent')!;
		const cases: Array<[INodeParameters, number[]]> = [
			[
				{ events: ['memberAdded', 'memberRemoved'], watchedGroups: [String(picked.id)] },
				[picked.id],
			],
			[{ events: ['memberAdded', 'memberRemoved'], watchAllGroups: true }, [picked.id, other.id]],
		];
		for (const [parameters, expected] of cases) {
			picked.userIds = [];
			other.userIds = [];
			const { poll } = await trigger(parameters);
			await poll();
			picked.userIds.push(agent.id);
			other.userIds.push(agent.id);
			const items = (await poll())!;
			expect(
				items.map((item) => [
					item.event,
					(item.group as { id: number }).id,
					(item.member as { username: string }).username,
				]),
			).toEqual(expected.map((groupId) => ['memberAdded', groupId, 'agent']));
			// Removed: reported once the next poll agrees, with the member's ID.
			picked.userIds = [];
			other.userIds = [];
			expect(await poll()).toBeNull();
			expect(
				(await poll())!.map((item) => [item.event, (item.group as { id: number }).id, item.member]),
			).toEqual(expected.map((groupId) => ['memberRemoved', groupId, { id: agent.id }]));
		}
	});

	it('a group listed without a role: its role is "", and stays so when it is deleted', async () => {
		const roleless = expert.addGroup('No role', 'Viewer');
		// Expert lists a group that has no role with an empty <permissions.group/>.
		expert.glitch = (request, reply) =>
			request.url.includes('/groups?')
				? {
						...reply,
						body: String(reply.body).replace(/<role[^>]*>[^<]*<\/role>/g, ''),
					}
				: reply;
		const { poll } = await trigger({ events: ['groupRoleChanged', 'groupDeleted'] });
		expect(await poll()).toBeNull();
		expert.groups.splice(expert.groups.indexOf(roleless), 1);
		expect(await poll()).toBeNull();
		expect(await poll()).toEqual([
			{ event: 'groupDeleted', group: { id: roleless.id, name: 'No role', role: { name: '' } } },
		]);
	});

	it("each poll of an active workflow has n8n's budget of its own: polls after the first one's budget still read and report", async () => {
		const group = expert.addGroup('Early', 'Viewer');
		const { poll } = await poller(
			{
				name: 'Expert changes',
				type: nodeType('niceExpertGroupTrigger'),
				parameters: { events: ['groupRenamed'] },
				credentials: { niceExpertApi: { id: '2', name: 'Expert' } },
			},
			expertBasicCredentials(expert),
			{ pollBudgetMs: 300 },
		);
		expect(await poll()).toBeNull();
		await new Promise((resolve) => setTimeout(resolve, 400));
		group.name = 'Late';
		expect(await poll()).toEqual([
			expect.objectContaining({ event: 'groupRenamed', previous: { name: 'Early' } }),
		]);
	});

	it('the watched groups in another order are the same watch: no new baseline', async () => {
		const first = expert.addGroup('First', 'Viewer');
		const second = expert.addGroup('Second', 'Viewer');
		const { poll, workflow } = await trigger({
			events: ['groupRenamed', 'memberAdded'],
			watchedGroups: [String(second.id), String(first.id)],
		});
		expect(await poll()).toBeNull();
		workflow.getNode('Expert changes')!.parameters.watchedGroups = [
			String(first.id),
			String(second.id),
		];
		first.name = 'First again';
		expect(await poll()).toEqual([
			expect.objectContaining({ event: 'groupRenamed', previous: { name: 'First' } }),
		]);
	});

	it.each(SCOPE_CHANGES)(
		'a change of %s takes a new baseline (nothing emitted), and the next poll reports as usual',
		async (_what, first, then) => {
			const group = expert.addGroup('One', 'Viewer');
			const { poll, workflow } = await trigger({
				events: ['groupRenamed', 'memberAdded'],
				...first,
			});
			expect(await poll()).toBeNull();
			group.name = 'Two';
			Object.assign(workflow.getNode('Expert changes')!.parameters, then(String(group.id)));
			expect(await poll()).toBeNull();
			group.name = 'Three';
			expect(await poll()).toEqual([
				expect.objectContaining({ event: 'groupRenamed', previous: { name: 'Two' } }),
			]);
		},
	);
});
