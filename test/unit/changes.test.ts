import { type Current, compare, snapshotOf } from '../../nodes/shared/changes';

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
