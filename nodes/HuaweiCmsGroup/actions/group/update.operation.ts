import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsList, previewOnlyField } from '../../../shared/descriptions';
import { inTurn } from '../../../shared/runState';
import { invalidParameter, itemLabel, optionalText } from '../../../shared/validation';
import { defaultCallCenterId, listGroups } from '../../helpers/groups';
import { writeResult } from '../../helpers/envelope';
import { groupIdParameter, vdnAndCallCenter } from '../../helpers/parameters';
import { cmsApiRequest } from '../../transport';
import { CMS_CALLS } from '../../transport/calls';
import { groupLocator, callCenterIdField, remarkField, vdnField } from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	groupLocator('groupId', 'Group', 'The user group to update'),
	{
		displayName: 'New Name',
		name: 'groupName',
		type: 'string',
		default: '',
		description:
			'The name the group gets. Leave empty to keep its name (the CMS needs one in every update: the current one is read first).',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [remarkField],
	},
	previewOnlyField,
	optionsList([callCenterIdField]),
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
	const newName = optionalText(this, this.getNodeParameter('groupName', i, ''), 'New Name', i);
	const remark = optionalText(this, additionalFields.remark, 'Remark', i, 1000);
	if (newName === undefined && remark === undefined) {
		throw invalidParameter(
			this,
			'New Name',
			i,
			'or "Remark" must be set: there is nothing to update',
		);
	}

	const vdn = body.vdn as number;
	const id = body.id as string;
	const response = await inTurn(this, `group ${vdn}/${id}`, async () => {
		// updategroup needs a name: an update of the remark alone sends the name the group has now.
		body.groupName = newName ?? (await currentName.call(this, body, i));
		if (remark !== undefined) body.remark = remark;
		return await cmsApiRequest.call(this, CMS_CALLS.updateGroup, body, i);
	});
	return writeResult(response, body);
}

async function currentName(this: IExecuteFunctions, body: IDataObject, i: number): Promise<string> {
	const ccId = (body.ccId as number | undefined) ?? (await defaultCallCenterId.call(this, i));
	const group = (await listGroups.call(this, ccId, body.vdn as number, i)).find(
		(candidate) => candidate.id === body.id,
	);
	if (!group) {
		throw new NodeOperationError(
			this.getNode(),
			`Group ${String(body.id)} is not in VDN ${String(body.vdn)}: nothing was updated (${itemLabel(i)})`,
			{
				itemIndex: i,
				description:
					"The group list of the VDN was read to keep the group's name, and the group is not in it. Check the Group and the VDN.",
			},
		);
	}
	return group.groupName;
}
