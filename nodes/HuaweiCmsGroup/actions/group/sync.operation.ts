import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsList, previewOnlyField } from '../../../shared/descriptions';
import {
	type PlannedRequest,
	type SyncChange,
	type SyncPlan,
	type WantedGroup,
	SYNC_MEMBERS,
	guardAndApply,
	inconsistentRead,
	matchGroups,
	readEach,
	syncGuardOptions,
	syncScopeFields,
	syncSettings,
} from '../../../shared/sync';
import { createWithoutTwins, deleteAcceptingGone } from '../../../shared/transport';
import {
	integerValue,
	invalidParameter,
	itemLabel,
	optionalText,
	requiredText,
} from '../../../shared/validation';
import {
	type CmsGroupRecord,
	defaultCallCenterId,
	listGroups,
	listMembers,
} from '../../helpers/groups';
import { groupIdValue, vdnAndCallCenter, workNosValue } from '../../helpers/parameters';
import { INVALID_PARAMETER_CODE } from '../../helpers/resultCodes';
import { cmsApiRequest, cmsApiRequestWithPolicy } from '../../transport';
import { type CmsCall, CMS_CALLS } from '../../transport/calls';
import {
	GROUP_TYPES,
	callCenterIdField,
	groupTypeOptions,
	vdnField,
	workNosPerRequestOption,
} from '../common.descriptions';

const MEMBERS_LABEL = 'Member Work Numbers';
/** Group Type's "keep the existing type" (a new group is a quality inspection group, as Create's default). */
const KEEP_TYPE = 0;
const NEW_GROUP_TYPE = 3;

/** 0 (keep), 2 or 3, read strictly. */
function groupTypeValue(context: IExecuteFunctions, value: unknown, itemIndex: number): number {
	const type = integerValue(context, value, 'Group Type', itemIndex, 0, 3);
	if (type === 1)
		throw invalidParameter(
			context,
			'Group Type',
			itemIndex,
			'must be 2 or 3 (or 0: keep the existing type)',
			value,
		);
	return type;
}

const properties: INodeProperties[] = [
	{ ...vdnField, hint: 'The tenant (VDN) number in AICC, 1 to 99999: the same for every item' },
	...syncScopeFields('VDN', 'work numbers'),
	{
		displayName: 'Group Name',
		name: 'groupName',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.team }}',
		description:
			"The group's name. Each input item is one group; all items together are the groups the VDN must have.",
	},
	{
		displayName: 'Group ID',
		name: 'existingGroupId',
		type: 'string',
		default: '',
		description:
			'The ID of an existing group, when it is to be renamed to the name above. Empty: the group is found by its name (or created).',
	},
	{
		displayName: 'Group Type',
		name: 'groupType',
		type: 'options',
		options: [
			{
				name: 'Keep the Existing Type (a New Group: Quality Inspection)',
				value: KEEP_TYPE,
			},
			...groupTypeOptions,
		],
		default: KEEP_TYPE,
		description:
			'The type the group must have. An existing group of another type is reported as a conflict (the CMS cannot change a type).',
	},
	{
		displayName: 'Remark',
		name: 'remark',
		type: 'string',
		default: '',
		description: "The group's remark. Empty: the remark is left as it is.",
	},
	{
		displayName: MEMBERS_LABEL,
		name: 'workNos',
		type: 'string',
		default: '',
		placeholder: '57005, 57006',
		displayOptions: { hide: { syncMembers: [SYNC_MEMBERS.keep] } },
		description:
			"Work numbers of the group's agents, separated by commas, semicolons or line breaks, or a list. An agent is in one group at a time: listing it in two is refused.",
	},
	previewOnlyField,
	optionsList([callCenterIdField, ...syncGuardOptions, workNosPerRequestOption], {
		batching: false,
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['sync'] } },
	properties,
);

interface WantedCmsGroup extends WantedGroup {
	groupType: number;
	remark?: string;
	workNos?: number[];
}

