import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { invalidParameter, listItems } from './validation';

// What the triggers compare between two polls. The snapshot kept in the workflow's static data holds
// only IDs and the compared fields, so it stays small for thousands of groups.

/** Per group ID, the compared fields (name, role or remark...); per watched group, its members' IDs. */
export interface Snapshot {
	groups: Record<string, Record<string, string>>;
	members: Record<string, string[]>;
}

/** A group as read now: its ID, the compared fields, and the whole record for the output. */
export interface GroupState {
	id: string;
	fields: Record<string, string>;
	record: IDataObject;
}

/** A watched group's members as read now: each member's ID and record. */
export type MemberState = Map<string, IDataObject>;

export interface Current {
	groups: GroupState[];
	members: Map<string, MemberState>;
}

export interface Change {
	event: string;
	group: IDataObject;
	previous?: IDataObject;
	member?: IDataObject;
}

/** Field name -> the event when it changes, e.g. { name: 'groupRenamed', role: 'groupRoleChanged' }. */
export type FieldEvents = Record<string, string>;

/** A trigger's Events choices: its field events (named here) with the events every trigger has, alphabetical. */
export function eventOptions(
	fieldEventNames: Record<string, string>,
): Array<{ name: string; value: string; description?: string }> {
	const watched = 'In the groups watched for member changes';
	return [
		{ name: 'Group Created', value: 'groupCreated' },
		{ name: 'Group Deleted', value: 'groupDeleted' },
		...Object.entries(fieldEventNames).map(([value, name]) => ({ name, value })),
		{ name: 'Member Added', value: 'memberAdded', description: watched },
		{ name: 'Member Removed', value: 'memberRemoved', description: watched },
	].sort((a, b) => a.name.localeCompare(b.name));
}

export function snapshotOf(current: Current): Snapshot {
	const groups: Snapshot['groups'] = {};
	for (const group of current.groups) groups[group.id] = group.fields;
	const members: Snapshot['members'] = {};
	for (const [groupId, state] of current.members) members[groupId] = [...state.keys()];
	return { groups, members };
}

/** How a service names what the snapshot kept of something that is gone. */
export interface GoneRecords {
	group: (id: string, fields: Record<string, string>) => IDataObject;
	member: (id: string) => IDataObject;
}

/**
 * The changes from `before` to `now`, in a stable order (groups by their order now, deleted ones
 * last), only of the `wanted` events. Members are compared only for groups watched both times.
 */
export function changesBetween(
	before: Snapshot,
	now: Current,
	fieldEvents: FieldEvents,
	wanted: Set<string>,
	gone: GoneRecords,
): Change[] {
	const changes: Change[] = [];
	const add = (change: Change) => wanted.has(change.event) && changes.push(change);
	const seen = new Set<string>();
	for (const group of now.groups) {
		seen.add(group.id);
		const previous = before.groups[group.id];
		if (!previous) {
			add({ event: 'groupCreated', group: group.record });
			continue;
		}
		for (const [field, event] of Object.entries(fieldEvents)) {
			if ((previous[field] ?? '') !== (group.fields[field] ?? ''))
				add({ event, group: group.record, previous: { [field]: previous[field] ?? '' } });
		}
		const members = now.members.get(group.id);
		const earlier = before.members[group.id];
		if (!members || !earlier) continue;
		const had = new Set(earlier);
		for (const [memberId, member] of members)
			if (!had.has(memberId)) add({ event: 'memberAdded', group: group.record, member });
		for (const memberId of earlier)
			if (!members.has(memberId))
				add({ event: 'memberRemoved', group: group.record, member: gone.member(memberId) });
	}
	for (const [id, fields] of Object.entries(before.groups)) {
		if (!seen.has(id)) add({ event: 'groupDeleted', group: gone.group(id, fields) });
	}
	return changes;
}

/** How many sample items a manual test run ("Fetch Test Event") gives. */
const SAMPLES = 5;

/**
 * The trigger's Events, checked before the poll reads anything: events from an expression are checked
 * too, as a misspelt one would otherwise never fire, silently.
 */
export function wantedEvents(context: IPollFunctions, fieldEvents: FieldEvents): Set<string> {
	const known = new Set([
		'groupCreated',
		'groupDeleted',
		'memberAdded',
		'memberRemoved',
		...Object.values(fieldEvents),
	]);
	const wanted = new Set(listItems(context.getNodeParameter('events', [])).map(String));
	const unknown = [...wanted].find((event) => !known.has(event));
	if (wanted.size === 0 || unknown !== undefined) {
		throw invalidParameter(
			context,
			'Events',
			0,
			`must list events of this trigger (${[...known].join(', ')})`,
			unknown,
		);
	}
	return wanted;
}

/**
 * A trigger's poll, once it has read the state `now`: in a manual test run, up to five current
 * groups shaped as events (`sample: true`, the snapshot left alone); otherwise the `wanted` changes
 * since the snapshot in the workflow's static data, which `now` replaces. The first poll only records it.
 * A poll that failed before this keeps the old snapshot, so its changes come with the next good one.
 */
export function pollResult(
	context: IPollFunctions,
	now: Current,
	fieldEvents: FieldEvents,
	wanted: Set<string>,
	gone: GoneRecords,
): INodeExecutionData[][] | null {
	if (context.getMode() === 'manual') {
		const samples = now.groups
			.slice(0, SAMPLES)
			.map((group) => ({ json: { event: 'groupCreated', group: group.record, sample: true } }));
		return samples.length ? [samples] : null;
	}
	const state = context.getWorkflowStaticData('node') as { snapshot?: Snapshot };
	const before = state.snapshot;
	state.snapshot = snapshotOf(now);
	if (!before) return null;
	const changes = changesBetween(before, now, fieldEvents, wanted, gone);
	return changes.length
		? [changes.map((change) => ({ json: change as unknown as IDataObject }))]
		: null;
}
