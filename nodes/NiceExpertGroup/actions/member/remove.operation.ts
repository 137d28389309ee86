import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeForEachItem } from '../../../shared/items';
import { groupOutput } from '../../helpers/xml';
import { expertApiRequest } from '../../transport';
import { groupLocator, groupReference, simplifyField, userLocator, userReference } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['remove'] } }, [
	groupLocator,
	userLocator,
	simplifyField,
]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeForEachItem.call(this, items, async (i) => {
		const group = groupReference(this, i);
		const user = userReference(this, i);
		const document = await expertApiRequest.call(this, 'DELETE', `groups/${group.segment}/users/${user.segment}`, {
			itemIndex: i,
			subject: `${group.subject} or ${user.subject}`,
		});
		return groupOutput(document, this.getNodeParameter('simplify', i, true) as boolean);
	});
}
