import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeForEachItem } from '../../../shared/items';
import { asApiError, deletedByEarlierAttempt } from '../../../shared/retries';
import { groupIdParameter, vdnAndCallCenter } from '../../helpers/parameters';
import { cmsApiRequest, writeResult } from '../../transport';
import { groupLocator, optionsWithCallCenterId, simplifyField, vdnField } from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	groupLocator('groupId', 'Group', 'The user group to delete. Its members and its inspection relations are deleted with it.'),
	optionsWithCallCenterId,
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeForEachItem.call(this, items, async (i) => {
		const body = vdnAndCallCenter(this, i);
		body.id = groupIdParameter(this, 'groupId', 'Group', i);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		try {
			const response = await cmsApiRequest.call(this, 'POST', 'qcrelationconf/deleteusergroup', body, i);
			return writeResult(response, body, simplify);
		} catch (error) {
			// "No such group" after an attempt whose answer was lost: that attempt deleted it.
			if (!deletedByEarlierAttempt(error, (apiError) => apiError.context.resultCode === '0100002')) throw asApiError(this, error);
			return writeResult({ resultCode: '0100000', resultDesc: 'Deleted (the answer was lost; the group is gone)' }, body, simplify);
		}
	});
}
