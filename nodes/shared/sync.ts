import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asApiError } from './errors';
import { runState, runUnderPace } from './runState';
import { booleanParameter, integerValue, invalidParameter, itemLabel } from './validation';

// Sync, the part both nodes share: which groups it manages, how the input is matched to them, the
// guard, the order changes are applied in, and the output. Each node reads its system, plans the
// changes of its API and sends them (actions/group/sync.operation.ts).

export const SYNC_SCOPE = { listed: 'listed', prefix: 'prefix', all: 'all' } as const;
export const SYNC_MEMBERS = { keep: 'keep', exact: 'exact', addMissing: 'addMissing' } as const;

export interface SyncSettings {
	scope: (typeof SYNC_SCOPE)[keyof typeof SYNC_SCOPE];
	prefix: string;
	deleteUnlisted: boolean;
	members: (typeof SYNC_MEMBERS)[keyof typeof SYNC_MEMBERS];
	maxDeletions: number;
	/** Percent of one group's members. */
	maxRemovedShare: number;
}

const show = (scope: string[]) => ({ show: { syncScope: scope } });

/** The fields that say what a sync manages; `where` is "VDN" or "site". */
export function syncScopeFields(where: string, memberNoun: string): INodeProperties[] {
	return [
		{
			displayName: 'Groups Managed',
			name: 'syncScope',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Only Those in the Input',
					value: SYNC_SCOPE.listed,
					description: `The groups the input names (by ID or name) are created or updated; no other group of the ${where} is touched, none is deleted`,
				},
				{
					name: 'Those Whose Name Starts With a Prefix',
					value: SYNC_SCOPE.prefix,
					description: `Every group of the ${where} whose name starts with the prefix; the input may only name such groups`,
				},
				{
					name: `Every Group of the ${where}`,
					value: SYNC_SCOPE.all,
					description: `Every group of the ${where}`,
				},
			],
			default: 'listed',
			description: 'Which existing groups this sync manages. Groups outside it are never touched.',
		},
		{
			displayName: 'Name Prefix',
			name: 'syncPrefix',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Team ',
			// One prefix for the whole sync: it cannot differ per item.
			noDataExpression: true,
			displayOptions: show([SYNC_SCOPE.prefix]),
			description: 'The managed groups are those whose name starts with this text (case matters)',
		},
		{
			displayName: 'Delete Managed Groups Not in the Input',
			name: 'deleteUnlisted',
			type: 'boolean',
			default: false,
			noDataExpression: true,
			displayOptions: show([SYNC_SCOPE.prefix, SYNC_SCOPE.all]),
			description:
				'Whether managed groups the input does not name are deleted (after every other change, within Max Deletions). Off, they are left as they are.',
		},
		{
			displayName: 'Members',
			name: 'syncMembers',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Leave Them Alone',
					value: SYNC_MEMBERS.keep,
					description: 'Members are not read or changed (a new group is created empty)',
				},
				{
					name: 'Make Them Exactly the Listed Ones',
					value: SYNC_MEMBERS.exact,
					description: `Listed ${memberNoun} missing from a group are added, others are removed (within Max Share of Members Removed)`,
				},
				{
					name: 'Only Add Missing Ones',
					value: SYNC_MEMBERS.addMissing,
					description: `Listed ${memberNoun} missing from a group are added; nobody is removed`,
				},
			],
			default: 'keep',
			description: "What the sync does with the groups' members",
		},
	];
}

/** The guard's options (in the operation's Options list). */
export const syncGuardOptions: INodeProperties[] = [
	{
		displayName: 'Max Deletions',
		name: 'maxDeletions',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		description:
			'A plan that deletes more groups than this is refused before any change is sent (Preview Only shows it)',
	},
	{
		displayName: 'Max Share of Members Removed (%)',
		name: 'maxRemovedShare',
		type: 'number',
		default: 25,
		typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 0 },
		description:
			"A plan that removes more than this share of one group's members (two or more of them, or the last ones; at 0, any) is refused before any change is sent",
	},
];

