import type { IPollFunctions } from 'n8n-workflow';

import {
	type Current,
	checkGuard,
	compare,
	pollResult,
	snapshotOf,
} from '../../nodes/shared/changes';

// The triggers' diff alone: two states of a VDN or a site, and the events between them.

const state = (
	groups: Array<[string, string, string]>,
	members: Record<string, string[]> = {},
): Current => ({
	groups: groups.map(([id, name, role]) => ({
		id,
		fields: { name, role },
		record: { id, name, role },
	})),
	members: new Map(
		Object.entries(members).map(([groupId, ids]) => [
			groupId,
			new Map(ids.map((id) => [id, { id }])),
		]),
	),
});
const FIELDS = { name: 'groupRenamed', role: 'groupRoleChanged' };
const gone = {
	group: (id: string, fields: Record<string, string>) => ({ id, ...fields, gone: true }),
	member: (id: string) => ({ id, gone: true }),
};

/** The events over a series of polls, each compared with the snapshot the one before left. */
function eventsOver(...polls: Current[]): string[][] {
	let snapshot = snapshotOf(polls[0]);
	return polls.slice(1).map((now) => {
		const { changes, next } = compare(snapshot, now, FIELDS, gone);
		snapshot = next;
		return changes.map(
			(change) =>
				`${change.event} ${String(change.group.id)}${change.member ? ` ${String(change.member.id)}` : ''}`,
		);
	});
}

describe('changes between polls', () => {
	it('nothing changed: no events', () => {
		const same = state([['1', 'A', 'Viewer']], { 1: ['7'] });
		expect(eventsOver(same, same, same)).toEqual([[], []]);
	});

	it('one event per changed field, with the previous value; created; in order', () => {
		const before = snapshotOf(state([['1', 'A', 'Viewer']]));
		const now = state([
			['3', 'C', 'Admin'],
			['1', 'A2', 'Admin'],
		]);
		expect(
			compare(before, now, FIELDS, gone).changes.map((change) => [
				change.event,
				change.group.id,
				change.previous,
			]),
		).toEqual([
			['groupCreated', '3', undefined],
			['groupRenamed', '1', { name: 'A' }],
			['groupRoleChanged', '1', { role: 'Viewer' }],
		]);
	});

	it('a group gone is reported deleted only when the next poll finds it gone too, with the fields the snapshot knew', () => {
		const both = state([
			['1', 'A', 'V'],
			['2', 'B', 'V'],
		]);
		const one = state([['1', 'A', 'V']]);
		expect(eventsOver(both, one, one, one)).toEqual([[], ['groupDeleted 2'], []]);
		const before = compare(snapshotOf(both), one, FIELDS, gone).next;
		expect(compare(before, one, FIELDS, gone).changes).toEqual([
			{ event: 'groupDeleted', group: { id: '2', name: 'B', role: 'V', gone: true } },
		]);
	});

	it('a group missing from one poll only comes back silently, or with its rename', () => {
		const both = state([
			['1', 'A', 'V'],
			['2', 'B', 'V'],
		]);
		const one = state([['1', 'A', 'V']]);
		const renamed = state([
			['1', 'A', 'V'],
			['2', 'B2', 'V'],
		]);
		expect(eventsOver(both, one, both, one, renamed)).toEqual([[], [], [], ['groupRenamed 2']]);
	});

	it('members only where the group was watched both times; a member gone is reported removed at the second poll that agrees', () => {
		const groups: Array<[string, string, string]> = [
			['1', 'A', 'V'],
			['2', 'B', 'V'],
		];
		expect(
			eventsOver(
				state(groups, { 1: ['7', '8'] }),
				state(groups, { 1: ['8', '9'], 2: ['5'] }),
				state(groups, { 1: ['8', '9'], 2: ['5'] }),
				state(groups, { 1: ['8', '9', '7'], 2: [] }),
				state(groups, { 1: ['8', '9', '7'], 2: [] }),
			),
		).toEqual([
			['memberAdded 1 9'],
			['memberRemoved 1 7'],
			['memberAdded 1 7'],
			['memberRemoved 2 5'],
		]);
	});

	it('a member missing from one poll only comes back silently', () => {
		const groups: Array<[string, string, string]> = [['1', 'A', 'V']];
		expect(
			eventsOver(
				state(groups, { 1: ['7', '8'] }),
				state(groups, { 1: ['8'] }),
				state(groups, { 1: ['7', '8'] }),
			),
		).toEqual([[], []]);
	});

	it('IDs that are names of object members are IDs like any other', () => {
		const groups = state([
			['constructor', 'C', 'V'],
			['toString', 'T', 'V'],
			['__proto__', 'P', 'V'],
		]);
		expect(eventsOver(state([]), groups, groups)).toEqual([
			['groupCreated constructor', 'groupCreated toString', 'groupCreated __proto__'],
			[],
		]);
	});
});

