import type { INodeProperties } from 'n8n-workflow';

export const vdnField: INodeProperties = {
	displayName: 'VDN',
	name: 'vdn',
	type: 'number',
	default: 1,
	required: true,
	typeOptions: { minValue: 1, numberPrecision: 0 },
	description: 'ID of the VDN (virtual call center) the group belongs to',
};

export const callCenterIdField: INodeProperties = {
	displayName: 'Call Center ID',
	name: 'ccId',
	type: 'number',
	default: 1,
	typeOptions: { minValue: 1, maxValue: 65535, numberPrecision: 0 },
	description:
		'ID of the call center (1 to 65535). Left out, the server uses its Default Call Center ID.',
};
