import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { optionsList, previewOnlyField } from '../../../shared/descriptions';
import { asApiError } from '../../../shared/errors';
import {
	type PlannedRequest,
	type SyncChange,
	type SyncPlan,
	type SyncSettings,
	type WantedGroup,
	SYNC_MEMBERS,
	guardAndApply,
	matchGroups,
	readEach,
	syncGuardOptions,
	syncScopeFields,
	syncSettings,
} from '../../../shared/sync';
import { createWithoutTwins, deleteAcceptingGone } from '../../../shared/transport';
import { invalidParameter, optionalText, requiredText } from '../../../shared/validation';
import { listGroupPages, listMemberPages } from '../../helpers/lists';
import { type UserRef, expertId, nameSegment, usersValue } from '../../helpers/parameters';
import { userIdsOf } from '../../helpers/users';
import {
	buildXml,
	groupForRewrite,
	groupToJson,
	rolesOf,
	userToJson,
	usersXml,
	expertApiRequest,
	expertApiRequestWithPolicy,
} from '../../transport';
import { roleField } from '../common.descriptions';

const MEMBERS_LABEL = 'Member Users';

const properties: INodeProperties[] = [
	...syncScopeFields('Site', 'users'),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.team }}',
		description:
			"The group's name. Each input item is one group; all items together are the groups the site must have.",
	},
	{
		displayName: 'Group ID',
		name: 'existingGroupId',
		type: 'string',
		default: '',
		description:
			'The ID of an existing group, when it is to be renamed to the name above. Empty: the group is found by its name (or created).',
	},
	roleField(
		'getRolesForUpdate',
		'The role the group must have; "Keep Current Role" leaves an existing group\'s role as it is (a new group gets the site\'s role for new accounts).',
	),
	{
		displayName: MEMBERS_LABEL,
		name: 'members',
		type: 'string',
		default: '',
		placeholder: '3, jane.doe',
		displayOptions: { hide: { syncMembers: [SYNC_MEMBERS.keep] } },
		description:
			"The group's users, by ID or username, separated by commas, semicolons or line breaks, or a list (a name with spaces is one name)",
	},
	previewOnlyField,
	optionsList(syncGuardOptions, { batching: false }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['sync'] } },
	properties,
);

/** Expert's group names are unique regardless of case, and role names are matched so too. */
const lowerCase = (text: string) => text.toLowerCase();

/**
 * Each role given must be one of the site's (GET site/roles, once): its name as the site spells it
 * is what is sent, and an unknown one stops the sync before any change.
 */
async function checkRoles(context: IExecuteFunctions, wanted: WantedExpertGroup[]): Promise<void> {
	if (!wanted.some((group) => group.role !== undefined)) return;
	const roles = rolesOf(
		await expertApiRequest.call(context, 'GET', 'site/roles', { expect: 'roles', itemIndex: 0 }),
	);
	const byName = new Map(roles.map((role) => [lowerCase(role.name), role.name]));
	for (const group of wanted) {
		if (group.role === undefined) continue;
		const role = byName.get(lowerCase(group.role));
		if (!role)
			throw invalidParameter(
				context,
				'Role',
				group.itemIndex,
				`is not one of the site's roles (${roles.map((known) => known.name).join(', ')}): nothing was changed`,
				group.role,
			);
		group.role = role;
	}
}

/** The users added per request (Expert's page size). */
const USERS_PER_REQUEST = 100;

interface WantedExpertGroup extends WantedGroup {
	role?: string;
	users?: UserRef[];
}

interface ExpertGroupRecord {
	id: string;
	name: string;
	roles: string[];
	/** Of an external authentication service: it cannot be renamed, nor its members changed. */
	external: boolean;
	userCount?: number;
}

function wantedGroups(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	readMembers: boolean,
): WantedExpertGroup[] {
	return items.map((_item, i) => {
		const id = context.getNodeParameter('existingGroupId', i, '');
		return {
			itemIndex: i,
			name: requiredText(context, context.getNodeParameter('name', i), 'Name', i),
			...(id !== '' && id !== undefined && id !== null
				? { id: String(expertId(context, id, 'Group ID', i, 'group')) }
				: {}),
			role: optionalText(context, context.getNodeParameter('role', i, ''), 'Role', i),
			...(readMembers && {
				users: usersValue(context, context.getNodeParameter('members', i, ''), MEMBERS_LABEL, i),
			}),
		};
	});
}

/** Every group of the site, complete (a short or inconsistent list fails). */
async function siteGroups(context: IExecuteFunctions): Promise<ExpertGroupRecord[]> {
	const { records } = await listGroupPages(context, { qs: {}, wanted: Infinity, itemIndex: 0 });
	return records.map((record) => {
		const { id, name, roles } = groupForRewrite(record);
		const json = groupToJson(record);
		const service = (json.authService as IDataObject).id;
		return {
			id: id!,
			name,
			roles,
			// Expert's own (local) authentication service is service 1.
			external: service !== undefined && service !== 1,
			userCount: (json.users as IDataObject).count as number | undefined,
		};
	});
}

