import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { PAGE_SIZE, listGroupPages, listMemberPages } from '../helpers/lists';
import { groupToJson, userToJson } from '../transport';

/**
 * "Sales (Contributor)", "Partners (Viewer, external)": the role, and whether an external
 * authentication service (not Expert's own, service 1) manages the group's members.
 */
export function groupLabel(group: IDataObject): string {
	const role = (group.role as IDataObject).name;
	const external = (group.authService as IDataObject).id !== 1;
	const notes = [role ? String(role) : 'no role', ...(external ? ['external'] : [])];
	return `${String(group.name)} (${notes.join(', ')})`;
}

/** Groups whose name contains the filter, a page at a time (GET groups?groupnamefilter=). */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = { sortby: 'name' };
	if (filter) qs.groupnamefilter = filter;
	const startOffset = Number.isSafeInteger(Number(paginationToken))
		? Number(paginationToken ?? 0)
		: 0;
	const { records, nextOffset } = await listGroupPages(this, {
		qs,
		wanted: PAGE_SIZE,
		startOffset,
	});
	return {
		results: records
			.map(groupToJson)
			.map((group) => ({ name: groupLabel(group), value: String(group.id) })),
		paginationToken: nextOffset === undefined ? undefined : String(nextOffset),
	};
}

/** The site's users whose username contains the filter, by username, a page at a time (GET users?usernamefilter=). */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = { sortby: 'username' };
	if (filter) qs.usernamefilter = filter;
	const startOffset = Number.isSafeInteger(Number(paginationToken))
		? Number(paginationToken ?? 0)
		: 0;
	const { records, nextOffset } = await listMemberPages(this, 'users', 'users', {
		qs,
		wanted: PAGE_SIZE,
		startOffset,
	});
	return {
		results: records.map(userToJson).map((user) => ({
			name: `${String(user.username)} (ID ${String(user.id)})`,
			value: String(user.id),
		})),
		paginationToken: nextOffset === undefined ? undefined : String(nextOffset),
	};
}
