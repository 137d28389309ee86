import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { groupLabel, groupsOfNodeVdn } from './listSearch';

/** The traffic groups (type 2) of the node's VDN: the groups an inspection group inspects. */
export async function getTrafficGroups(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return (await groupsOfNodeVdn.call(this))
		.filter((group) => group.groupType === 2)
		.map((group) => ({ name: groupLabel(group), value: group.id }));
}
