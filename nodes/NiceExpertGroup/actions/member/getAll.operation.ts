import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitField, returnAllField } from '../../../shared/descriptions';
import { executeForEachItem } from '../../../shared/items';
import { wantedResults } from '../../../shared/validation';
import { usersToJson } from '../../helpers/xml';
import { expertApiRequest } from '../../transport';
import { groupLocator, groupReference } from '../common.descriptions';

const PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	groupLocator,
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
				displayName: 'Username Contains',
				name: 'usernameFilter',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Role Name or ID',
				name: 'roleFilter',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getRolesForFilter' },
				default: '',
				description:
					'Only users with this site role. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeForEachItem.call(this, items, async (i) => {
		const group = groupReference(this, i);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const wanted = wantedResults(this, i);
		const qs: IDataObject = {};
		if (filters.usernameFilter) qs.usernamefilter = String(filters.usernameFilter);
		if (filters.roleFilter) qs.rolefilter = String(filters.roleFilter);

		// The member list has no total: pages are walked until a short one.
		const users: IDataObject[] = [];
		while (users.length < wanted) {
			const limit = Math.min(PAGE_SIZE, wanted - users.length);
			const page = usersToJson(
				await expertApiRequest.call(this, 'GET', `groups/${group.segment}/users`, {
					qs: { ...qs, limit, offset: users.length },
					itemIndex: i,
					subject: group.subject,
				}),
			);
			users.push(...page);
			if (page.length < limit) break;
		}
		return users;
	});
}
