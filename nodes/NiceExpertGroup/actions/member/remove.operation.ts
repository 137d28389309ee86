import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsList, previewOnlyField } from '../../../shared/descriptions';
import { inTurn } from '../../../shared/runState';
import { groupReference, userReference } from '../../helpers/parameters';
import { groupOutput, expertApiRequest } from '../../transport';
import { groupLocator, userLocator } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['remove'] } },
	[groupLocator(), userLocator, previewOnlyField, optionsList([])],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const group = groupReference(this, i);
	const user = userReference(this, i);
	const document = await inTurn(
		this,
		`group ${group.segment}`,
		async () =>
			await expertApiRequest.call(this, 'DELETE', `groups/${group.segment}/users/${user.segment}`, {
				expect: 'group',
				itemIndex: i,
				subject: `${group.subject} or ${user.subject}`,
			}),
	);
	return groupOutput(document, true);
}
