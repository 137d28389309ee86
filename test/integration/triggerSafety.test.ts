import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';

import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import type { ReceivedRequest, Reply } from '../emulators/server';
import { loadOptionsContext, nodeType, poller, runWorkflow } from '../harness/engine';
import { searchGroups } from '../../nodes/NiceExpertGroup/methods/listSearch';
import {
	HUAWEI_AK,
	HUAWEI_SK,
	byId,
	expertBasicCredentials,
	expertNode,
	huaweiCredentials,
	huaweiNode,
} from './fixtures';
import { useEmulator } from './lifecycle';

// The triggers never report a change that did not happen: each scenario is a bad answer (or a
// careless change of the trigger) that once became false events, and must now emit nothing.

const ALL_EVENTS = ['groupCreated', 'groupDeleted', 'groupRenamed', 'memberAdded', 'memberRemoved'];

/** The answer's JSON envelope with its list replaced. */
const withCmsList = (reply: Reply, list: (records: unknown[]) => unknown[]): Reply => {
	const envelope = JSON.parse(reply.body ?? '{}');
	return {
		...reply,
		body: JSON.stringify({
			...envelope,
			resultDesc: list(envelope.resultDesc),
			description: undefined,
		}),
	};
};
const isGroupList = (request: ReceivedRequest) => request.url.includes('queryallccgroup');
const isMemberQuery = (request: ReceivedRequest) =>
	request.url.includes('querygroupmemberbycondition');

