import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeForEachItem } from '../../../shared/items';
import { integerInRange, optionalText, requiredText } from '../../../shared/validation';
import { cmsApiRequest } from '../../transport';
import { callCenterIdField, vdnField } from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	{
		displayName: 'Group ID',
		name: 'groupId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '159832671551117675139418726647',
		description: 'ID of the user group to update (a long number, kept as text)',
	},
	{
		displayName: 'New Group Name',
		name: 'groupName',
		type: 'string',
		default: '',
		required: true,
		description: 'The name the group gets',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			callCenterIdField,
			{
				displayName: 'Remark',
				name: 'remark',
				type: 'string',
				default: '',
				description: 'Description of the user group',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeForEachItem.call(this, items, async (i) => {
		const additionalFields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		// Field order as in Huawei's sample; empty optional fields are left out, not sent empty.
		const body: IDataObject = {};
		const ccId = additionalFields.ccId;
		if (ccId !== undefined && ccId !== null && ccId !== '') {
			body.ccId = integerInRange(this, ccId, 'Call Center ID', i, 1, 65535);
		}
		body.vdn = integerInRange(this, this.getNodeParameter('vdn', i), 'VDN', i, 1, 99999);
		body.id = requiredText(this, this.getNodeParameter('groupId', i), 'Group ID', i, 64).trim();
		body.groupName = requiredText(this, this.getNodeParameter('groupName', i), 'New Group Name', i);
		const remark = optionalText(this, additionalFields.remark, 'Remark', i, 1000);
		if (remark !== undefined) body.remark = remark;

		const response = await cmsApiRequest.call(this, 'POST', 'qcrelationconf/updategroup', body, i);
		return {
			success: true,
			resultCode: response.resultCode ?? '0100000',
			resultDesc: (response.resultDesc ?? response.description ?? '') as string,
			...body,
		};
	});
}
