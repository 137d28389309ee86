import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { integerValue, invalidParameter, listItems, optionalText } from './validation';

// What the triggers compare between two polls, and the rules that keep a bad answer from becoming
// an event: the reads are complete (see paginate and the list readers) or the poll fails; a group
// or member that vanished is reported only when the next poll agrees; a poll that would report
// more deletions or removals than the guard allows fails; the snapshot remembers what it is of, and
// a poll older than the stored snapshot never replaces it. The snapshot in the workflow's static
// data holds only IDs and the compared fields, so it stays small for thousands of groups.

/** The snapshot's format in static data; any other (an older one, an import, a hand edit) takes a new baseline. */
export const SNAPSHOT_FORMAT = 2;

/** The snapshot as static data keeps it (JSON). */
interface StoredSnapshot {
	format: typeof SNAPSHOT_FORMAT;
	/** What it is of: credential, address, VDN, watched groups... (see TriggerScope). */
	of: string;
	/** When the poll that wrote it started (ms since the epoch). */
	takenAt: number;
	groups: Record<string, Record<string, string>>;
	members: Record<string, string[]>;
	/** Groups absent from the last poll, not reported yet: the next poll confirms or clears them. */
	missingGroups: string[];
	/** Per watched group, members absent from the last poll, not reported yet. */
	missingMembers: Record<string, string[]>;
}

/** The snapshot as the comparison reads it: maps, never plain objects (an ID such as "constructor" is only an ID). */
export interface Snapshot {
	/** Per group ID, the compared fields (name, role or remark...). */
	groups: Map<string, Record<string, string>>;
	/** Per watched group, its members' IDs. */
	members: Map<string, Set<string>>;
	missingGroups: Set<string>;
	missingMembers: Map<string, Set<string>>;
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

/** How a service names what the snapshot kept of something that is gone. */
export interface GoneRecords {
	group: (id: string, fields: Record<string, string>) => IDataObject;
	member: (id: string) => IDataObject;
}

/** A trigger's Events choices: its field events (named here) with the events every trigger has, alphabetical. */
export function eventOptions(
	fieldEventNames: Record<string, string>,
): Array<{ name: string; value: string; description?: string }> {
	const watched = 'In the groups watched for member changes';
	return [
		{ name: 'Group Created', value: 'groupCreated' },
		{
			name: 'Group Deleted',
			value: 'groupDeleted',
			description: 'Reported when two polls in a row find the group gone',
		},
		...Object.entries(fieldEventNames).map(([value, name]) => ({ name, value })),
		{ name: 'Member Added', value: 'memberAdded', description: watched },
		{
			name: 'Member Removed',
			value: 'memberRemoved',
			description: `${watched}; reported when two polls in a row find the member gone`,
		},
	].sort((a, b) => a.name.localeCompare(b.name));
}

/** The guard against mass deletions and the baseline reset: entries of each trigger's Options. */
export const triggerGuardOptions: INodeProperties[] = [
	{
		displayName: 'Max Deletions per Poll',
		name: 'maxDeletions',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		description:
			'A poll that would report more Group Deleted events than this (or more Member Removed events) fails instead, emitting nothing and keeping the snapshot',
	},
	{
		displayName: 'Max Share Deleted (%)',
		name: 'maxDeletedShare',
		type: 'number',
		default: 25,
		typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 0 },
		description:
			"A poll that would report more than this share of the groups deleted (or of one group's members removed), two or more of them, fails instead",
	},
	{
		displayName: 'Baseline Tag',
		name: 'baselineTag',
		type: 'string',
		default: '',
		description:
			'Any change of this text makes the next poll take a new baseline and emit nothing: to start over after a change the guard refused',
	},
];

export const emptySnapshot = (): Snapshot => ({
	groups: new Map(),
	members: new Map(),
	missingGroups: new Set(),
	missingMembers: new Map(),
});

/** The state `now` as a snapshot of its own (a baseline): nothing missing. */
export function snapshotOf(now: Current): Snapshot {
	const snapshot = emptySnapshot();
	for (const group of now.groups) snapshot.groups.set(group.id, group.fields);
	for (const [groupId, members] of now.members)
		snapshot.members.set(groupId, new Set(members.keys()));
	return snapshot;
}

/**
 * The changes from `before` to `now` (groups by their order now, deleted ones last) and the snapshot
 * that replaces `before`. A group or member absent now is reported gone only when `before` already
 * had it missing (two reads in a row agree); otherwise it stays in the snapshot, marked missing, and
 * comes back silently if the next poll finds it. Members are compared only for groups watched both times.
 */
