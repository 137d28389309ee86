import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { IF_NAME_TAKEN, ifNameTakenField } from '../../../shared/descriptions';
import { executeForEachItem } from '../../../shared/items';
import { createWithoutTwins } from '../../../shared/retries';
import { integerInRange, optionalText, requiredText } from '../../../shared/validation';
import { vdnAndCallCenter, workNosParameter } from '../../helpers/parameters';
import { SUCCESS_CODE } from '../../helpers/resultCodes';
import { cmsApiRequest, defaultCallCenterId, listGroups, writeResult } from '../../transport';
import { callCenterIdField, groupTypeOptions, remarkField, simplifyField, vdnField } from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	{
		displayName: 'Group Name',
		name: 'groupName',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'Group Type',
		name: 'groupType',
		type: 'options',
		options: groupTypeOptions,
		default: 3,
	},
	ifNameTakenField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			callCenterIdField,
			remarkField,
			{
				displayName: 'Initial Members',
				name: 'workNos',
				type: 'string',
				default: '',
				placeholder: '57005, 57006',
				description: 'Work numbers of agents to put into the new group, separated by commas',
			},
		],
	},
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const fallbackCcId = await defaultCallCenterId.call(this);
	return await executeForEachItem.call(this, items, async (i) => {
		const additionalFields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		// The body carries the call center the new group is then looked up in, so the two agree.
		const { ccId = fallbackCcId, vdn } = vdnAndCallCenter(this, i, 'additionalFields');
		const body: IDataObject = { ccId, vdn };
		body.groupName = requiredText(this, this.getNodeParameter('groupName', i), 'Group Name', i);
		body.groupType = integerInRange(this, this.getNodeParameter('groupType', i), 'Group Type', i, 2, 3);
		const remark = optionalText(this, additionalFields.remark, 'Remark', i, 1000);
		if (remark !== undefined) body.remark = remark;
		if (additionalFields.workNos !== undefined && additionalFields.workNos !== '') {
			body.workNos = workNosParameter(this, additionalFields.workNos, 'Initial Members', i);
		}

		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		const useExisting = this.getNodeParameter('ifNameTaken', i, IF_NAME_TAKEN.error) === IF_NAME_TAKEN.useExisting;
		// Creating is not idempotent: never make a second group of a name the VDN already has.
		const existing = await listGroups.call(this, ccId as number, vdn as number, i);
		const twin = existing.find((group) => group.groupName === body.groupName);
		if (twin && useExisting) {
			const found = { resultCode: SUCCESS_CODE, resultDesc: 'A group of this name exists: nothing was created' };
			const { id, groupName, groupType, remark: existingRemark } = twin;
			const fields: IDataObject = { id, ccId, vdn, groupName, groupType, ...(existingRemark !== undefined && { remark: existingRemark }) };
			return writeResult(found, { ...fields, alreadyExisted: true }, simplify);
		}
		if (twin) {
			throw new NodeOperationError(
				this.getNode(),
				`A group named "${body.groupName as string}" already exists in VDN ${vdn as number} (ID ${twin.id}): nothing was created [item ${i}]`,
				{ itemIndex: i },
			);
		}
		// The API does not reliably return the new ID: find the group by its name.
		const known = new Set(existing.map((group) => group.id));
		const findCreated = async () =>
			(await listGroups.call(this, ccId as number, vdn as number, i)).filter(
				(group) => group.groupName === body.groupName && !known.has(group.id),
			);
		const answer = await createWithoutTwins(
			this,
			async () => await cmsApiRequest.call(this, 'POST', 'qcrelationconf/createusergroup', body, i, false),
			async () => (await findCreated()).length > 0,
		);
		const response = answer ?? { resultCode: SUCCESS_CODE, resultDesc: 'Created (the answer was lost; the new group was found)' };
		const created = await findCreated();
		const id = created.length === 1 ? created[0].id : null;
		return writeResult(response, { id, ...body, ...(useExisting && { alreadyExisted: false }) }, simplify);
	});
}
