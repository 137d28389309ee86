import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forVersion1, versionedOptions } from '../../../shared/descriptions';
import { previewOnlyField } from '../../../shared/preview';
import { DONE_BY_EARLIER_ATTEMPT, deleteAcceptingGone } from '../../../shared/retryPolicy';
import { inTurn } from '../../../shared/router';
import { simplifyWrite } from '../../../shared/validation';
import { writeResult } from '../../helpers/envelope';
import { defaultCallCenterId, listGroups } from '../../helpers/groups';
import { groupIdParameter, vdnAndCallCenter } from '../../helpers/parameters';
import { cmsApiRequestWithPolicy } from '../../transport';
import { groupLocator, callCenterIdField, simplifyField, vdnField } from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	groupLocator('groupId', 'Group', 'The user group to delete. Its members and its inspection relations are deleted with it.'),
	previewOnlyField,
	...versionedOptions([callCenterIdField]),
	forVersion1(simplifyField),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const body = vdnAndCallCenter(this, i);
	body.id = groupIdParameter(this, 'groupId', 'Group', i);
	const simplify = simplifyWrite(this, i);
	// "Invalid parameter" after an attempt whose answer was lost counts as done only when the list confirms the group is gone.
	const isGone = async (error: { context: IDataObject }) => {
		if (error.context.resultCode !== '0100002') return false;
		const ccId = (body.ccId as number | undefined) ?? (await defaultCallCenterId.call(this, i));
		return !(await listGroups.call(this, ccId, body.vdn as number, i)).some((group) => group.id === body.id);
	};
	const response = await inTurn(
		this,
		`group ${body.vdn as number}/${body.id as string}`,
		async () => await cmsApiRequestWithPolicy.call(this, deleteAcceptingGone(isGone), 'POST', 'qcrelationconf/deleteusergroup', body, i),
	);
	if (response === DONE_BY_EARLIER_ATTEMPT) {
		return writeResult({ resultCode: '0100000', resultDesc: 'Deleted (the answer was lost; the group is gone)' }, body, simplify);
	}
	return writeResult(response, body, simplify);
}