/** The sync's settings, from the node (they cannot differ per item: one sync, one desired state). */
export function syncSettings(context: IExecuteFunctions): SyncSettings {
	// Execute Once would hand the sync the first item only: a desired state of one group.
	if (context.getNode().executeOnce === true)
		throw new NodeOperationError(
			context.getNode(),
			'"Execute Once" (in the node\'s Settings) is not used with Sync: the sync would see the first item only, and take it for every group there must be',
			{ description: 'Switch it off: Sync takes all input items of the run as one list.' },
		);
	const scope = context.getNodeParameter(
		'syncScope',
		0,
		SYNC_SCOPE.listed,
	) as SyncSettings['scope'];
	const members = context.getNodeParameter(
		'syncMembers',
		0,
		SYNC_MEMBERS.keep,
	) as SyncSettings['members'];
	if (!Object.values(SYNC_SCOPE).includes(scope))
		throw invalidParameter(context, 'Groups Managed', 0, 'is not one of its choices', scope);
	if (!Object.values(SYNC_MEMBERS).includes(members))
		throw invalidParameter(context, 'Members', 0, 'is not one of its choices', members);
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	let prefix = '';
	if (scope === SYNC_SCOPE.prefix) {
		const value = context.getNodeParameter('syncPrefix', 0, '');
		if (typeof value !== 'string' || value.trim() === '')
			throw invalidParameter(context, 'Name Prefix', 0, 'must not be empty', value);
		prefix = value;
	}
	return {
		scope,
		prefix,
		deleteUnlisted:
			scope !== SYNC_SCOPE.listed &&
			booleanParameter(
				context,
				'deleteUnlisted',
				'Delete Managed Groups Not in the Input',
				0,
				false,
			),
		members,
		maxDeletions: integerValue(
			context,
			options.maxDeletions ?? 10,
			'Max Deletions',
			0,
			0,
			1_000_000,
		),
		maxRemovedShare: integerValue(
			context,
			options.maxRemovedShare ?? 25,
			'Max Share of Members Removed (%)',
			0,
			0,
			100,
		),
	};
}

/** What the input says one group must be. */
export interface WantedGroup {
	itemIndex: number;
	id?: string;
	name: string;
}

/** A group as the system has it. */
export interface ExistingGroup {
	id: string;
	name: string;
}

export interface GroupMatch<W, E> {
	wanted: W;
	/** Undefined: the group is to be created. */
	existing?: E;
}

/**
 * Pairs each wanted group with the existing one it means: by ID where given (a different name is a
 * rename), else by exact name. Anything ambiguous stops the sync before any request that changes
 * something: a name or ID listed twice, two existing groups of one name, an existing group claimed
 * twice, an ID the system does not have, a group outside the scope. `unlisted`: the managed groups
 * the input does not name.
 */
