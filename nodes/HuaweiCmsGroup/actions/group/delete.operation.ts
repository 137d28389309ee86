import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { optionsList, previewOnlyField } from '../../../shared/descriptions';
import { inTurn } from '../../../shared/runState';
import { DONE_BY_EARLIER_ATTEMPT, deleteAcceptingGone } from '../../../shared/transport';
import { writeResult } from '../../helpers/envelope';
import { defaultCallCenterId, listGroups } from '../../helpers/groups';
import { groupIdParameter, vdnAndCallCenter } from '../../helpers/parameters';
import { INVALID_PARAMETER_CODE, SUCCESS_CODE } from '../../helpers/resultCodes';
import { cmsApiRequestWithPolicy } from '../../transport';
import { CMS_CALLS } from '../../transport/calls';
import { groupLocator, callCenterIdField, vdnField } from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	groupLocator(
		'groupId',
		'Group',
		'The user group to delete. Its members and its inspection relations are deleted with it.',
	),
	previewOnlyField,
	optionsList([callCenterIdField]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const body = vdnAndCallCenter(this, i);
	body.id = groupIdParameter(this, 'groupId', 'Group', i);
	// "Invalid parameter" after an attempt whose answer was lost counts as done only when the list confirms the group is gone.
	const isGone = async (error: { context: IDataObject }) => {
		if (error.context.resultCode !== INVALID_PARAMETER_CODE) return false;
		const ccId = (body.ccId as number | undefined) ?? (await defaultCallCenterId.call(this, i));
		let groups;
		try {
			groups = await listGroups.call(this, ccId, body.vdn as number, i);
		} catch (listError) {
			throw new NodeApiError(this.getNode(), {} as JsonObject, {
				itemIndex: i,
				message: `Group ${String(body.id)} may have been deleted: the answer to the delete was lost, a retry said it does not exist, and listing the groups to confirm failed`,
				description: `Listing the groups: ${(listError as Error).message}. Check in the CMS whether the group is gone before running this item again.`,
			});
		}
		return !groups.some((group) => group.id === body.id);
	};
	const response = await inTurn(
		this,
		`group ${body.vdn as number}/${body.id as string}`,
		async () =>
			await cmsApiRequestWithPolicy.call(
				this,
				deleteAcceptingGone(isGone),
				CMS_CALLS.deleteGroup,
				body,
				i,
			),
	);
	if (response === DONE_BY_EARLIER_ATTEMPT) {
		return writeResult(
			{ resultCode: SUCCESS_CODE, resultDesc: 'Deleted (the answer was lost; the group is gone)' },
			body,
		);
	}
	return writeResult(response, body);
}