export function compare(
	before: Snapshot,
	now: Current,
	fieldEvents: FieldEvents,
	gone: GoneRecords,
): { changes: Change[]; next: Snapshot } {
	const changes: Change[] = [];
	const next = snapshotOf(now);
	for (const group of now.groups) {
		const previous = before.groups.get(group.id);
		if (!previous) {
			changes.push({ event: 'groupCreated', group: group.record });
			continue;
		}
		for (const [field, event] of Object.entries(fieldEvents)) {
			// Both have every compared field: the nodes give them all, and a stored snapshot without one is not trusted.
			if (previous[field] !== group.fields[field]) {
				changes.push({ event, group: group.record, previous: { [field]: previous[field] } });
			}
		}
		const members = now.members.get(group.id);
		const earlier = before.members.get(group.id);
		if (!members || !earlier) continue;
		for (const [memberId, member] of members) {
			if (!earlier.has(memberId))
				changes.push({ event: 'memberAdded', group: group.record, member });
		}
		const wasMissing = before.missingMembers.get(group.id) ?? new Set();
		const missing = new Set<string>();
		for (const memberId of earlier) {
			if (members.has(memberId)) continue;
			if (wasMissing.has(memberId)) {
				changes.push({
					event: 'memberRemoved',
					group: group.record,
					member: gone.member(memberId),
				});
			} else {
				missing.add(memberId);
				next.members.get(group.id)!.add(memberId);
			}
		}
		if (missing.size) next.missingMembers.set(group.id, missing);
	}
	for (const [id, fields] of before.groups) {
		if (next.groups.has(id)) continue;
		if (before.missingGroups.has(id)) {
			changes.push({ event: 'groupDeleted', group: gone.group(id, fields) });
			continue;
		}
		next.groups.set(id, fields);
		next.missingGroups.add(id);
		// Its members as they were, to compare with if it comes back.
		const members = before.members.get(id);
		if (members) next.members.set(id, members);
		const missingMembers = before.missingMembers.get(id);
		if (missingMembers) next.missingMembers.set(id, missingMembers);
	}
	return { changes, next };
}

/** The guard's limits, read from the trigger's Options. */
export interface Guard {
	maxDeletions: number;
	/** Percent. */
	maxDeletedShare: number;
}

/**
 * Refuses a poll whose deletions or removals (emitted or not) exceed the guard: more than maxDeletions, or
 * two or more making more than maxDeletedShare of the groups (or of one group's members).
 */
export function checkGuard(
	context: IPollFunctions,
	before: Snapshot,
	changes: Change[],
	guard: Guard,
): void {
	const percent = (part: number, whole: number) => Math.round((part / Math.max(whole, 1)) * 100);
	const overShare = (part: number, whole: number) =>
		part >= 2 && (part / Math.max(whole, 1)) * 100 > guard.maxDeletedShare;
	const deleted = changes.filter((change) => change.event === 'groupDeleted').length;
	const removedByGroup = new Map<string, number>();
	for (const change of changes) {
		if (change.event !== 'memberRemoved') continue;
		const groupId = String(change.group.id);
		removedByGroup.set(groupId, (removedByGroup.get(groupId) ?? 0) + 1);
	}
	const removed = [...removedByGroup.values()].reduce((sum, count) => sum + count, 0);
	const problems: string[] = [];
	if (deleted > guard.maxDeletions || overShare(deleted, before.groups.size)) {
		problems.push(
			`${deleted} groups deleted (of ${before.groups.size}, ${percent(deleted, before.groups.size)}%)`,
		);
	}
	const shareOver = [...removedByGroup].filter(([groupId, count]) =>
		overShare(count, before.members.get(groupId)?.size ?? 0),
	);
	if (removed > guard.maxDeletions || shareOver.length) {
		const worst = shareOver.map(
			([groupId, count]) =>
				`${count} of ${before.members.get(groupId)?.size ?? 0} in group ${groupId}`,
		);
		problems.push(`${removed} members removed${worst.length ? ` (${worst.join(', ')})` : ''}`);
	}
	if (!problems.length) return;
	throw new NodeOperationError(
		context.getNode(),
		`This poll would report ${problems.join(' and ')}: more than the trigger allows at once (Max Deletions per Poll ${guard.maxDeletions}, Max Share Deleted ${guard.maxDeletedShare}%)`,
		{
			description:
				'Nothing was emitted and the snapshot is kept, so the same poll fails again until you decide. If the change is real, raise "Max Deletions per Poll" or "Max Share Deleted (%)" in the Options (the next poll then reports it), or change "Baseline Tag" to start over from the state as it is then (nothing reported). If it is not, check the server: an empty or partial answer can look like this.',
		},
	);
}

/** The guard and the baseline tag, read strictly from the trigger's Options. */
export function guardOptions(context: IPollFunctions): Guard & { baselineTag: string } {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		maxDeletions: integerValue(
			context,
			options.maxDeletions ?? 10,
			'Max Deletions per Poll',
			0,
			0,
			1_000_000,
		),
		maxDeletedShare: integerValue(
			context,
			options.maxDeletedShare ?? 25,
			'Max Share Deleted (%)',
			0,
			0,
			100,
		),
		baselineTag: optionalText(context, options.baselineTag, 'Baseline Tag', 0) ?? '',
	};
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const isTextList = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((entry) => typeof entry === 'string');
const isTextListMap = (value: unknown): value is Record<string, string[]> =>
	isRecord(value) && Object.values(value).every(isTextList);

