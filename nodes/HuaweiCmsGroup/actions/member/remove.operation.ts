import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeMemberChanges } from '../../helpers/memberChanges';
import { vdnAndCallCenter, workNosParameter } from '../../helpers/parameters';
import { memberOptions, simplifyField, vdnField, workNosField } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName:
			'The API takes no group: the agents leave whichever user group of the VDN they are in. An empty list is refused (the API would remove every member of the VDN).',
		name: 'removeNotice',
		type: 'notice',
		default: '',
	},
	vdnField,
	workNosField('Work numbers of the agents to remove from their user group, separated by commas, or a list from an expression'),
	memberOptions,
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['remove'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// workNosParameter never returns an empty list: batchdeletegroupmember with none wipes the VDN.
	return await executeMemberChanges.call(this, items, 'qcrelationconf/batchdeletegroupmember', (i) => ({
		itemIndex: i,
		body: vdnAndCallCenter(this, i),
		workNos: workNosParameter(this, this.getNodeParameter('workNos', i), 'Work Numbers', i),
	}));
}
