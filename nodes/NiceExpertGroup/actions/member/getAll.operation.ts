import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitField, returnAllField } from '../../../shared/descriptions';
import { optionalText, wantedResults } from '../../../shared/validation';
import { listMemberPages } from '../../helpers/lists';
import { groupReference } from '../../helpers/parameters';
import { userToJson } from '../../helpers/xml';
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

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const group = groupReference(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	const usernameFilter = optionalText(this, filters.usernameFilter, 'Username Contains', i);
	if (usernameFilter !== undefined) qs.usernamefilter = usernameFilter;
	const roleFilter = optionalText(this, filters.roleFilter, 'Role', i);
	if (roleFilter !== undefined) qs.rolefilter = roleFilter;
	const { records } = await listMemberPages(this, `groups/${group.segment}/users`, group.subject, { qs, wanted: wantedResults(this, i), itemIndex: i });
	return records.map(userToJson);
}