describe('Huawei CMS Group Trigger against bad answers', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
	const credentials = () => huaweiCredentials(cms);
	const trigger = async (parameters: INodeParameters = {}, given = credentials()) =>
		await poller(
			{
				name: 'CMS changes',
				type: nodeType('huaweiCmsGroupTrigger'),
				parameters: { vdn: 113, events: ALL_EVENTS, ...parameters },
				credentials: { huaweiCmsApi: { id: '1', name: 'CMS' } },
			},
			given,
		);
	const groups = (count: number, vdn = 113) =>
		Array.from({ length: count }, (_, n) =>
			cms.addGroup({ vdn, groupName: `Team ${n}`, groupType: 2 }),
		);
	const staffed = (count: number) => {
		const [group] = groups(1);
		for (const agent of cms.addAgents(113, 1000, count)) agent.groupId = group.id;
		return group;
	};

	it('an empty "success" list: the first poll emits nothing (a deletion waits for a second read), the second is refused by the guard, the snapshot kept', async () => {
		groups(40);
		const { poll, staticData } = await trigger();
		expect(await poll()).toBeNull();
		const baseline = JSON.stringify(staticData());
		cms.glitch = (request, reply) => (isGroupList(request) ? withCmsList(reply, () => []) : reply);
		expect(await poll()).toBeNull();
		const pending = JSON.stringify(staticData());
		await expect(poll()).rejects.toThrow(
			'This poll would report 40 groups deleted (of 40, 100%): more than the trigger allows at once (Max Deletions per Poll 10, Max Share Deleted 25%)',
		);
		expect(JSON.stringify(staticData())).toBe(pending);
		cms.glitch = undefined;
		expect(await poll()).toBeNull();
		expect(await poll()).toBeNull();
		expect(JSON.stringify(staticData()).replace(/"takenAt":\d+/, '')).toBe(
			baseline.replace(/"takenAt":\d+/, ''),
		);
	});

	it('deletions count for the guard even when Group Deleted is not wanted (else the groups would come back as created)', async () => {
		groups(20);
		const { poll } = await trigger({ events: ['groupCreated'] });
		expect(await poll()).toBeNull();
		cms.glitch = (request, reply) => (isGroupList(request) ? withCmsList(reply, () => []) : reply);
		expect(await poll()).toBeNull();
		await expect(poll()).rejects.toThrow('This poll would report 20 groups deleted (of 20, 100%)');
		cms.glitch = undefined;
		// The snapshot was kept: the groups are back, and none is "created".
		expect(await poll()).toBeNull();
	});

	it('one empty member answer for a watched group of 50: no Member Removed, then the guard', async () => {
		const group = staffed(50);
		const { poll } = await trigger({ watchedGroups: [group.id] });
		expect(await poll()).toBeNull();
		cms.glitch = (request, reply) =>
			isMemberQuery(request) ? withCmsList(reply, () => []) : reply;
		expect(await poll()).toBeNull();
		await expect(poll()).rejects.toThrow(
			`This poll would report 50 members removed (50 of 50 in group ${group.id})`,
		);
		cms.glitch = undefined;
		expect(await poll()).toBeNull();
	});

	it('a server that gives 50 members a page when 100 are asked: read on until an empty page, no removal', async () => {
		const group = staffed(100);
		const { poll } = await trigger({ watchedGroups: [group.id] });
		cms.glitch = (request, reply) =>
			isMemberQuery(request) ? withCmsList(reply, (records) => records.slice(0, 50)) : reply;
		for (let n = 0; n < 3; n++) expect(await poll()).toBeNull();
		// Each poll: the group list, then pages at 0, 50 and 100 (the empty one that ends the list).
		const offsets = cms.requests
			.filter(isMemberQuery)
			.map((request) => JSON.parse(request.body).offset);
		expect(offsets).toEqual([0, 50, 100, 0, 50, 100, 0, 50, 100]);
	});

	it('a VDN changed on the active trigger takes a new baseline: no deletions of the old VDN, no creations of the new', async () => {
		groups(25, 113);
		groups(25, 114);
		const { poll, workflow, staticData } = await trigger();
		expect(await poll()).toBeNull();
		workflow.getNode('CMS changes')!.parameters.vdn = 114;
		expect(await poll()).toBeNull();
		expect(await poll()).toBeNull();
		expect(JSON.parse((staticData().snapshot as { of: string }).of)).toMatchObject({ vdn: 114 });
	});

	it('a credential pointed at another CMS takes a new baseline', async () => {
		groups(5);
		const other = new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } });
		await other.start();
		try {
			other.addGroup({ vdn: 113, groupName: 'Elsewhere', groupType: 2 });
			const given = credentials();
			const { poll } = await trigger({}, given);
			expect(await poll()).toBeNull();
			given.huaweiCmsApi.baseUrl = other.url;
			expect(await poll()).toBeNull();
			other.addGroup({ vdn: 113, groupName: 'New there', groupType: 2 });
			expect(await poll()).toEqual([
				expect.objectContaining({
					event: 'groupCreated',
					group: expect.objectContaining({ groupName: 'New there' }),
				}),
			]);
		} finally {
			await other.stop();
		}
	});

	it('another credential chosen on the active trigger (at the same address) takes a new baseline', async () => {
		const [group] = groups(1);
		const { poll, workflow } = await trigger();
		expect(await poll()).toBeNull();
		workflow.getNode('CMS changes')!.credentials!.huaweiCmsApi.id = '9';
		cms.groups.get(group.id)!.groupName = 'Seen by the other credential';
		expect(await poll()).toBeNull();
		cms.groups.get(group.id)!.groupName = 'Renamed after';
		expect(await poll()).toEqual([
			expect.objectContaining({
				event: 'groupRenamed',
				previous: { name: 'Seen by the other credential' },
			}),
		]);
	});

	it('a poll that ends after a newer one replaced the snapshot emits nothing and keeps the newer one', async () => {
		const [group] = groups(1);
		const { poll, staticData } = await trigger();
		expect(await poll()).toBeNull();
		cms.latencyMs = 400;
		const slow = poll();
		await new Promise((resolve) => setTimeout(resolve, 100));
		cms.latencyMs = 0;
		cms.groups.get(group.id)!.groupName = 'Renamed';
		expect(await poll()).toEqual([
			expect.objectContaining({ event: 'groupRenamed', previous: { name: 'Team 0' } }),
		]);
		const newer = JSON.stringify(staticData());
		// The slow poll read the old name: it must not write it back (and so rename the group again).
		expect(await slow).toBeNull();
		expect(JSON.stringify(staticData())).toBe(newer);
		expect(await poll()).toBeNull();
	});

	it.each([
		[
			'a group listed twice (with two names)',
			(records: unknown[]) => [...records, { ...(records[0] as object), groupName: 'Twin' }],
			/listed group \d+ twice/,
		],
		[
			'a group without an ID',
			(records: unknown[]) => [...records, { groupName: 'No ID', groupType: 2 }],
			/listed a group without a valid ID \(none\)/,
		],
		[
			'a 30-digit ID as a JSON number',
			(records: unknown[]) => [
				...records,
				{ id: 159832671551117675139418726647, groupName: 'Big', groupType: 2 },
			],
			/a group without a valid ID \(1\.598/,
		],
	])('%s fails the poll, emits nothing and keeps the snapshot', async (_case, list, message) => {
		groups(3);
		const { poll, staticData } = await trigger();
		expect(await poll()).toBeNull();
		const before = JSON.stringify(staticData());
		cms.glitch = (request, reply) => (isGroupList(request) ? withCmsList(reply, list) : reply);
		await expect(poll()).rejects.toThrow(message);
		expect(JSON.stringify(staticData())).toBe(before);
		// Get Many and Update read the same list: the same error, nothing sent.
		const getMany = await runWorkflow(
			huaweiNode({ operation: 'getAll', vdn: 113, returnAll: true }),
			credentials(),
		);
		expect(getMany.error?.message).toMatch(message);
	});

	it("a duplicated ID never lends its twin's name to an Update", async () => {
		const [group] = groups(1);
		cms.glitch = (request, reply) =>
			isGroupList(request)
				? withCmsList(reply, (records) => [
						{ ...(records[0] as object), groupName: 'Twin' },
						...records,
					])
				: reply;
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId(group.id),
				additionalFields: { remark: 'x' },
			}),
			credentials(),
		);
		expect(result.error?.message).toMatch(`listed group ${group.id} twice`);
		expect(cms.requests.filter((request) => request.url.includes('updategroup'))).toEqual([]);
	});

	it.each([
		['an older format', { groups: { 1: { name: 'x' } }, members: {} }],
		[
			'a hand edit',
			{
				format: 2,
				of: '{}',
				takenAt: 1,
				groups: { 1: 'x' },
				members: {},
				missingGroups: [],
				missingMembers: {},
			},
		],
		['no object at all', 'garbage'],
	])('static data in %s is never trusted: a new baseline', async (_case, stored) => {
		groups(3);
		const { poll, staticData } = await trigger();
		staticData().snapshot = stored;
		expect(await poll()).toBeNull();
		expect((staticData().snapshot as { format: number }).format).toBe(2);
		expect(await poll()).toBeNull();
	});

	// After an upgrade (or a downgrade) of the package, a published trigger's static data holds what
	// the other version wrote. Read as this format's, each of these would report a rename of the
	// first group, the third as created and, one poll later, a group deleted.
	it.each([
		['the format before format 2 (no format field, as the first triggers wrote it)', undefined],
		['format 1', 1],
		['a later format (3), of this format 2 shape otherwise', 3],
	])(
		'a snapshot in %s is reset: a new baseline, no events, then only the changes after it',
		async (_case, format) => {
			const [first, second, third] = groups(3);
			const { poll, staticData } = await trigger();
			expect(await poll()).toBeNull();
			const current = staticData().snapshot as { groups: Record<string, unknown> };
			const written = {
				...(format === 3 ? current : {}),
				...(format === undefined ? {} : { format }),
				groups: {
					[first.id]: { name: 'Old name', remark: '' },
					[second.id]: current.groups[second.id],
					'424242': { name: 'Gone since', remark: '' },
				},
				members: {},
			};
			expect(Object.keys(written.groups)).not.toContain(third.id);
			staticData().snapshot = written;
			expect(await poll()).toBeNull();
			expect(staticData().snapshot).toMatchObject({
				format: 2,
				groups: { [first.id]: { name: first.groupName }, [third.id]: { name: third.groupName } },
			});
			expect(await poll()).toBeNull();
			cms.groups.get(second.id)!.groupName = 'Renamed';
			expect(
				(await poll())!.map((item) => [item.event, (item.group as { id: string }).id]),
			).toEqual([['groupRenamed', second.id]]);
		},
	);

	it('groups with the IDs "constructor" and "toString" are new groups like any other', async () => {
		const { poll } = await trigger();
		expect(await poll()).toBeNull();
		for (const id of ['constructor', 'toString'])
			cms.groups.set(id, { id, vdn: 113, ccId: 1, groupName: id, groupType: 2, remark: '' });
		expect((await poll())!.map((item) => [item.event, (item.group as { id: string }).id])).toEqual([
			['groupCreated', 'constructor'],
			['groupCreated', 'toString'],
		]);
	});

	it('a real mass deletion is refused until the guard is raised, then reported; a new Baseline Tag starts over', async () => {
		const all = groups(40);
		const { poll, workflow } = await trigger();
		expect(await poll()).toBeNull();
		for (const group of all.slice(0, 12)) cms.groups.delete(group.id);
		expect(await poll()).toBeNull();
		await expect(poll()).rejects.toThrow('This poll would report 12 groups deleted (of 40, 30%)');
		workflow.getNode('CMS changes')!.parameters.options = { maxDeletions: 20, maxDeletedShare: 50 };
		expect((await poll())!.filter((item) => item.event === 'groupDeleted')).toHaveLength(12);

		for (const group of all.slice(12, 30)) cms.groups.delete(group.id);
		expect(await poll()).toBeNull();
		await expect(poll()).rejects.toThrow('This poll would report 18 groups deleted (of 28, 64%)');
		workflow.getNode('CMS changes')!.parameters.options = {
			maxDeletions: 20,
			maxDeletedShare: 50,
			baselineTag: 'accepted 2026-12-01',
		};
		expect(await poll()).toBeNull();
		expect(await poll()).toBeNull();
	});

	it.each([
		[
			{ options: { maxDeletedShare: 250 } },
			'Parameter "Max Share Deleted (%)" must be a whole number from 0 to 100 (got 250) (input item 1)',
		],
		[
			{ options: { maxDeletions: -1 } },
			'Parameter "Max Deletions per Poll" must be a whole number from 0 to 1000000 (got -1) (input item 1)',
		],
		[
			{ options: { baselineTag: { tag: 1 } } },
			'Parameter "Baseline Tag" must be text (got an object) (input item 1)',
		],
		[
			{ watchedGroups: ['a b'] },
			'Parameter "Groups to Watch for Member Changes" must be a group ID (digits or letters, no spaces) (got "a b") (input item 1)',
		],
	])('a bad parameter (%j) is refused before any request', async (parameters, message) => {
		const { poll } = await trigger(parameters);
		await expect(poll()).rejects.toThrow(message);
		expect(cms.requests).toEqual([]);
	});
});