export function matchGroups<W extends WantedGroup, E extends ExistingGroup>(
	context: IExecuteFunctions,
	wanted: W[],
	existing: E[],
	settings: SyncSettings,
	where: string,
	/** How names compare: Expert's ignore case (its names are unique regardless of case). */
	nameKey: (name: string) => string = (name) => name,
): { matches: Array<GroupMatch<W, E>>; unlisted: E[] } {
	const refuse = (itemIndex: number, message: string, description?: string) =>
		new NodeOperationError(context.getNode(), `${message} (${itemLabel(itemIndex)})`, {
			itemIndex,
			description:
				`Nothing was changed: the sync plans from the whole input at once, so it stops before any change. ${description ?? ''}`.trim(),
		});
	const inScope = (name: string) =>
		settings.scope === SYNC_SCOPE.all ||
		(settings.scope === SYNC_SCOPE.prefix && name.startsWith(settings.prefix));

	const firstOfName = new Map<string, W>();
	const firstOfId = new Map<string, W>();
	for (const group of wanted) {
		const earlier = firstOfName.get(nameKey(group.name));
		if (earlier)
			throw refuse(
				group.itemIndex,
				`The group "${group.name}" is listed twice, by ${itemLabel(earlier.itemIndex)}${earlier.name === group.name ? '' : ` ("${earlier.name}")`} and this one`,
				'Each group may appear once in the input.',
			);
		firstOfName.set(nameKey(group.name), group);
		if (group.id !== undefined) {
			const sameId = firstOfId.get(group.id);
			if (sameId)
				throw refuse(
					group.itemIndex,
					`Group ${group.id} is listed twice, by ${itemLabel(sameId.itemIndex)} and this one`,
				);
			firstOfId.set(group.id, group);
		}
		if (settings.scope === SYNC_SCOPE.prefix && !group.name.startsWith(settings.prefix))
			throw refuse(
				group.itemIndex,
				`The group "${group.name}" does not start with the Name Prefix "${settings.prefix}": it is outside the groups this sync manages`,
			);
	}

	const byId = new Map(existing.map((group) => [group.id, group]));
	const byName = new Map<string, E[]>();
	for (const group of existing)
		byName.set(nameKey(group.name), [...(byName.get(nameKey(group.name)) ?? []), group]);
	const claimedBy = new Map<string, W>();
	const matches = wanted.map((group): GroupMatch<W, E> => {
		let found: E | undefined;
		if (group.id !== undefined) {
			found = byId.get(group.id);
			if (!found)
				throw refuse(group.itemIndex, `The ${where} has no group with the ID ${group.id}`);
		} else {
			const named = byName.get(nameKey(group.name)) ?? [];
			if (named.length > 1)
				throw refuse(
					group.itemIndex,
					`The ${where} has ${named.length} groups named "${group.name}" (IDs ${named.map((candidate) => candidate.id).join(', ')})`,
					'Give the ID of the one meant.',
				);
			found = named[0];
		}
		// By ID, or by a name that matches without regard to case: the group found must be managed.
		if (found && settings.scope !== SYNC_SCOPE.listed && !inScope(found.name))
			throw refuse(
				group.itemIndex,
				`Group ${found.id} ("${found.name}") is outside the groups this sync manages`,
			);
		if (found) {
			const other = claimedBy.get(found.id);
			if (other)
				throw refuse(
					group.itemIndex,
					`Group ${found.id} ("${found.name}") is meant by ${itemLabel(other.itemIndex)} and by this one`,
				);
			claimedBy.set(found.id, group);
		}
		return { wanted: group, existing: found };
	});
	const unlisted =
		settings.scope === SYNC_SCOPE.listed
			? []
			: existing.filter((group) => inScope(group.name) && !claimedBy.has(group.id));
	return { matches, unlisted };
}

/** A read that does not agree with another (a list that changed while it was read): no plan is made from it. */
export const inconsistentRead = (context: IExecuteFunctions, service: string, problem: string) =>
	new NodeApiError(context.getNode(), {} as JsonObject, {
		message: `${service}'s answers do not agree (${problem}): nothing was changed`,
		description:
			'The sync plans only from a complete and consistent read. Something may have changed the groups while they were read: run the sync again.',
	});

/**
 * Reads each of `count` things under the run's pace (a group's members); the first failure ends
 * the reading and is thrown, as is n8n's cancel: a sync never plans from part of a read.
 */
export async function readEach(
	context: IExecuteFunctions,
	count: number,
	read: (index: number) => Promise<void>,
): Promise<void> {
	let failure: unknown;
	await runUnderPace(
		context,
		count,
		async (index) => {
			try {
				await read(index);
			} catch (error) {
				failure ??= error;
			}
		},
		() => failure !== undefined,
	);
	if (failure) throw failure;
	runState(context).throwIfCanceled();
}

/** After the plan: the guard, then with Preview Only the plan as output, else the changes applied and their outcomes. */
export async function guardAndApply(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	plan: SyncPlan,
	settings: SyncSettings,
	afterPhase: (phase: SyncAction) => Promise<void> = async () => {},
): Promise<INodeExecutionData[]> {
	checkSyncGuard(context, plan, settings);
	if (runState(context).previewOnly) return syncOutput(context, items, plan, undefined);
	return syncOutput(context, items, plan, await applyPlan(context, plan, afterPhase));
}

