import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { GROUP_TYPES } from '../actions/common.descriptions';
import { defaultCallCenterId, listGroups } from '../helpers/groups';

/** The groups of the VDN set in the node, filtered by name (the API lists them all at once). */
export async function searchGroups(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const vdn = Number(this.getCurrentNodeParameter('vdn'));
	if (!Number.isInteger(vdn) || vdn < 1) {
		throw new NodeOperationError(this.getNode(), 'Set the VDN first: the list shows the groups of that VDN');
	}
	const options = (this.getCurrentNodeParameter('options') ?? {}) as IDataObject;
	const ccId = Number.isInteger(Number(options.ccId)) && Number(options.ccId) > 0 ? Number(options.ccId) : await defaultCallCenterId.call(this);
	const needle = (filter ?? '').toLowerCase();
	const groups = (await listGroups.call(this, ccId, vdn)).filter((group) => group.groupName.toLowerCase().includes(needle));
	return {
		results: groups.map((group) => ({
			name: `${group.groupName} (${GROUP_TYPES[group.groupType] ?? `type ${group.groupType}`})`,
			value: group.id,
		})),
	};
}
