import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeForEachItem } from '../../../shared/items';
import { asApiError, deletedByEarlierAttempt } from '../../../shared/retries';
import { expertApiRequest } from '../../transport';
import { groupLocator, groupReference } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['delete'] } }, [groupLocator]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeForEachItem.call(this, items, async (i) => {
		const group = groupReference(this, i);
		try {
			await expertApiRequest.call(this, 'DELETE', `groups/${group.segment}`, { itemIndex: i, subject: group.subject });
		} catch (error) {
			// 404 after an attempt whose answer was lost: that attempt deleted it.
			if (!deletedByEarlierAttempt(error, (apiError) => apiError.httpCode === '404')) throw asApiError(this, error);
		}
		return { deleted: true, group: group.subject };
	});
}
