import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitField, optionsList, returnAllField } from '../../../shared/descriptions';
import { optionalText, requiredText, wantedResults } from '../../../shared/validation';
import { listMemberPages } from '../../helpers/lists';
import { groupReference } from '../../helpers/parameters';
import { userToJson } from '../../transport';
import { groupLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	groupLocator(),
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
				// Roles go by name in Expert (see roleField).
				// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-options
				displayName: 'Role',
				name: 'roleFilter',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getRolesForFilter' },
				default: '',
				// eslint-disable-next-line n8n-nodes-base/node-param-description-wrong-for-dynamic-options
				description:
					'Only users with this site role. Choose from the list, or give a role name with an expression.',
			},
		],
	},
	optionsList([]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const group = groupReference(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	const usernameFilter = optionalText(this, filters.usernameFilter, 'Username Contains', i);
	if (usernameFilter !== undefined) qs.usernamefilter = usernameFilter;
	// Added but left empty is a mistake, not "any role" (that is the filter left out).
	if (filters.roleFilter !== undefined)
		qs.rolefilter = requiredText(this, filters.roleFilter, 'Role', i);
	const { records } = await listMemberPages(this, `groups/${group.segment}/users`, group.subject, {
		qs,
		wanted: wantedResults(this, i),
		itemIndex: i,
	});
	return records.map(userToJson);
}
