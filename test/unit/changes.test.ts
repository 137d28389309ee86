import { type Current, changesBetween, snapshotOf } from '../../nodes/shared/changes';

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
const ALL = new Set([
	'groupCreated',
	'groupDeleted',
	'groupRenamed',
	'groupRoleChanged',
	'memberAdded',
	'memberRemoved',
]);
const gone = {
	group: (id: string, fields: Record<string, string>) => ({ id, ...fields, gone: true }),
	member: (id: string) => ({ id, gone: true }),
};

describe('changes between two polls', () => {
	it('nothing changed: no events', () => {
		const before = snapshotOf(state([['1', 'A', 'Viewer']], { 1: ['7'] }));
		expect(
			changesBetween(before, state([['1', 'A', 'Viewer']], { 1: ['7'] }), FIELDS, ALL, gone),
		).toEqual([]);
	});

	it('one event per changed field, with the previous value; created and deleted; in order, deleted last', () => {
		const before = snapshotOf(
			state([
				['1', 'A', 'Viewer'],
				['2', 'B', 'Viewer'],
			]),
		);
		const now = state([
			['3', 'C', 'Admin'],
			['1', 'A2', 'Admin'],
		]);
		expect(
			changesBetween(before, now, FIELDS, ALL, gone).map((change) => [
				change.event,
				change.group.id,
				change.previous,
			]),
		).toEqual([
			['groupCreated', '3', undefined],
			['groupRenamed', '1', { name: 'A' }],
			['groupRoleChanged', '1', { role: 'Viewer' }],
			['groupDeleted', '2', undefined],
		]);
	});

	it('members only where the group was watched both times; removed members as the snapshot knew them', () => {
		const before = snapshotOf(
			state(
				[
					['1', 'A', 'V'],
					['2', 'B', 'V'],
				],
				{ 1: ['7', '8'] },
			),
		);
		const now = state(
			[
				['1', 'A', 'V'],
				['2', 'B', 'V'],
			],
			{ 1: ['8', '9'], 2: ['5'] },
		);
		expect(
			changesBetween(before, now, FIELDS, ALL, gone).map((change) => [
				change.event,
				change.group.id,
				change.member,
			]),
		).toEqual([
			['memberAdded', '1', { id: '9' }],
			['memberRemoved', '1', { id: '7', gone: true }],
		]);
	});

	it('only the wanted events', () => {
		const before = snapshotOf(state([['1', 'A', 'V']]));
		expect(
			changesBetween(
				before,
				state([['1', 'B', 'W']]),
				FIELDS,
				new Set(['groupRoleChanged']),
				gone,
			).map((change) => change.event),
		).toEqual(['groupRoleChanged']);
	});
});
