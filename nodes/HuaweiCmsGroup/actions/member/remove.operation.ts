import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsList, previewOnlyField } from '../../../shared/descriptions';
import type { ItemOutcome } from '../../../shared/operations';
import { executeMemberChanges } from '../../helpers/memberRequests';
import { requiredWorkNos, vdnAndCallCenter } from '../../helpers/parameters';
import {
	callCenterIdField,
	workNosPerRequestOption,
	vdnField,
	workNosField,
} from '../common.descriptions';
import { CMS_CALLS } from '../../transport/calls';

const properties: INodeProperties[] = [
	{
		displayName:
			'The API takes no group: the agents leave whichever user group of the VDN they are in. An empty list is refused (the API would remove every member of the VDN).',
		name: 'removeNotice',
		type: 'notice',
		default: '',
	},
	vdnField,
	workNosField(
		'Work numbers of the agents to remove from their user group, separated by commas, semicolons or line breaks, or a list from an expression',
	),
	// Their items are combined into shared requests: no Batching.
	previewOnlyField,
	optionsList([callCenterIdField, workNosPerRequestOption], { batching: false }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['remove'] } },
	properties,
);

/** All items at once, combined per VDN. */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<ItemOutcome[]> {
	// requiredWorkNos never returns an empty list: batchdeletegroupmember with none wipes the VDN.
	return await executeMemberChanges.call(this, items, CMS_CALLS.removeMembers, (i) => ({
		itemIndex: i,
		body: vdnAndCallCenter(this, i),
		workNos: requiredWorkNos(this, this.getNodeParameter('workNos', i), 'Work Numbers', i),
	}));
}
