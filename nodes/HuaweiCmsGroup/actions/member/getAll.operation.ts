import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsList } from '../../../shared/descriptions';
import { integerValue, wantedResults } from '../../../shared/validation';
import { listMembers } from '../../helpers/groups';
import { WORK_NO_MAX, groupIdParameter, vdnAndCallCenter } from '../../helpers/parameters';
import {
	groupLocator,
	limitField,
	callCenterIdField,
	returnAllField,
	vdnField,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	groupLocator('groupId', 'Group', 'The user group whose members to list'),
	returnAllField,
	limitField,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Work Number',
				name: 'workNo',
				// Text, not a number field: a number field would put in 0 when added, a real work number.
				type: 'string',
				default: '',
				placeholder: 'e.g. 57005',
				description: `Only the member with this work number (0 to ${WORK_NO_MAX})`,
			},
		],
	},
	optionsList([callCenterIdField]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const query = vdnAndCallCenter(this, i);
	query.groupId = groupIdParameter(this, 'groupId', 'Group', i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	// Added but left empty is a mistake, not "no filter": it is refused like any bad value.
	if (filters.workNo !== undefined)
		query.workNo = integerValue(this, filters.workNo, 'Work Number', i, 0, WORK_NO_MAX);
	return await listMembers.call(this, query, wantedResults(this, i), i);
}