describe('NICE Expert Group Trigger against bad answers', () => {
	const expert = useEmulator(new NiceExpertEmulator());
	const trigger = async (
		parameters: INodeParameters = {},
		given = expertBasicCredentials(expert),
	) =>
		await poller(
			{
				name: 'Expert changes',
				type: nodeType('niceExpertGroupTrigger'),
				parameters: { events: ALL_EVENTS, ...parameters },
				credentials: { niceExpertApi: { id: '2', name: 'Expert' } },
			},
			given,
		);
	const isGroupPage = (request: ReceivedRequest) => /\/@api\/deki\/groups\?/.test(request.url);
	const offsetOf = (request: ReceivedRequest) =>
		Number(new URL(request.url, 'http://x').searchParams.get('offset'));

	it.each([
		[
			{ watchAllGroups: 'maybe' },
			'Parameter "Watch Every Group for Member Changes" must be true or false (got "maybe") (input item 1)',
		],
		[
			{ watchedGroups: ['x'] },
			'Parameter "Groups to Watch for Member Changes" must be a group ID (a whole number from 1) (got "x") (input item 1)',
		],
	])('a bad parameter (%j) is refused before any request', async (parameters, message) => {
		const { poll } = await trigger(parameters);
		await expect(poll()).rejects.toThrow(message);
		expect(expert.requests).toEqual([]);
	});

	it('an empty <groups count="0" querycount="0"/>: no deletions, then the guard, the snapshot kept', async () => {
		for (let n = 0; n < 30; n++) expert.addGroup(`Team ${n}`);
		const { poll, staticData } = await trigger();
		expect(await poll()).toBeNull();
		expert.glitch = (request, reply) =>
			isGroupPage(request) ? { ...reply, body: '<groups count="0" querycount="0"/>' } : reply;
		expect(await poll()).toBeNull();
		const pending = JSON.stringify(staticData());
		await expect(poll()).rejects.toThrow(/^This poll would report 3\d groups deleted/);
		expect(JSON.stringify(staticData())).toBe(pending);
	});

	it('querycount 250 and the pages after the first empty: the poll fails, and Get Many fails too', async () => {
		for (let n = expert.groups.length; n < 250; n++) expert.addGroup(`Team ${n}`);
		const { poll, staticData } = await trigger();
		expect(await poll()).toBeNull();
		const before = JSON.stringify(staticData());
		expert.glitch = (request, reply) =>
			isGroupPage(request) && offsetOf(request) > 0
				? { ...reply, body: '<groups count="0" querycount="250"/>' }
				: reply;
		await expect(poll()).rejects.toThrow(
			'The server said 250 groups but stopped at 100: the list is incomplete',
		);
		expect(JSON.stringify(staticData())).toBe(before);
		const getMany = await runWorkflow(
			expertNode({ operation: 'getAll', returnAll: true }),
			expertBasicCredentials(expert),
		);
		expect(getMany.error?.message).toBe(
			'The server said 250 groups but stopped at 100: the list is incomplete',
		);
	});

	it("the editor's group list search reads by the same rules: a page missing where the count promised one is an error", async () => {
		for (let n = expert.groups.length; n < 250; n++) expert.addGroup(`Team ${n}`);
		expert.glitch = (request, reply) =>
			isGroupPage(request) && offsetOf(request) >= 100
				? { ...reply, body: '<groups count="0" querycount="250"/>' }
				: reply;
		const context = await loadOptionsContext(
			expertNode({ operation: 'get' }),
			'NICE Expert Group',
			expertBasicCredentials(expert),
		);
		const first = await searchGroups.call(context);
		expect(first.results).toHaveLength(100);
		await expect(searchGroups.call(context, undefined, first.paginationToken)).rejects.toThrow(
			'The server said 250 groups but stopped at 100: the list is incomplete',
		);
	});

	it('a short page in the middle, fewer records than the count: the poll fails', async () => {
		for (let n = expert.groups.length; n < 250; n++) expert.addGroup(`Team ${n}`);
		const { poll } = await trigger();
		expect(await poll()).toBeNull();
		expert.glitch = (request, reply) =>
			isGroupPage(request) && offsetOf(request) === 100
				? {
						...reply,
						body: reply.body!.replace(/(<group [\s\S]*?<\/group>){60}<\/groups>/, '</groups>'),
					}
				: reply;
		await expect(poll()).rejects.toThrow(
			/The server said 250 groups but stopped at 2\d\d|listed more groups|stopped at/,
		);
	});

	it('a site URL changed on the active trigger takes a new baseline', async () => {
		expert.addGroup('Here');
		const other = new NiceExpertEmulator();
		await other.start();
		try {
			other.addGroup('Elsewhere');
			other.addGroup('Elsewhere too');
			const given = expertBasicCredentials(expert);
			const { poll } = await trigger({}, given);
			expect(await poll()).toBeNull();
			given.niceExpertApi.siteUrl = other.url;
			expect(await poll()).toBeNull();
			const created = other.addGroup('New there');
			expect(await poll()).toEqual([
				expect.objectContaining({
					event: 'groupCreated',
					group: expect.objectContaining({ id: created.id }),
				}),
			]);
		} finally {
			await other.stop();
		}
	});

	it('another credential chosen on the active trigger (for the same site) takes a new baseline', async () => {
		const group = expert.addGroup('Here');
		const { poll, workflow } = await trigger();
		expect(await poll()).toBeNull();
		workflow.getNode('Expert changes')!.credentials!.niceExpertApi.id = '9';
		group.name = 'Seen by the other credential';
		expect(await poll()).toBeNull();
		group.name = 'Renamed after';
		expect(await poll()).toEqual([
			expect.objectContaining({
				event: 'groupRenamed',
				previous: { name: 'Seen by the other credential' },
			}),
		]);
	});

	it('a watched group gone between the group list and its member list (a 404): the poll fails, naming the group', async () => {
		const watched = expert.addGroup('Watched');
		const { poll } = await trigger({ watchedGroups: [String(watched.id)] });
		expert.glitch = (request, reply) =>
			request.url.includes(`/groups/${watched.id}/users`)
				? { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'gone' }
				: reply;
		await expect(poll()).rejects.toThrow(`Expert found no group with ID ${watched.id} (HTTP 404)`);
	});

	it('a failed poll keeps the snapshot, and a deleted watched group is no longer read', async () => {
		const watched = expert.addGroup('Watched');
		const { poll, staticData } = await trigger({ watchedGroups: [String(watched.id)] });
		expect(await poll()).toBeNull();
		const before = JSON.stringify(staticData());
		expert.queuedReplies.push(...[0, 1, 2].map(() => ({ status: 500, body: 'down' })));
		await expect(poll()).rejects.toThrow();
		expect(JSON.stringify(staticData())).toBe(before);
		expert.groups.splice(expert.groups.indexOf(watched), 1);
		expect(await poll()).toBeNull();
		expect(await poll()).toEqual([
			expect.objectContaining({
				event: 'groupDeleted',
				group: expect.objectContaining({ id: watched.id }),
			}),
		]);
		const requests = expert.requests.length;
		expect(await poll()).toBeNull();
		expect(expert.requests.slice(requests).map((request) => request.url.split('?')[0])).toEqual([
			'/@api/deki/groups',
		]);
	});
});

