import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { groupToJson } from '../helpers/xml';
import { expertApiRequest } from '../transport';

const PAGE_SIZE = 100;

/** Groups whose name contains the filter, a page at a time (GET groups?groupnamefilter=). */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken ?? 0);
	const qs: IDataObject = { limit: PAGE_SIZE, offset, sortby: 'name' };
	if (filter) qs.groupnamefilter = filter;
	const document = await expertApiRequest.call(this, 'GET', 'groups', { qs });
	const list = (document.groups ?? {}) as IDataObject;
	const groups = ((list.group ?? []) as IDataObject[]).map(groupToJson);
	const total = Number(list['@querycount'] ?? list['@totalcount'] ?? 0);
	return {
		results: groups.map((group) => ({ name: String(group.name), value: String(group.id) })),
		paginationToken: offset + groups.length < total ? String(offset + groups.length) : undefined,
	};
}