/** The stored snapshot, if static data holds one in this format, whole; otherwise undefined (never trusted in part). */
function readStored(value: unknown, fields: string[]): StoredSnapshot | undefined {
	if (!isRecord(value) || value.format !== SNAPSHOT_FORMAT) return undefined;
	const { of, takenAt, groups, members, missingGroups, missingMembers } = value;
	const sound =
		typeof of === 'string' &&
		typeof takenAt === 'number' &&
		Number.isFinite(takenAt) &&
		isRecord(groups) &&
		Object.values(groups).every(
			(stored) =>
				isRecord(stored) &&
				Object.keys(stored).length === fields.length &&
				fields.every((field) => typeof stored[field] === 'string'),
		) &&
		isTextListMap(members) &&
		isTextList(missingGroups) &&
		isTextListMap(missingMembers);
	return sound ? (value as unknown as StoredSnapshot) : undefined;
}

const asSnapshot = (stored: StoredSnapshot): Snapshot => ({
	groups: new Map(Object.entries(stored.groups)),
	members: new Map(Object.entries(stored.members).map(([id, list]) => [id, new Set(list)])),
	missingGroups: new Set(stored.missingGroups),
	missingMembers: new Map(
		Object.entries(stored.missingMembers).map(([id, list]) => [id, new Set(list)]),
	),
});

const asStored = (snapshot: Snapshot, of: string, takenAt: number): StoredSnapshot => ({
	format: SNAPSHOT_FORMAT,
	of,
	takenAt,
	groups: Object.fromEntries(snapshot.groups),
	members: Object.fromEntries([...snapshot.members].map(([id, set]) => [id, [...set]])),
	missingGroups: [...snapshot.missingGroups],
	missingMembers: Object.fromEntries(
		[...snapshot.missingMembers].map(([id, set]) => [id, [...set]]),
	),
});

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

/** One poll of a trigger, as its node read it. */
export interface Poll {
	/** When the poll started (ms since the epoch), before its first read. */
	startedAt: number;
	/** What the snapshot is of: anything whose change makes the old snapshot meaningless. */
	scope: IDataObject;
	/** The trigger's guard and baseline tag (guardOptions, read before the poll's first request). */
	options: Guard & { baselineTag: string };
	now: Current;
	fieldEvents: FieldEvents;
	wanted: Set<string>;
	gone: GoneRecords;
}

/**
 * A trigger's poll, once it has read the state `now` completely: in a manual test run, up to five
 * current groups shaped as events (`sample: true`, the snapshot left alone). Otherwise the wanted
 * changes since the snapshot in the workflow's static data, which the new one replaces. A new
 * baseline (nothing emitted) when there is no snapshot, one of another format or shape, or one of
 * another scope; nothing at all when a newer poll has already written its snapshot (polls can
 * overlap); an error, the snapshot kept, when the guard refuses. A poll that failed before this
 * keeps the old snapshot, so its changes come with the next good one.
 */
export function pollResult(context: IPollFunctions, poll: Poll): INodeExecutionData[][] | null {
	const { now, startedAt, wanted } = poll;
	if (context.getMode() === 'manual') {
		const samples = now.groups
			.slice(0, SAMPLES)
			.map((group) => ({ json: { event: 'groupCreated', group: group.record, sample: true } }));
		return samples.length ? [samples] : null;
	}
	const { baselineTag, ...guard } = poll.options;
	const of = JSON.stringify({ ...poll.scope, baselineTag });
	const data = context.getWorkflowStaticData('node') as { snapshot?: unknown };
	const stored = readStored(data.snapshot, Object.keys(poll.fieldEvents));
	if (stored && stored.takenAt > startedAt) {
		context.logger.info(
			'A newer poll has already recorded the groups: this older one emits nothing',
		);
		return null;
	}
	if (!stored || stored.of !== of) {
		const reason = !data.snapshot
			? 'first poll'
			: !stored
				? 'the stored snapshot has an unknown format'
				: 'what the trigger watches has changed';
		context.logger.info(`Taking a new baseline (${reason}): nothing is emitted this time`);
		data.snapshot = asStored(snapshotOf(now), of, startedAt);
		return null;
	}
	const before = asSnapshot(stored);
	const { changes, next } = compare(before, now, poll.fieldEvents, poll.gone);
	const emitted = changes.filter((change) => wanted.has(change.event));
	// Every confirmed deletion counts, wanted or not: one let through would come back as a creation.
	checkGuard(context, before, changes, guard);
	data.snapshot = asStored(next, of, startedAt);
	return emitted.length
		? [emitted.map((change) => ({ json: change as unknown as IDataObject }))]
		: null;
}
