import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	IF_NAME_TAKEN,
	ifNameTakenField,
	optionsList,
	previewOnlyField,
} from '../../../shared/descriptions';
import { inTurn } from '../../../shared/runState';
import { DONE_BY_EARLIER_ATTEMPT, createWithoutTwins } from '../../../shared/transport';
import { integerValue, itemLabel, optionalText, requiredText } from '../../../shared/validation';
import { defaultCallCenterId, listGroups } from '../../helpers/groups';
import { writeResult } from '../../helpers/envelope';
import { vdnAndCallCenter, workNosValue } from '../../helpers/parameters';
import { SUCCESS_CODE } from '../../helpers/resultCodes';
import { cmsApiRequestWithPolicy } from '../../transport';
import { CMS_CALLS } from '../../transport/calls';
import { groupTypeOptions, callCenterIdField, remarkField, vdnField } from '../common.descriptions';

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
			remarkField,
			{
				displayName: 'Initial Members',
				name: 'workNos',
				type: 'string',
				default: '',
				placeholder: '57005, 57006',
				description:
					'Work numbers of agents to put into the new group, separated by commas, semicolons or line breaks',
			},
		],
	},
	previewOnlyField,
	optionsList([callCenterIdField]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const additionalFields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const { ccId: givenCcId, vdn } = vdnAndCallCenter(this, i) as { ccId?: number; vdn: number };
	const body: IDataObject = { ccId: givenCcId, vdn };
	body.groupName = requiredText(this, this.getNodeParameter('groupName', i), 'Group Name', i);
	body.groupType = integerValue(this, this.getNodeParameter('groupType', i), 'Group Type', i, 2, 3);
	const remark = optionalText(this, additionalFields.remark, 'Remark', i, 1000);
	if (remark !== undefined) body.remark = remark;
	// An empty Initial Members list creates a group without members (createusergroup adds, never removes).
	const workNos = workNosValue(this, additionalFields.workNos, 'Initial Members', i);
	if (workNos.length > 0) body.workNos = workNos;
	const useExisting =
		this.getNodeParameter('ifNameTaken', i, IF_NAME_TAKEN.error) === IF_NAME_TAKEN.useExisting;
	const name = body.groupName as string;
	// The body carries the call center the new group is then looked up in, so the two agree.
	const ccId = givenCcId ?? (await defaultCallCenterId.call(this, i));
	body.ccId = ccId;
	// Two creates of one name in one call center's VDN take turns (the call center given or the
	// default alike): the second then finds the first's group.
	return await inTurn(this, `create ${ccId}/${vdn}/${name}`, async () => {
		// Creating is not idempotent: never make a second group of a name the VDN already has.
		const existing = await listGroups.call(this, ccId, vdn, i);
		const twin = existing.find((group) => group.groupName === name);
		if (twin && useExisting) {
			const found = {
				resultCode: SUCCESS_CODE,
				resultDesc: 'A group of this name exists: nothing was created',
			};
			const { id, groupName, groupType, remark: existingRemark } = twin;
			const fields: IDataObject = {
				id,
				ccId,
				vdn,
				groupName,
				groupType,
				...(existingRemark !== undefined && { remark: existingRemark }),
			};
			return writeResult(found, { ...fields, alreadyExisted: true });
		}
		if (twin) {
			throw new NodeOperationError(
				this.getNode(),
				`A group named "${name}" already exists in VDN ${vdn} (ID ${twin.id}): nothing was created (${itemLabel(i)})`,
				{ itemIndex: i },
			);
		}
		// The API does not reliably return the new ID: find the group by its name.
		const known = new Set(existing.map((group) => group.id));
		const findCreated = async () =>
			(await listGroups.call(this, ccId, vdn, i)).filter(
				(group) => group.groupName === name && !known.has(group.id),
			);
		const answer = await cmsApiRequestWithPolicy.call(
			this,
			createWithoutTwins(`group "${name}"`, async () => (await findCreated()).length > 0),
			CMS_CALLS.createGroup,
			body,
			i,
		);
		const response =
			answer === DONE_BY_EARLIER_ATTEMPT
				? {
						resultCode: SUCCESS_CODE,
						resultDesc: 'Created (the answer was lost; the new group was found)',
					}
				: answer;
		let created;
		try {
			created = await findCreated();
		} catch (error) {
			// The group was created; only reading its ID failed. Say so: this item must not be re-run blindly.
			throw new NodeApiError(this.getNode(), {} as JsonObject, {
				itemIndex: i,
				message: `The group "${name}" was created in VDN ${vdn}, but reading its new ID failed`,
				description: `Reading the group list: ${(error as Error).message}. The group exists: do not create it again (or use "If the Name Is Taken: Use the Existing Group").`,
			});
		}
		const id = created.length === 1 ? created[0].id : null;
		return writeResult(response, { id, ...body, ...(useExisting && { alreadyExisted: false }) });
	});
}
