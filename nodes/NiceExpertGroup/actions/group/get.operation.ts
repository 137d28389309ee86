import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsList } from '../../../shared/descriptions';
import { booleanParameter } from '../../../shared/validation';
import { groupReference } from '../../helpers/parameters';
import { groupOutput, expertApiRequest } from '../../transport';
import { groupLocator, simplifyField } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['get'] } },
	[groupLocator(), simplifyField, optionsList([])],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const group = groupReference(this, i);
	const simplify = booleanParameter(this, 'simplify', 'Simplify', i, true);
	const document = await expertApiRequest.call(this, 'GET', `groups/${group.segment}`, {
		expect: 'group',
		itemIndex: i,
		subject: group.subject,
	});
	return groupOutput(document, simplify);
}
