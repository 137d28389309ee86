import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsList, previewOnlyField } from '../../../shared/descriptions';
import type { ItemOutcome } from '../../../shared/operations';
import { executeMemberChanges } from '../../helpers/memberRequests';
import { groupIdParameter, requiredWorkNos, vdnAndCallCenter } from '../../helpers/parameters';
import {
	groupLocator,
	callCenterIdField,
	workNosPerRequestOption,
	vdnField,
	workNosField,
} from '../common.descriptions';
import { CMS_CALLS } from '../../transport/calls';

const properties: INodeProperties[] = [
	vdnField,
	groupLocator('groupId', 'Group', 'The user group the agents join'),
	workNosField(
		'Work numbers of the agents to add, separated by commas, semicolons or line breaks, or a list from an expression',
	),
	// Their items are combined into shared requests: no Batching.
	previewOnlyField,
	optionsList([callCenterIdField, workNosPerRequestOption], { batching: false }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['add'] } },
	properties,
);

/** All items at once: those adding to the same group share requests. */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<ItemOutcome[]> {
	return await executeMemberChanges.call(this, items, CMS_CALLS.addMembers, (i) => {
		const body = vdnAndCallCenter(this, i);
		body.groupId = groupIdParameter(this, 'groupId', 'Group', i);
		return {
			itemIndex: i,
			body,
			workNos: requiredWorkNos(this, this.getNodeParameter('workNos', i), 'Work Numbers', i),
		};
	});
}
