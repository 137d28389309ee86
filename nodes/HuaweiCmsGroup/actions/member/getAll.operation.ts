import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeForEachItem } from '../../../shared/items';
import { integerInRange, wantedResults } from '../../../shared/validation';
import { groupIdParameter, vdnAndCallCenter } from '../../helpers/parameters';
import { cmsApiRequest, resultData } from '../../transport';
import { groupLocator, limitField, optionsWithCallCenterId, returnAllField, vdnField } from '../common.descriptions';

/** The largest page querygroupmemberbycondition returns. */
export const MEMBER_PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	vdnField,
	groupLocator('groupId', 'Group', 'The user group whose members to list'),
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
				displayName: 'Work Number',
				name: 'workNo',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, maxValue: 99999, numberPrecision: 0 },
				description: 'Only the member with this work number',
			},
		],
	},
	optionsWithCallCenterId,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeForEachItem.call(this, items, async (i) => {
		const query = vdnAndCallCenter(this, i);
		query.groupId = groupIdParameter(this, 'groupId', 'Group', i);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		if (filters.workNo !== undefined && filters.workNo !== '') {
			query.workNo = integerInRange(this, filters.workNo, 'Work Number', i, 0, 99999);
		}
		const wanted = wantedResults(this, i);

		// Pages of at most 100, walked by offset until a short page (or the limit) ends the list.
		const members: IDataObject[] = [];
		while (members.length < wanted) {
			const limit = Math.min(MEMBER_PAGE_SIZE, wanted - members.length);
			const body = { ...query, limit, offset: members.length };
			const page = resultData(await cmsApiRequest.call(this, 'POST', 'qcrelationconf/querygroupmemberbycondition', body, i));
			members.push(...page.map((member) => ({ ...member, groupId: query.groupId, vdn: query.vdn })));
			if (page.length < limit) break;
		}
		return members;
	});
}