// The guard alone, and the stored snapshot through pollResult, with a stand-in for n8n's poll context
// (its static data, its logger, the node the errors name).
describe('the guard: how many deletions a poll may report', () => {
	const context = { getNode: () => ({ name: 'Trigger' }) } as unknown as IPollFunctions;
	const guard = { maxDeletions: 10, maxDeletedShare: 25 };
	/** A VDN of `count` groups of `membersEach` members each, as the snapshot before the poll. */
	const before = (count: number, membersEach = 0) =>
		snapshotOf(
			state(
				Array.from({ length: count }, (_, n) => [String(n + 1), `G${n + 1}`, 'r']),
				Object.fromEntries(
					Array.from({ length: count }, (_, n) => [
						String(n + 1),
						Array.from({ length: membersEach }, (_, m) => `${n + 1}-${m + 1}`),
					]),
				),
			),
		);
	const groupsDeleted = (count: number) =>
		Array.from({ length: count }, (_, n) => ({
			event: 'groupDeleted',
			group: { id: String(n + 1) },
		}));
	/** One member removed from each of the first `groups` groups, `each` times. */
	const membersRemoved = (groups: number, each = 1) =>
		Array.from({ length: groups * each }, (_, n) => ({
			event: 'memberRemoved',
			group: { id: String(Math.floor(n / each) + 1) },
			member: { id: `m${n}` },
		}));
	const refusal = (run: () => void) => {
		try {
			run();
			return 'allowed';
		} catch (error) {
			return (error as Error).message.split(':')[0];
		}
	};

	it.each([
		[10, 'allowed'],
		[11, 'This poll would report 11 groups deleted (of 100, 11%)'],
	])('Max Deletions 10 of 100 groups: %s deleted is %s', (count, expected) => {
		expect(refusal(() => checkGuard(context, before(100), groupsDeleted(count), guard))).toBe(
			expected,
		);
	});

	it.each([
		[25, 'allowed'],
		[26, 'This poll would report 26 groups deleted (of 100, 26%)'],
	])('Max Share 25%% of 100 groups: %s deleted is %s', (count, expected) => {
		const wide = { ...guard, maxDeletions: 100 };
		expect(refusal(() => checkGuard(context, before(100), groupsDeleted(count), wide))).toBe(
			expected,
		);
	});

	it('a single deletion never trips the share (the last group of a VDN may go); two of two do', () => {
		expect(refusal(() => checkGuard(context, before(1), groupsDeleted(1), guard))).toBe('allowed');
		expect(refusal(() => checkGuard(context, before(2), groupsDeleted(2), guard))).toBe(
			'This poll would report 2 groups deleted (of 2, 100%)',
		);
	});

	it.each([
		[10, 'allowed'],
		[11, 'This poll would report 11 members removed'],
	])('Max Deletions 10 of members, one from each of %s large groups: %s', (count, expected) => {
		expect(refusal(() => checkGuard(context, before(20, 100), membersRemoved(count), guard))).toBe(
			expected,
		);
	});

	it('deletions and removals both over the limit, in two groups: one error names them all, and says what to do', () => {
		let thrown: unknown;
		try {
			checkGuard(context, before(4, 4), [...groupsDeleted(2), ...membersRemoved(2, 2)], guard);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toMatchObject({
			message:
				'This poll would report 2 groups deleted (of 4, 50%) and 4 members removed (2 of 4 in group 1, 2 of 4 in group 2): more than the trigger allows at once (Max Deletions per Poll 10, Max Share Deleted 25%)',
			description:
				'Nothing was emitted and the snapshot is kept, so the same poll fails again until you decide. If the change is real, raise "Max Deletions per Poll" or "Max Share Deleted (%)" in the Options (the next poll then reports it), or change "Baseline Tag" to start over from the state as it is then (nothing reported). If it is not, check the server: an empty or partial answer can look like this.',
		});
	});

	it("a share of one group's members over the limit is named with its group", () => {
		expect(() => checkGuard(context, before(3, 8), membersRemoved(1, 3), guard)).toThrow(
			'This poll would report 3 members removed (3 of 8 in group 1): more than the trigger allows at once (Max Deletions per Poll 10, Max Share Deleted 25%)',
		);
	});
});

describe('the stored snapshot: trusted whole or not at all', () => {
	const poll = (now: Current, startedAt: number) => ({
		startedAt,
		scope: { vdn: 1 },
		options: { maxDeletions: 10, maxDeletedShare: 25, baselineTag: '' },
		now,
		fieldEvents: FIELDS,
		wanted: new Set(['groupCreated', 'groupDeleted', 'groupRenamed']),
		gone,
	});
	const run = (data: { snapshot?: unknown }, now: Current, startedAt: number) => {
		const logged: string[] = [];
		const context = {
			getMode: () => 'trigger',
			getNode: () => ({ name: 'Trigger' }),
			getWorkflowStaticData: () => data,
			logger: { info: (message: string) => logged.push(message) },
		} as unknown as IPollFunctions;
		const emitted = pollResult(context, poll(now, startedAt));
		return { emitted: emitted?.[0].map((item) => item.json.event) ?? [], logged };
	};
	const two = state([
		['1', 'A', 'r'],
		['2', 'B', 'r'],
	]);
	const renamed = state([
		['1', 'A2', 'r'],
		['2', 'B', 'r'],
	]);
	/** A good snapshot of `two`, taken at 10. */
	const stored = () => {
		const data: { snapshot?: Record<string, unknown> } = {};
		run(data, two, 10);
		return data.snapshot!;
	};

	it.each([
		['none (the first poll)', () => ({}), 'first poll'],
		[
			'a sound one of another scope',
			() => ({ snapshot: { ...stored(), of: JSON.stringify({ vdn: 2, baselineTag: '' }) } }),
			'what the trigger watches has changed',
		],
	])('%s: a new baseline, nothing emitted, and the log says why', (_case, data, reason) => {
		const { emitted, logged } = run(data(), renamed, 20);
		expect(emitted).toEqual([]);
		expect(logged).toEqual([`Taking a new baseline (${reason}): nothing is emitted this time`]);
	});

	it('a sound one is used: the next poll reports the rename', () => {
		expect(run({ snapshot: stored() }, renamed, 20).emitted).toEqual(['groupRenamed']);
	});

	it.each([
		['its scope missing', { of: undefined }],
		['its time as text', { takenAt: '10' }],
		['its time not finite', { takenAt: Number.POSITIVE_INFINITY }],
		['a group that is no record', { groups: { 1: 'A' } }],
		[
			'a field that is no text',
			{ groups: { 1: { name: 1, role: 'r' }, 2: { name: 'B', role: 'r' } } },
		],
		[
			'a group without a compared field',
			{ groups: { 1: { name: 'A' }, 2: { name: 'B', role: 'r' } } },
		],
		[
			'a group with a field the trigger does not compare',
			{ groups: { 1: { name: 'A', role: 'r', extra: 'x' }, 2: { name: 'B', role: 'r' } } },
		],
		['groups that are null', { groups: null }],
		['a group that is null', { groups: { 1: null, 2: { name: 'B', role: 'r' } } }],
		['members that are no lists', { members: { 1: 'x' } }],
		['a member ID that is no text', { members: { 1: [7] } }],
		['missing groups that are no list', { missingGroups: '2' }],
		['missing members that are no lists', { missingMembers: { 1: 2 } }],
	])('one with %s is not trusted in part: a new baseline, nothing emitted', (_case, damage) => {
		const data = { snapshot: { ...stored(), ...damage } };
		const { emitted, logged } = run(data, renamed, 20);
		expect(emitted).toEqual([]);
		expect(logged).toEqual([
			'Taking a new baseline (the stored snapshot has an unknown format): nothing is emitted this time',
		]);
		expect(data.snapshot).toMatchObject({ takenAt: 20, groups: { 1: { name: 'A2' } } });
	});

	it('one written by a newer poll wins: an older poll that ends later emits nothing and leaves it', () => {
		const data = { snapshot: stored() };
		const { emitted, logged } = run(data, renamed, 9);
		expect(emitted).toEqual([]);
		expect(logged).toEqual([
			'A newer poll has already recorded the groups: this older one emits nothing',
		]);
		expect(data.snapshot).toMatchObject({ takenAt: 10 });
		// A poll that started when the snapshot was taken is not older: it goes on.
		expect(run({ snapshot: stored() }, renamed, 10).emitted).toEqual(['groupRenamed']);
	});
});
