import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inTurn } from '../../../shared/router';
import { booleanParameter, optionalText, requiredText } from '../../../shared/validation';
import { writeResult } from '../../helpers/envelope';
import { groupIdParameter, vdnAndCallCenter } from '../../helpers/parameters';
import { cmsApiRequest } from '../../transport';
import { groupLocator, optionsWithCallCenterId, remarkField, simplifyField, vdnField } from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	groupLocator('groupId', 'Group', 'The user group to update'),
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
		options: [remarkField],
	},
	optionsWithCallCenterId,
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const additionalFields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	// Field order as in Huawei's sample; empty optional fields are left out, not sent empty.
	const body = vdnAndCallCenter(this, i);
	body.id = groupIdParameter(this, 'groupId', 'Group', i);
	body.groupName = requiredText(this, this.getNodeParameter('groupName', i), 'New Group Name', i);
	const remark = optionalText(this, additionalFields.remark, 'Remark', i, 1000);
	if (remark !== undefined) body.remark = remark;
	const simplify = booleanParameter(this, 'simplify', 'Simplify', i, true);

	const response = await inTurn(this, `group ${body.vdn as number}/${body.id as string}`, async () => await cmsApiRequest.call(this, 'POST', 'qcrelationconf/updategroup', body, i));
	return writeResult(response, body, simplify);
}