/** Every input item is one group of the VDN's desired state: read and check them all before any request. */
function wantedGroups(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	readMembers: boolean,
) {
	let first: IDataObject | undefined;
	const wanted: WantedCmsGroup[] = [];
	const groupOfAgent = new Map<number, WantedCmsGroup>();
	for (let i = 0; i < items.length; i++) {
		const where = vdnAndCallCenter(context, i);
		first ??= where;
		for (const [field, label] of [
			['vdn', 'VDN'],
			['ccId', 'Call Center ID'],
		] as const) {
			if (where[field] !== first[field])
				throw invalidParameter(
					context,
					label,
					i,
					`must be the same for every item: one sync makes one VDN match the input (${itemLabel(0)} has ${String(first[field] ?? 'none')})`,
					where[field] ?? '',
				);
		}
		const id = context.getNodeParameter('existingGroupId', i, '');
		const group: WantedCmsGroup = {
			itemIndex: i,
			name: requiredText(context, context.getNodeParameter('groupName', i), 'Group Name', i),
			...(id !== '' && id !== undefined && id !== null
				? { id: groupIdValue(context, id, 'Group ID', i) }
				: {}),
			groupType: groupTypeValue(context, context.getNodeParameter('groupType', i, KEEP_TYPE), i),
			remark: optionalText(context, context.getNodeParameter('remark', i, ''), 'Remark', i, 1000),
		};
		if (readMembers) {
			group.workNos = workNosValue(
				context,
				context.getNodeParameter('workNos', i, ''),
				MEMBERS_LABEL,
				i,
			);
			for (const workNo of group.workNos) {
				const other = groupOfAgent.get(workNo);
				if (other)
					throw invalidParameter(
						context,
						MEMBERS_LABEL,
						i,
						`lists agent ${workNo}, which ${itemLabel(other.itemIndex)} ("${other.name}") lists too: an agent is in one group at a time`,
					);
				groupOfAgent.set(workNo, group);
			}
		}
		wanted.push(group);
	}
	return { wanted, vdn: first!.vdn as number, givenCcId: first!.ccId as number | undefined };
}

/** The members of every group of the VDN (an agent is in one group at a time, so all are needed to move one safely). */
async function membersOfEveryGroup(
	context: IExecuteFunctions,
	ccId: number,
	vdn: number,
	groups: CmsGroupRecord[],
): Promise<Map<string, Set<number>>> {
	const members = new Map<string, Set<number>>();
	const seenIn = new Map<number, string>();
	await readEach(context, groups.length, async (index) => {
		const group = groups[index];
		const records = await listMembers.call(context, { ccId, vdn, groupId: group.id }, Infinity, 0);
		members.set(group.id, new Set(records.map((record) => record.workNo as number)));
	});
	for (const [groupId, workNos] of members) {
		for (const workNo of workNos) {
			const other = seenIn.get(workNo);
			if (other)
				throw inconsistentRead(
					context,
					CMS_NAME,
					`agent ${workNo} in groups ${other} and ${groupId}`,
				);
			seenIn.set(workNo, groupId);
		}
	}
	return members;
}

const CMS_NAME = 'The CMS';

export async function executeAll(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const settings = syncSettings(this);
	const readMembers = settings.members !== SYNC_MEMBERS.keep;
	const { wanted, vdn, givenCcId } = wantedGroups(this, items, readMembers);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const perRequest = integerValue(
		this,
		options.workNosPerRequest ?? 100,
		'Work Numbers per Request',
		0,
		1,
		1000,
	);
	const ccId = givenCcId ?? (await defaultCallCenterId.call(this, 0));

	// One complete read: the groups, the members of each, and the groups again (unchanged, or no plan).
	const groups = await listGroups.call(this, ccId, vdn, 0);
	let members: Map<string, Set<number>> | undefined;
	if (readMembers) {
		members = await membersOfEveryGroup(this, ccId, vdn, groups);
		const again = await listGroups.call(this, ccId, vdn, 0);
		const key = (list: CmsGroupRecord[]) =>
			JSON.stringify(
				list.map((group) => [group.id, group.groupName, group.groupType, group.remark]).sort(),
			);
		if (key(again) !== key(groups))
			throw inconsistentRead(this, CMS_NAME, 'the group list changed while it was read');
	}
	const { matches, unlisted } = matchGroups(
		this,
		wanted,
		groups.map((group) => ({ ...group, name: group.groupName })),
		settings,
		`VDN ${vdn}`,
	);
	const plan = planChanges(
		this,
		{ ccId, vdn, perRequest },
		matches,
		unlisted,
		members,
		settings,
		groups,
	);
	return await guardAndApply(this, items, plan, settings, async (phase) => {
		if (phase !== 'create') return;
		// The API does not reliably answer a new group's ID: one list finds them all by name. If this
		// read fails, the creates stay in the output as done and the later steps wait.
		const created = plan.changes.filter((change) => change.action === 'create');
		if (!created.length) return;
		const known = new Set(groups.map((group) => group.id));
		const now = await listGroups.call(this, ccId, vdn, 0);
		for (const change of created) {
			const found = now.filter(
				(group) => group.groupName === change.group.name && !known.has(group.id),
			);
			if (found.length === 1) change.group.id = found[0].id;
		}
	});
}

