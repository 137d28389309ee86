import type { INodeProperties } from 'n8n-workflow';

export { limitField, returnAllField } from '../../shared/descriptions';

export const vdnField: INodeProperties = {
	displayName: 'VDN',
	name: 'vdn',
	type: 'number',
	// No default: a VDN left unset is an error naming it, never VDN 1 (the editor flags the empty field).
	default: '',
	required: true,
	typeOptions: { minValue: 1, numberPrecision: 0 },
	description: 'ID of the VDN (virtual call center) the groups belong to',
	hint: 'The tenant (VDN) number in AICC, 1 to 99999; the group list below shows the groups of this VDN',
};

export const callCenterIdField: INodeProperties = {
	displayName: 'Call Center ID',
	name: 'ccId',
	type: 'number',
	default: 1,
	typeOptions: { minValue: 1, maxValue: 65535, numberPrecision: 0 },
	description:
		"ID of the call center (1 to 65535). Left out, the server uses its default; where the node needs one to list groups, the credential's Default Call Center ID.",
};

/** A group of the VDN, chosen from a searchable list (by default of every group) or given by ID. */
export function groupLocator(
	name: string,
	displayName: string,
	description: string,
	searchListMethod = 'searchGroups',
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		// The list shows the groups of the VDN (and call center) set above: reload it when they change.
		typeOptions: { loadOptionsDependsOn: ['vdn', 'options.ccId'] },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a group...',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '159832671551117675139418726647',
			},
		],
	};
}

export const workNosField = (description: string): INodeProperties => ({
	displayName: 'Work Numbers',
	name: 'workNos',
	type: 'string',
	default: '',
	required: true,
	placeholder: '57005, 57006',
	description,
});

export const workNosPerRequestOption: INodeProperties = {
	displayName: 'Work Numbers per Request',
	name: 'workNosPerRequest',
	type: 'number',
	default: 100,
	typeOptions: { minValue: 1, maxValue: 1000, numberPrecision: 0 },
	description:
		'Items that change the same group are combined into one request with up to this many work numbers (the API takes a list; 100 is also the largest page the member query returns)',
};

export const remarkField: INodeProperties = {
	displayName: 'Remark',
	name: 'remark',
	type: 'string',
	default: '',
	description: 'Description of the user group',
};

/** CC-CMS group types (groupType). */
export const GROUP_TYPES: Record<number, string> = {
	2: 'Traffic group',
	3: 'Quality inspection group',
};

export const groupTypeOptions = [
	{ name: 'Quality Inspection Group', value: 3 },
	{ name: 'Traffic Group', value: 2 },
];