export type SyncAction =
	'create' | 'update' | 'removeMembers' | 'addMembers' | 'delete' | 'conflict';

/** The order changes are applied in. */
const PHASES: SyncAction[] = ['create', 'update', 'removeMembers', 'addMembers', 'delete'];

/** A request of the plan: as shown (method, path under the API root, body), and how it is sent. */
export interface PlannedRequest {
	shown: { method: string; path: string; body?: unknown };
	send: () => Promise<unknown>;
}

/** One change of the plan. A request may be shared by several changes (Huawei's member removals). */
export interface SyncChange {
	action: SyncAction;
	/** The input item it comes from; a deletion comes from the whole input. */
	itemIndex?: number;
	group: { id?: string; name: string };
	now?: IDataObject;
	will?: IDataObject;
	/** A conflict: why it is not done. */
	reason?: string;
	requests: PlannedRequest[];
}

export interface SyncPlan {
	changes: SyncChange[];
	/** Facts for the summary: { vdn } or { site }, managed groups, unchanged groups. */
	summary: IDataObject;
	/** Per group changed: how many members it has now (for the guard). */
	memberCounts: Map<SyncChange, number>;
}

/** Removals counted per group, for the guard: changes of action removeMembers carry `will.removed`. */
function removedCount(change: SyncChange): number {
	return Array.isArray(change.will?.removed) ? change.will.removed.length : 0;
}

/**
 * Refuses, before any change, a plan that deletes more than Max Deletions groups or removes more
 * than Max Share of Members Removed of a group's members (two or more of them). With Preview Only
 * the plan is output with the refusal in its summary (`refused`), so that it can be reviewed.
 */
export function checkSyncGuard(
	context: IExecuteFunctions,
	plan: SyncPlan,
	settings: SyncSettings,
): void {
	const refusal = guardRefusal(context, plan, settings);
	if (!refusal) return;
	if (!runState(context).previewOnly) throw refusal;
	plan.summary.refused = refusal.message;
}

function guardRefusal(
	context: IExecuteFunctions,
	plan: SyncPlan,
	settings: SyncSettings,
): NodeOperationError | undefined {
	const deletions = plan.changes.filter((change) => change.action === 'delete');
	const added = new Map<string | undefined, number>();
	for (const change of plan.changes)
		if (change.action === 'addMembers' && Array.isArray(change.will?.added))
			added.set(change.group.id, (added.get(change.group.id) ?? 0) + change.will.added.length);
	const overShare = plan.changes.filter((change) => {
		const removed = removedCount(change);
		const of = plan.memberCounts.get(change) ?? 0;
		// Two or more, or the last one: one member of a large group may go, emptying a group may not.
		const empties = removed === of && !added.get(change.group.id);
		return (
			removed > 0 &&
			(removed >= 2 || empties || settings.maxRemovedShare === 0) &&
			(removed / Math.max(of, 1)) * 100 > settings.maxRemovedShare
		);
	});
	const problems: string[] = [];
	if (deletions.length > settings.maxDeletions)
		problems.push(
			`delete ${deletions.length} groups (${deletions
				.slice(0, 5)
				.map((change) => `"${change.group.name}"`)
				.join(', ')}${deletions.length > 5 ? '…' : ''}; Max Deletions is ${settings.maxDeletions})`,
		);
	if (overShare.length)
		problems.push(
			`remove ${overShare
				.slice(0, 5)
				.map(
					(change) =>
						`${removedCount(change)} of the ${plan.memberCounts.get(change)} members of "${change.group.name}"`,
				)
				.join(
					', ',
				)}${overShare.length > 5 ? ` and more in ${overShare.length - 5} other groups` : ''} (Max Share of Members Removed is ${settings.maxRemovedShare}%)`,
		);
	if (!problems.length) return undefined;
	return new NodeOperationError(
		context.getNode(),
		`The sync would ${problems.join(' and ')}: more than it is allowed to at once, so nothing was changed`,
		{
			description:
				'If this is meant, raise "Max Deletions" or "Max Share of Members Removed (%)" in the Options, or run with Preview Only first to review the plan. If not, check the input: an empty or partial export looks like this.',
		},
	);
}