function planChanges(
	context: IExecuteFunctions,
	where: { ccId: number; vdn: number; perRequest: number },
	matches: Array<{ wanted: WantedCmsGroup; existing?: CmsGroupRecord }>,
	unlisted: CmsGroupRecord[],
	members: Map<string, Set<number>> | undefined,
	settings: ReturnType<typeof syncSettings>,
	allGroups: CmsGroupRecord[],
): SyncPlan {
	const { ccId, vdn, perRequest } = where;
	const changes: SyncChange[] = [];
	const memberCounts = new Map<SyncChange, number>();
	const request = (
		call: CmsCall,
		values: () => IDataObject,
		itemIndex = 0,
		send: () => Promise<unknown> = async () =>
			await cmsApiRequest.call(context, call, values(), itemIndex),
	): PlannedRequest => ({
		// Shown as sent: a new group's ID is filled in once it is known.
		get shown() {
			return { method: call.method, path: call.path, body: values() };
		},
		send,
	});
	const chunks = (workNos: number[]) =>
		Array.from({ length: Math.ceil(workNos.length / perRequest) }, (_, n) =>
			workNos.slice(n * perRequest, (n + 1) * perRequest),
		);

	// Which agents are where now, and which groups this sync may change.
	const groupOfAgent = new Map<number, string>();
	for (const [groupId, workNos] of members ?? [])
		for (const workNo of workNos) groupOfAgent.set(workNo, groupId);
	const conflicted = new Set<string>();
	const managed = new Map<string, CmsGroupRecord>();
	for (const { wanted, existing } of matches) {
		if (existing && wanted.groupType !== KEEP_TYPE && existing.groupType !== wanted.groupType) {
			conflicted.add(existing.id);
			changes.push({
				action: 'conflict',
				itemIndex: wanted.itemIndex,
				group: { id: existing.id, name: existing.groupName },
				now: { groupType: existing.groupType },
				will: { groupType: wanted.groupType },
				reason: `The group is a ${GROUP_TYPES[existing.groupType] ?? `type ${existing.groupType} group`}, the input says ${GROUP_TYPES[wanted.groupType]}: the CMS cannot change a group's type. Nothing is done to this group; delete and create it yourself if that is meant.`,
				requests: [],
			});
		} else if (existing) managed.set(existing.id, existing);
	}
	for (const group of unlisted) managed.set(group.id, group);
	const holderOf = new Map<string, CmsGroupRecord>();
	for (const group of allGroups) holderOf.set(group.groupName, group);
	const listedIds = new Set(
		matches.flatMap((match) => (match.existing ? [match.existing.id] : [])),
	);

	// Member removals take no group (agents leave whichever group they are in): one shared list per request.
	const removals = new Map<string, number[]>();
	const remove = (groupId: string, workNo: number) =>
		removals.set(groupId, [...(removals.get(groupId) ?? []), workNo]);
	const additions: Array<{
		wanted: WantedCmsGroup;
		existing?: CmsGroupRecord;
		workNos: number[];
		create?: SyncChange;
	}> = [];

	for (const { wanted, existing } of matches) {
		if (existing && conflicted.has(existing.id)) continue;
		const current = existing ? (members?.get(existing.id) ?? new Set<number>()) : new Set<number>();
		const toAdd: number[] = [];
		const blocked: string[] = [];
		for (const workNo of wanted.workNos ?? []) {
			if (current.has(workNo)) continue;
			const from = groupOfAgent.get(workNo);
			if (from === undefined) toAdd.push(workNo);
			else if (settings.members === SYNC_MEMBERS.exact && managed.has(from)) {
				toAdd.push(workNo);
				// It leaves its group first (a listed group's own removals include it already).
				if (!listedIds.has(from)) remove(from, workNo);
			} else
				blocked.push(
					`agent ${workNo} is in group ${from}${managed.has(from) ? ' (Members: Only Add Missing Ones never takes an agent out of a group)' : ', which this sync does not manage'}`,
				);
		}
		if (blocked.length) {
			changes.push({
				action: 'conflict',
				itemIndex: wanted.itemIndex,
				group: { id: existing?.id, name: wanted.name },
				reason: `Not added, as adding an agent takes it out of its group: ${blocked.join('; ')}`,
				requests: [],
			});
		}
		if (existing && settings.members === SYNC_MEMBERS.exact) {
			const listed = new Set(wanted.workNos);
			for (const workNo of current) if (!listed.has(workNo)) remove(existing.id, workNo);
		}

		if (!existing) {
			// Agents in no group join at creation; those leaving another group are added after that.
			const free = toAdd.filter((workNo) => !groupOfAgent.has(workNo)).slice(0, perRequest);
			const groupType = wanted.groupType === KEEP_TYPE ? NEW_GROUP_TYPE : wanted.groupType;
			const body: IDataObject = { ccId, vdn, groupName: wanted.name, groupType };
			if (wanted.remark !== undefined) body.remark = wanted.remark;
			if (free.length) body.workNos = free;
			const name = wanted.name;
			const create: SyncChange = {
				action: 'create',
				itemIndex: wanted.itemIndex,
				group: { name },
				will: {
					groupName: name,
					groupType,
					...(wanted.remark !== undefined && { remark: wanted.remark }),
					...(free.length && { workNos: free }),
				},
				requests: [],
			};
			const known = new Set(allGroups.map((group) => group.id));
			create.requests.push(
				request(
					CMS_CALLS.createGroup,
					() => body,
					wanted.itemIndex,
					async () =>
						await cmsApiRequestWithPolicy.call(
							context,
							createWithoutTwins(`group "${name}"`, async () =>
								(await listGroups.call(context, ccId, vdn, wanted.itemIndex)).some(
									(group) => group.groupName === name && !known.has(group.id),
								),
							),
							CMS_CALLS.createGroup,
							body,
							wanted.itemIndex,
						),
				),
			);
			changes.push(create);
			const rest = toAdd.filter((workNo) => !free.includes(workNo));
			if (rest.length) additions.push({ wanted, workNos: rest, create });
			continue;
		}
		const rename = existing.groupName !== wanted.name;
		const newRemark = wanted.remark !== undefined && wanted.remark !== (existing.remark ?? '');
		const holder = holderOf.get(wanted.name);
		if (rename && holder && holder.id !== existing.id) {
			changes.push({
				action: 'conflict',
				itemIndex: wanted.itemIndex,
				group: { id: existing.id, name: existing.groupName },
				reason: `The name "${wanted.name}" is taken by group ${holder.id}: renaming would make two groups of one name. Run the sync again once it is free (a group renamed or deleted by this sync frees it). The group is not renamed.`,
				requests: [],
			});
		} else if (rename || newRemark) {
			const body: IDataObject = { ccId, vdn, id: existing.id, groupName: wanted.name };
			if (wanted.remark !== undefined) body.remark = wanted.remark;
			changes.push({
				action: 'update',
				itemIndex: wanted.itemIndex,
				group: { id: existing.id, name: wanted.name },
				now: { groupName: existing.groupName, remark: existing.remark ?? '' },
				will: {
					groupName: wanted.name,
					...(wanted.remark !== undefined && { remark: wanted.remark }),
				},
				requests: [request(CMS_CALLS.updateGroup, () => body, wanted.itemIndex)],
			});
		}
		if (toAdd.length) additions.push({ wanted, existing, workNos: toAdd });
	}

	// Removals: one change per group, sharing requests of up to Work Numbers per Request.
	const removalChanges: SyncChange[] = [];
	const itemOf = new Map(
		matches.filter((match) => match.existing).map((match) => [match.existing!.id, match.wanted]),
	);
	for (const [groupId, workNos] of removals) {
		const group = managed.get(groupId)!;
		const change: SyncChange = {
			action: 'removeMembers',
			itemIndex: itemOf.get(groupId)?.itemIndex,
			group: { id: groupId, name: itemOf.get(groupId)?.name ?? group.groupName },
			will: { removed: workNos },
			requests: [],
		};
		memberCounts.set(change, members?.get(groupId)?.size ?? 0);
		removalChanges.push(change);
	}
	const allRemoved = removalChanges.flatMap((change) =>
		(change.will!.removed as number[]).map((workNo) => ({ workNo, change })),
	);
	for (let start = 0; start < allRemoved.length; start += perRequest) {
		const piece = allRemoved.slice(start, start + perRequest);
		const body = { ccId, vdn, workNos: piece.map((entry) => entry.workNo) };
		const shared = request(CMS_CALLS.removeMembers, () => body, piece[0].change.itemIndex ?? 0);
		for (const change of new Set(piece.map((entry) => entry.change))) change.requests.push(shared);
	}
	changes.push(...removalChanges);

	for (const { wanted, existing, workNos, create } of additions) {
		const change: SyncChange = {
			action: 'addMembers',
			itemIndex: wanted.itemIndex,
			group: existing ? { id: existing.id, name: wanted.name } : create!.group,
			will: { added: workNos },
			requests: [],
		};
		for (const piece of chunks(workNos)) {
			const body = () => ({
				ccId,
				vdn,
				groupId: existing?.id ?? create!.group.id ?? '(the new group)',
				workNos: piece,
			});
			change.requests.push(
				request(CMS_CALLS.addMembers, body, wanted.itemIndex, async () => {
					if (!existing && create!.group.id === undefined) {
						throw new NodeOperationError(
							context.getNode(),
							`The group "${wanted.name}" was created, but it was not found in the group list afterwards, so its members were not added`,
							{
								itemIndex: wanted.itemIndex,
								description: 'Run the sync again: it finds the group by its name.',
							},
						);
					}
					return await cmsApiRequest.call(context, CMS_CALLS.addMembers, body(), wanted.itemIndex);
				}),
			);
		}
		changes.push(change);
	}

	if (settings.deleteUnlisted) {
		for (const group of unlisted) {
			const body = { ccId, vdn, id: group.id };
			// "Invalid parameter" after an attempt whose answer was lost counts as done only when the list confirms the group is gone.
			const isGone = async (error: { context: IDataObject }) =>
				error.context.resultCode === INVALID_PARAMETER_CODE &&
				!(await listGroups.call(context, ccId, vdn, 0)).some(
					(candidate) => candidate.id === group.id,
				);
			changes.push({
				action: 'delete',
				group: { id: group.id, name: group.groupName },
				now: {
					groupName: group.groupName,
					groupType: group.groupType,
					...(members && { members: members.get(group.id)?.size ?? 0 }),
				},
				requests: [
					request(
						CMS_CALLS.deleteGroup,
						() => body,
						0,
						async () =>
							await cmsApiRequestWithPolicy.call(
								context,
								deleteAcceptingGone(isGone),
								CMS_CALLS.deleteGroup,
								body,
								0,
							),
					),
				],
			});
		}
	}
	const changed = new Set(changes.map((change) => change.group.id));
	const unchanged = matches.filter(
		(match) => match.existing && !changed.has(match.existing.id),
	).length;
	return {
		changes,
		memberCounts,
		summary: {
			vdn,
			ccId,
			managedGroups: managed.size + conflicted.size,
			unchanged,
			...(!settings.deleteUnlisted && unlisted.length && { notInInputKept: unlisted.length }),
		},
	};
}
