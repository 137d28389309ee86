import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeForEachItem } from '../../../shared/items';
import { groupOutput } from '../../helpers/xml';
import { expertApiRequest } from '../../transport';
import { groupLocator, groupReference, simplifyField } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['get'] } }, [
	groupLocator,
	simplifyField,
]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeForEachItem.call(this, items, async (i) => {
		const group = groupReference(this, i);
		const document = await expertApiRequest.call(this, 'GET', `groups/${group.segment}`, { itemIndex: i, subject: group.subject });
		return groupOutput(document, this.getNodeParameter('simplify', i, true) as boolean);
	});
}