interface ChangeOutcome {
	done?: boolean;
	error?: unknown;
	/** How many of its requests went through before it failed. */
	sent: number;
}

/** What applying the plan did: each change's outcome, and a read between steps that failed (Continue On Fail). */
export interface Applied {
	outcomes: Map<SyncChange, ChangeOutcome>;
	failedStep?: string;
}

/**
 * Applies the plan in a safe order (creates, updates, member removals, member additions,
 * deletions), each phase's requests under the run's pace; `afterPhase` runs between phases (Huawei
 * finds the IDs of the groups it created). Without Continue On Fail nothing starts after a failure.
 */
export async function applyPlan(
	context: IExecuteFunctions,
	plan: SyncPlan,
	afterPhase: (phase: SyncAction) => Promise<void>,
): Promise<Applied> {
	const state = runState(context);
	const outcomes = new Map<SyncChange, ChangeOutcome>();
	let failedStep: string | undefined;
	let stopped = false;
	/** What failed in an earlier step. */
	let failedBefore: string | undefined;
	for (const phase of PHASES) {
		const changes = plan.changes.filter((change) => change.action === phase);
		// After a failed change (Continue On Fail) or a failed step between phases, the later steps are
		// not taken: they may depend on it (members of a group that was not created, an agent leaving
		// its group for it), and deletions come last so that nothing is taken away from a sync that did
		// not go through.
		if (failedBefore) {
			for (const change of changes) {
				outcomes.set(change, {
					sent: 0,
					error: new NodeOperationError(
						context.getNode(),
						`Not done: ${failedBefore} before it, and a sync takes its later steps (member changes, deletions) only when every earlier one went through`,
						{ description: 'Run the sync again once the failure is dealt with.' },
					),
				});
			}
			continue;
		}
		const requests = [...new Set(changes.flatMap((change) => change.requests))];
		const usersOf = new Map<PlannedRequest, SyncChange[]>();
		for (const change of changes)
			for (const request of change.requests)
				usersOf.set(request, [...(usersOf.get(request) ?? []), change]);
		for (const change of changes) outcomes.set(change, { sent: 0 });
		await runUnderPace(
			context,
			requests.length,
			async (index) => {
				const request = requests[index];
				const users = usersOf.get(request)!.filter((change) => !outcomes.get(change)!.error);
				if (users.length === 0 || stopped) return;
				try {
					await request.send();
					// Counted for every change the request carries, failed ones too: it was done for them.
					for (const change of usersOf.get(request)!) outcomes.get(change)!.sent++;
				} catch (error) {
					for (const change of users) outcomes.get(change)!.error = error;
					if (!context.continueOnFail()) stopped = true;
				}
			},
			() => stopped,
		);
		for (const change of changes) {
			const outcome = outcomes.get(change)!;
			if (!outcome.error && outcome.sent === change.requests.length) outcome.done = true;
		}
		const failed = changes.find((change) => outcomes.get(change)?.error);
		if (failed) failedBefore = `${describeChange(failed)} failed`;
		if (stopped || state.cancelSignal?.aborted) break;
		try {
			await afterPhase(phase);
		} catch (error) {
			// The step's changes are done; the later steps are not taken.
			if (!context.continueOnFail())
				throw stoppedError(context, plan, outcomes, `the read after the ${phase} step`, error);
			failedStep = `${asApiError(context, error).message} (after the ${phase} step)`;
			failedBefore = failedStep;
		}
	}
	return { outcomes, failedStep };
}

const shownChange = (change: SyncChange, status: string): IDataObject => ({
	action: change.action,
	status,
	group: change.group,
	...(change.now && { now: change.now }),
	...(change.will && { will: change.will }),
	...(change.reason && { reason: change.reason }),
	requests: change.requests.map((request) => request.shown) as unknown as IDataObject[],
});

const describeChange = (change: SyncChange) =>
	`${change.action} "${change.group.name}"${change.group.id ? ` (ID ${change.group.id})` : ''}`;

