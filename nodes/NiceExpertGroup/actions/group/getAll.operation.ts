import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitField, returnAllField } from '../../../shared/descriptions';
import { executeForEachItem } from '../../../shared/items';
import { wantedResults } from '../../../shared/validation';
import { groupToJson, simplifiedGroup } from '../../helpers/xml';
import { expertApiRequest } from '../../transport';
import { simplifyField } from '../common.descriptions';

const PAGE_SIZE = 100;

const properties: INodeProperties[] = [
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
				displayName: 'Name Contains',
				name: 'nameFilter',
				type: 'string',
				default: '',
				description: 'Only groups whose name contains this text',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				options: [
					{ name: 'ID', value: 'id' },
					{ name: 'Name', value: 'name' },
					{ name: 'Role', value: 'role' },
					{ name: 'Authentication Service', value: 'service' },
				],
				default: 'name',
			},
			{
				displayName: 'Descending',
				name: 'descending',
				type: 'boolean',
				default: false,
				description: 'Whether to sort from last to first',
			},
		],
	},
	simplifyField,
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeForEachItem.call(this, items, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const wanted = wantedResults(this, i);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		const qs: IDataObject = {};
		if (filters.nameFilter) qs.groupnamefilter = String(filters.nameFilter);
		if (options.sortBy) qs.sortby = `${options.descending ? '-' : ''}${String(options.sortBy)}`;

		// Pages walked by offset; querycount (the matches, totalcount when absent) says when to stop.
		const groups: IDataObject[] = [];
		for (let total = Infinity; groups.length < wanted && groups.length < total; ) {
			const limit = Math.min(PAGE_SIZE, wanted - groups.length);
			const document = await expertApiRequest.call(this, 'GET', 'groups', { qs: { ...qs, limit, offset: groups.length }, itemIndex: i });
			const list = (document.groups ?? {}) as IDataObject;
			const page = (list.group ?? []) as IDataObject[];
			groups.push(...page.map((group) => (simplify ? simplifiedGroup(group) : groupToJson(group))));
			total = Number(list['@querycount'] ?? list['@totalcount'] ?? 0);
			if (page.length === 0) break;
		}
		return groups;
	});
}