/** The members (ID -> username) of each group whose members the sync changes. */
async function membersOf(
	context: IExecuteFunctions,
	groups: ExpertGroupRecord[],
): Promise<Map<string, Map<number, string>>> {
	const members = new Map<string, Map<number, string>>();
	await readEach(context, groups.length, async (index) => {
		const group = groups[index];
		const { records } = await listMemberPages(
			context,
			`groups/${group.id}/users`,
			`group with ID ${group.id}`,
			// The group list gave the member count: the list is read to it (one page for most groups).
			{ qs: {}, wanted: Infinity, itemIndex: 0, expectedTotal: group.userCount },
		);
		const users = new Map<number, string>();
		for (const record of records) {
			const user = userToJson(record);
			users.set(user.id as number, String(user.username));
		}
		members.set(group.id, users);
	});
	return members;
}

export async function executeAll(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const settings = syncSettings(this);
	const readMembers = settings.members !== SYNC_MEMBERS.keep;
	const wanted = wantedGroups(this, items, readMembers);
	const groups = await siteGroups(this);
	const { matches, unlisted } = matchGroups(this, wanted, groups, settings, 'site', lowerCase);
	await checkRoles(this, wanted);
	let members: Map<string, Map<number, string>> | undefined;
	if (readMembers) {
		// External groups' too: a difference there is a conflict to report.
		members = await membersOf(
			this,
			matches.flatMap((match) => (match.existing ? [match.existing] : [])),
		);
	}
	// Usernames become IDs (the <users> document takes IDs), those of users already in their group excepted.
	const wantedIds = new Map<WantedExpertGroup, number[]>();
	for (const { wanted: group, existing } of matches) {
		if (!group.users) continue;
		const current = existing ? members?.get(existing.id) : undefined;
		const byName = new Map(
			[...(current ?? [])].map(([id, username]) => [username.toLowerCase(), id]),
		);
		const unresolved = group.users.filter(
			(user) => 'username' in user && !byName.has(user.username.toLowerCase()),
		);
		const looked = await userIdsOf(this, unresolved, MEMBERS_LABEL, group.itemIndex);
		const ids = group.users.flatMap((user) =>
			'id' in user
				? [user.id]
				: byName.has(user.username.toLowerCase())
					? [byName.get(user.username.toLowerCase())!]
					: [],
		);
		wantedIds.set(group, [...new Set([...ids, ...looked])]);
	}
	const plan = planChanges(this, matches, unlisted, groups, members, wantedIds, settings);
	return await guardAndApply(this, items, plan, settings);
}

