import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { GROUP_TYPES } from '../actions/common.descriptions';
import { type CmsGroupRecord, defaultCallCenterId, listGroups } from '../helpers/groups';
import { VDN_MAX } from '../helpers/parameters';

/** The groups of the VDN (and call center) set in the node, as the editor has them now. */
export async function groupsOfNodeVdn(this: ILoadOptionsFunctions): Promise<CmsGroupRecord[]> {
	const given = this.getCurrentNodeParameter('vdn');
	// The editor works out an expression from the previous node's data when it has it; otherwise the expression itself comes.
	if (typeof given === 'string' && given.startsWith('=')) {
		throw new NodeOperationError(
			this.getNode(),
			'The VDN is an expression the editor cannot work out yet',
			{
				description:
					"The list shows the groups of one VDN. Run the previous node once (so the editor has its data), or set a fixed VDN while choosing, or give the group's ID.",
			},
		);
	}
	const vdn = Number(given);
	if (!Number.isInteger(vdn) || vdn < 1 || vdn > VDN_MAX) {
		throw new NodeOperationError(
			this.getNode(),
			`Set the VDN first (1 to ${VDN_MAX}): the list shows the groups of that VDN`,
		);
	}
	const options = (this.getCurrentNodeParameter('options') ?? {}) as IDataObject;
	const ccId =
		Number.isInteger(Number(options.ccId)) && Number(options.ccId) > 0
			? Number(options.ccId)
			: await defaultCallCenterId.call(this);
	return await listGroups.call(this, ccId, vdn);
}

export const groupLabel = (group: CmsGroupRecord): string =>
	`${group.groupName} (${GROUP_TYPES[group.groupType] ?? `type ${group.groupType}`})`;

async function search(
	this: ILoadOptionsFunctions,
	filter: string | undefined,
	groupType?: number,
): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').toLowerCase();
	const groups = (await groupsOfNodeVdn.call(this))
		.filter((group) => groupType === undefined || group.groupType === groupType)
		.filter((group) => group.groupName.toLowerCase().includes(needle));
	return { results: groups.map((group) => ({ name: groupLabel(group), value: group.id })) };
}

/** The groups of the VDN set in the node, filtered by name (the API lists them all at once). */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search.call(this, filter);
}

/** Only quality inspection groups (type 3): the only ones an inspection relation accepts as the inspector. */
export async function searchInspectionGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search.call(this, filter, 3);
}