/**
 * The output: one item per change (paired with the input item it comes from; a deletion with the
 * whole input), then a summary. With Preview Only the plan is the whole output. A failed change is
 * an error item (Continue On Fail) saying what of it was done; without Continue On Fail, the
 * node's error says what was done before it.
 */
export function syncOutput(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	plan: SyncPlan,
	applied: Applied | undefined,
): INodeExecutionData[] {
	const { outcomes, failedStep } = applied ?? {};
	const everyItem = items.map((_item, item) => ({ item }));
	const pairing = (change: SyncChange) =>
		change.itemIndex === undefined ? everyItem : { item: change.itemIndex };
	// Conflicts first (they need a person), then the changes in the order they are applied.
	const ordered = [...plan.changes].sort(
		(a, b) => PHASES.indexOf(a.action) - PHASES.indexOf(b.action),
	);
	const output: INodeExecutionData[] = [];
	const counts: Record<string, number> = {};
	let failed = 0;
	const state = runState(context);
	if (outcomes && !context.continueOnFail()) {
		const first = ordered.find((change) => outcomes.get(change)?.error);
		if (first) {
			const { error } = outcomes.get(first)!;
			throw stoppedError(context, plan, outcomes, describeChange(first), error, first.itemIndex);
		}
	}
	for (const change of ordered) {
		counts[change.action] = (counts[change.action] ?? 0) + 1;
		if (change.action === 'conflict' || !outcomes) {
			const status = change.action === 'conflict' ? 'notDone' : 'planned';
			output.push({ json: shownChange(change, status), pairedItem: pairing(change) });
			continue;
		}
		const outcome = outcomes.get(change);
		if (outcome?.done) {
			output.push({ json: shownChange(change, 'done'), pairedItem: pairing(change) });
			continue;
		}
		failed++;
		// No error and not done: never started, as n8n canceled the execution.
		const cause = outcome?.error ?? state.canceledError();
		if (!context.continueOnFail()) throw asApiError(context, cause);
		const error = asApiError(context, cause);
		const part = outcome?.sent
			? `${outcome.sent} of its ${change.requests.length} requests went through. `
			: '';
		output.push({
			json: {
				error: `${describeChange(change)} failed: ${error.message}`,
				message:
					`${part}${error.description ?? ''} Running the sync again is safe: it plans only what is still missing.`.trim(),
			},
			pairedItem: pairing(change),
		});
	}
	const requests = new Set(plan.changes.flatMap((change) => change.requests)).size;
	output.push({
		json: {
			summary: true,
			preview: !outcomes,
			...plan.summary,
			changes: plan.changes.filter((change) => change.action !== 'conflict').length,
			requests,
			...Object.fromEntries(PHASES.map((phase) => [phase, counts[phase] ?? 0])),
			conflicts: counts.conflict ?? 0,
			...(outcomes && { failed }),
			// With no later step, no change would carry it.
			...(failedStep && { failedStep }),
		},
		pairedItem: everyItem,
	});
	return output;
}

/** The node's error when a change failed without Continue On Fail: what failed, and what was done before it. */
function stoppedError(
	context: IExecuteFunctions,
	plan: SyncPlan,
	outcomes: Map<SyncChange, ChangeOutcome>,
	/** What failed: a change, or a step between changes. */
	what: string,
	cause: unknown,
	itemIndex?: number,
): NodeApiError {
	const error = asApiError(context, cause);
	const done = plan.changes.filter((candidate) => outcomes.get(candidate)?.done);
	const list = done.slice(0, 10).map(describeChange).join(', ');
	return new NodeApiError(context.getNode(), {} as JsonObject, {
		message: `The sync stopped: ${what} failed: ${error.message}`,
		description: `${error.description ? `${error.description} ` : ''}Done before it: ${done.length} of ${plan.changes.length} changes${done.length ? ` (${list}${done.length > 10 ? ', …' : ''})` : ''}. Running the sync again is safe: it plans only what is still missing. With "On Error: Continue" every change is output with its outcome.`,
		httpCode: (error as NodeApiError).httpCode ?? undefined,
		itemIndex,
	});
}