function planChanges(
	context: IExecuteFunctions,
	matches: Array<{ wanted: WantedExpertGroup; existing?: ExpertGroupRecord }>,
	unlisted: ExpertGroupRecord[],
	groups: ExpertGroupRecord[],
	members: Map<string, Map<number, string>> | undefined,
	wantedIds: Map<WantedExpertGroup, number[]>,
	settings: SyncSettings,
): SyncPlan {
	const changes: SyncChange[] = [];
	const memberCounts = new Map<SyncChange, number>();
	const request = (
		method: 'POST' | 'PUT' | 'DELETE',
		path: string,
		body: string | undefined,
		itemIndex: number,
		subject: string,
		send: () => Promise<unknown> = async () =>
			await expertApiRequest.call(context, method, path, {
				body,
				expect: method === 'DELETE' && !path.includes('/users/') ? 'nothing' : 'group',
				itemIndex,
				subject,
			}),
	): PlannedRequest => ({
		shown: { method, path, ...(body !== undefined && { body }) },
		send,
	});
	const conflict = (wanted: WantedExpertGroup, existing: ExpertGroupRecord, reason: string) =>
		changes.push({
			action: 'conflict',
			itemIndex: wanted.itemIndex,
			group: { id: existing.id, name: existing.name },
			reason,
			requests: [],
		});
	const renamedAway = new Set(
		matches.flatMap((match) =>
			match.existing && match.existing.name !== match.wanted.name ? [match.existing.id] : [],
		),
	);
	const holderOf = new Map(groups.map((group) => [lowerCase(group.name), group]));

	for (const { wanted, existing } of matches) {
		const ids = wantedIds.get(wanted);
		const subject = `group named "${wanted.name}"`;
		if (!existing) {
			const group: IDataObject = { name: wanted.name };
			if (wanted.role !== undefined) group['permissions.group'] = { role: wanted.role };
			if (ids?.length) group.users = { user: ids.map((id) => ({ '@id': id })) };
			const body = buildXml({ group });
			const create: SyncChange = {
				action: 'create',
				itemIndex: wanted.itemIndex,
				group: { name: wanted.name },
				will: {
					name: wanted.name,
					...(wanted.role !== undefined && { role: wanted.role }),
					...(ids?.length && { userIds: ids }),
				},
				requests: [],
			};
			// The group read back after a lost answer must be of that name.
			const wasCreated = async () => {
				try {
					const document = await expertApiRequest.call(
						context,
						'GET',
						`groups/${nameSegment(wanted.name)}`,
						{ expect: 'group', itemIndex: wanted.itemIndex, subject },
					);
					return groupForRewrite(document.group).name === wanted.name;
				} catch (error) {
					if ((error as NodeApiError).httpCode === '404') return false;
					throw asApiError(context, error);
				}
			};
			create.requests.push(
				request('POST', 'groups', body, wanted.itemIndex, subject, async () => {
					const answer = await expertApiRequestWithPolicy.call(
						context,
						createWithoutTwins(`group "${wanted.name}"`, wasCreated),
						'POST',
						'groups',
						{ body, expect: 'group', itemIndex: wanted.itemIndex, subject },
					);
					if (typeof answer === 'object') create.group.id = groupForRewrite(answer.group).id;
				}),
			);
			changes.push(create);
			continue;
		}

		const rename = existing.name !== wanted.name;
		const newRole =
			wanted.role !== undefined &&
			lowerCase(existing.roles[0]?.trim() ?? '') !== lowerCase(wanted.role);
		const current = members?.get(existing.id);
		const toAdd = ids && current ? ids.filter((id) => !current.has(id)) : [];
		const listed = new Set(ids);
		const toRemove =
			settings.members === SYNC_MEMBERS.exact && current
				? [...current.keys()].filter((id) => !listed.has(id))
				: [];
		if (existing.external && (rename || toAdd.length || toRemove.length)) {
			conflict(
				wanted,
				existing,
				`The group belongs to an external authentication service: Expert cannot ${rename ? 'rename it' : 'change its members'}. Nothing is done to this group.`,
			);
			continue;
		}
		if (rename || newRole) {
			const holder = holderOf.get(lowerCase(wanted.name));
			if (rename && holder && holder.id !== existing.id) {
				conflict(
					wanted,
					existing,
					`The name "${wanted.name}" is taken by group ${holder.id}${renamedAway.has(holder.id) ? ', which this sync renames too' : unlisted.includes(holder) && settings.deleteUnlisted ? ', which this sync deletes only after every rename' : ''}: run the sync again once it is free. Nothing is done to this group.`,
				);
				continue;
			}
			// Expert resets the role of a group updated without one: the current role is sent back when it is kept.
			if (!newRole && existing.roles.length !== 1) {
				conflict(
					wanted,
					existing,
					`Expert's group list shows ${existing.roles.length} roles for this group, so a rename cannot send its role back unchanged. Nothing is done to this group.`,
				);
				continue;
			}
			const role = wanted.role ?? existing.roles[0].trim();
			const body = buildXml({ group: { name: wanted.name, 'permissions.group': { role } } });
			changes.push({
				action: 'update',
				itemIndex: wanted.itemIndex,
				group: { id: existing.id, name: wanted.name },
				now: { name: existing.name, role: existing.roles[0]?.trim() },
				will: { name: wanted.name, role },
				requests: [request('PUT', `groups/${existing.id}`, body, wanted.itemIndex, subject)],
			});
		}
		if (toRemove.length) {
			const change: SyncChange = {
				action: 'removeMembers',
				itemIndex: wanted.itemIndex,
				group: { id: existing.id, name: wanted.name },
				will: { removed: toRemove },
				requests: toRemove.map((id) =>
					request(
						'DELETE',
						`groups/${existing.id}/users/${id}`,
						undefined,
						wanted.itemIndex,
						`${subject} or user with ID ${id}`,
					),
				),
			};
			memberCounts.set(change, current!.size);
			changes.push(change);
		}
		if (toAdd.length) {
			const requests: PlannedRequest[] = [];
			for (let start = 0; start < toAdd.length; start += USERS_PER_REQUEST) {
				const body = usersXml(toAdd.slice(start, start + USERS_PER_REQUEST));
				requests.push(
					request('POST', `groups/${existing.id}/users`, body, wanted.itemIndex, subject),
				);
			}
			changes.push({
				action: 'addMembers',
				itemIndex: wanted.itemIndex,
				group: { id: existing.id, name: wanted.name },
				will: { added: toAdd },
				requests,
			});
		}
	}

	if (settings.deleteUnlisted) {
		for (const group of unlisted) {
			const subject = `group with ID ${group.id}`;
			changes.push({
				action: 'delete',
				group: { id: group.id, name: group.name },
				now: { name: group.name, role: group.roles[0]?.trim(), userCount: group.userCount },
				requests: [
					// 404 after an attempt whose answer was lost: that attempt deleted it.
					request('DELETE', `groups/${group.id}`, undefined, 0, subject, async () =>
						expertApiRequestWithPolicy.call(
							context,
							deleteAcceptingGone(async (error) => error.httpCode === '404'),
							'DELETE',
							`groups/${group.id}`,
							{ expect: 'nothing', itemIndex: 0, subject },
						),
					),
				],
			});
		}
	}
	const changed = new Set(changes.map((change) => change.group.id));
	return {
		changes,
		memberCounts,
		summary: {
			managedGroups: matches.filter((match) => match.existing).length + unlisted.length,
			unchanged: matches.filter((match) => match.existing && !changed.has(match.existing.id))
				.length,
			...(!settings.deleteUnlisted && unlisted.length && { notInInputKept: unlisted.length }),
		},
	};
}