describe('random server glitches never become a deletion or removal of what still exists', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
	type Glitch =
		'none' | 'emptyGroups' | 'emptyMembers' | 'shortMembers' | 'duplicate' | 'reorder' | 'error';
	const glitches: Glitch[] = [
		'none',
		'emptyGroups',
		'emptyMembers',
		'shortMembers',
		'duplicate',
		'reorder',
		'error',
	];
	const apply =
		(glitch: Glitch) =>
		(request: ReceivedRequest, reply: Reply): Reply => {
			if (glitch === 'error') return { status: 500, body: 'down' };
			if (isGroupList(request)) {
				if (glitch === 'emptyGroups') return withCmsList(reply, () => []);
				if (glitch === 'duplicate')
					return withCmsList(reply, (records) => [...records, records[0]]);
				if (glitch === 'reorder') return withCmsList(reply, (records) => [...records].reverse());
			}
			if (isMemberQuery(request)) {
				if (glitch === 'emptyMembers') return withCmsList(reply, () => []);
				if (glitch === 'shortMembers') return withCmsList(reply, (records) => records.slice(0, 3));
			}
			return reply;
		};

	it('across several polls, over random glitches', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.constantFrom(...glitches), { minLength: 2, maxLength: 8 }),
				async (series) => {
					cms.reset();
					const groups = Array.from({ length: 6 }, (_, n) =>
						cms.addGroup({ vdn: 113, groupName: `G${n}`, groupType: 2 }),
					);
					for (const agent of cms.addAgents(113, 2000, 8)) agent.groupId = groups[0].id;
					const { poll } = await poller(
						{
							name: 'CMS changes',
							type: nodeType('huaweiCmsGroupTrigger'),
							parameters: { vdn: 113, events: ALL_EVENTS, watchedGroups: [groups[0].id] },
							credentials: { huaweiCmsApi: { id: '1', name: 'CMS' } },
						},
						huaweiCredentials(cms),
					);
					expect(await poll()).toBeNull();
					for (const glitch of series) {
						cms.glitch = apply(glitch);
						const emitted = await poll().catch(() => null);
						// Nothing changed on the server: whatever came back, it is never a deletion or a removal.
						expect(
							(emitted ?? []).filter(
								(item) => item.event === 'groupDeleted' || item.event === 'memberRemoved',
							),
						).toEqual([]);
					}
				},
			),
			{ numRuns: 25 },
		);
	}, 120000);
});
