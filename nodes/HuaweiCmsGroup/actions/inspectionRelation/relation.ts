import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsList, previewOnlyField } from '../../../shared/descriptions';
import { inTurn } from '../../../shared/runState';
import { writeResult } from '../../helpers/envelope';
import { groupIdParameter, groupIdsValue, vdnAndCallCenter } from '../../helpers/parameters';
import { cmsApiRequest } from '../../transport';
import type { CmsCall } from '../../transport/calls';
import { groupLocator, callCenterIdField, vdnField } from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	groupLocator(
		'qcGroupId',
		'Inspection Group',
		'The quality inspection group (type 3): the list shows only those',
		'searchInspectionGroups',
	),
	{
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-multi-options
		displayName: 'Inspected Groups',
		name: 'inspectedGroupIds',
		type: 'multiOptions',
		typeOptions: {
			loadOptionsMethod: 'getTrafficGroups',
			loadOptionsDependsOn: ['vdn', 'options.ccId'],
		},
		default: [],
		required: true,
		description:
			'The traffic groups the inspection group inspects (an expression may give a list, or IDs separated by commas, semicolons or line breaks). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	previewOnlyField,
	optionsList([callCenterIdField]),
];

/** Set and Delete send the same body ({ ccId?, vdn, qcGroupId, inspectedGroupIds }) to different endpoints. */
export function relationOperation(operation: 'set' | 'delete', call: CmsCall) {
	const description = updateDisplayOptions(
		{ show: { resource: ['inspectionRelation'], operation: [operation] } },
		properties,
	);

	async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
		const body = vdnAndCallCenter(this, i);
		body.qcGroupId = groupIdParameter(this, 'qcGroupId', 'Inspection Group', i);
		body.inspectedGroupIds = groupIdsValue(
			this,
			this.getNodeParameter('inspectedGroupIds', i),
			'Inspected Groups',
			i,
		);
		const target = `inspection ${body.vdn as number}/${body.qcGroupId as string}`;
		const response = await inTurn(
			this,
			target,
			async () => await cmsApiRequest.call(this, call, body, i),
		);
		return writeResult(response, body);
	}

	return { description, execute };
}
