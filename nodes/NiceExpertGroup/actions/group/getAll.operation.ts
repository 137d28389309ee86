import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitField, optionsList, returnAllField } from '../../../shared/descriptions';
import {
	booleanParameter,
	invalidParameter,
	optionalText,
	wantedResults,
} from '../../../shared/validation';
import { groupToJson, simplifiedGroup } from '../../transport';
import { listGroupPages } from '../../helpers/lists';
import { simplifyField } from '../common.descriptions';

/** How Get Many sorts: options of the operation's own. */
const sortOptions: INodeProperties[] = [
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
];

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
	optionsList(sortOptions),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['getAll'] } },
	properties,
);

const SORT_FIELDS = ['id', 'name', 'role', 'service'];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const simplify = booleanParameter(this, 'simplify', 'Simplify', i, true);
	const qs: IDataObject = {};
	const nameFilter = optionalText(this, filters.nameFilter, 'Name Contains', i);
	if (nameFilter !== undefined) qs.groupnamefilter = nameFilter;
	if (options.sortBy !== undefined && options.sortBy !== '') {
		// One of Expert's sort fields, never text from an expression passed on as is.
		if (!SORT_FIELDS.includes(options.sortBy as string)) {
			throw invalidParameter(
				this,
				'Sort By',
				i,
				`must be one of ${SORT_FIELDS.join(', ')}`,
				options.sortBy,
			);
		}
		const descending = booleanParameter(this, 'options.descending', 'Descending', i, false);
		qs.sortby = `${descending ? '-' : ''}${options.sortBy as string}`;
	}
	const { records } = await listGroupPages(this, {
		qs,
		wanted: wantedResults(this, i),
		itemIndex: i,
	});
	return records.map((group) => (simplify ? simplifiedGroup(group) : groupToJson(group)));
}
