import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { versionedOptions } from '../../../shared/descriptions';
import { paginate } from '../../../shared/paginate';
import { integerValue, wantedResults } from '../../../shared/validation';
import { attempted } from '../../helpers/attempts';
import { resultList } from '../../helpers/envelope';
import { WORK_NO_MAX, groupIdParameter, vdnAndCallCenter } from '../../helpers/parameters';
import { cmsApiRequest } from '../../transport';
import { groupLocator, limitField, callCenterIdField, returnAllField, vdnField } from '../common.descriptions';

/** The largest page querygroupmemberbycondition returns. */
export const MEMBER_PAGE_SIZE = 100;

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
	...versionedOptions([callCenterIdField]),
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
	if (filters.workNo !== undefined) query.workNo = integerValue(this, filters.workNo, 'Work Number', i, 0, WORK_NO_MAX);
	const endpoint = 'qcrelationconf/querygroupmemberbycondition';
	const { records } = await paginate<IDataObject>(this, {
		wanted: wantedResults(this, i),
		pageSize: MEMBER_PAGE_SIZE,
		what: 'members',
		itemIndex: i,
		key: (member) => String(member.workNo ?? member.id ?? JSON.stringify(member)),
		fetchPage: async (offset, limit) => {
			const members = resultList(await cmsApiRequest.call(this, 'POST', endpoint, { ...query, limit, offset }, i));
			if (!members) {
				throw new NodeApiError(this.getNode(), {} as JsonObject, {
					itemIndex: i,
					message: `The CMS answered success but no list of members when asked to ${attempted(endpoint, query)}`,
					description: 'The answer is not what this API documents: check the Base URL of the credential.',
				});
			}
			return { records: members };
		},
	});
	return records.map((member) => ({ ...member, groupId: query.groupId, vdn: query.vdn }));
}
