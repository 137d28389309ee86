import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsList } from '../../../shared/descriptions';
import { integerValue, wantedResults } from '../../../shared/validation';
import { defaultCallCenterId, listGroups } from '../../helpers/groups';
import { vdnAndCallCenter } from '../../helpers/parameters';
import {
	GROUP_TYPES,
	groupTypeOptions,
	limitField,
	callCenterIdField,
	returnAllField,
	vdnField,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	returnAllField,
	limitField,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				description: 'Only groups whose name contains this text (not case-sensitive)',
			},
			{
				displayName: 'Group Type',
				name: 'groupType',
				type: 'options',
				options: groupTypeOptions,
				default: 3,
			},
		],
	},
	optionsList([callCenterIdField]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { ccId = await defaultCallCenterId.call(this, i), vdn } = vdnAndCallCenter(this, i) as {
		ccId?: number;
		vdn: number;
	};
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const nameContains = String(filters.nameContains ?? '').toLowerCase();
	const groupType =
		filters.groupType === undefined
			? undefined
			: integerValue(this, filters.groupType, 'Group Type', i, 2, 3);
	const limit = wantedResults(this, i);

	// The API returns the whole list at once: filtering happens here.
	return (await listGroups.call(this, ccId, vdn, i))
		.filter((group) => group.groupName.toLowerCase().includes(nameContains))
		.filter((group) => groupType === undefined || group.groupType === groupType)
		.slice(0, limit)
		.map((group) => ({
			...group,
			groupTypeName: GROUP_TYPES[group.groupType] ?? 'Unknown',
			ccId,
			vdn,
		}));
}
