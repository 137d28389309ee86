import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsList, previewOnlyField } from '../../../shared/descriptions';
import { inTurn } from '../../../shared/runState';
import { deleteAcceptingGone } from '../../../shared/transport';
import { groupReference } from '../../helpers/parameters';
import { expertApiRequestWithPolicy } from '../../transport';
import { groupLocator } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['delete'] } },
	[groupLocator(), previewOnlyField, optionsList([])],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const group = groupReference(this, i);
	// 404 after an attempt whose answer was lost: that attempt deleted it.
	await inTurn(
		this,
		`group ${group.segment}`,
		async () =>
			await expertApiRequestWithPolicy.call(
				this,
				deleteAcceptingGone(async (error) => error.httpCode === '404'),
				'DELETE',
				`groups/${group.segment}`,
				{ expect: 'nothing', itemIndex: i, subject: group.subject },
			),
	);
	return { deleted: true, group: group.subject };
}
