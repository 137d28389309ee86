import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { FROM_VERSION_2, forVersion1, versionedOptions } from '../../../shared/descriptions';
import { previewOnlyField } from '../../../shared/preview';
import { inTurn } from '../../../shared/router';
import { simplifyWrite } from '../../../shared/validation';
import { writeResult } from '../../helpers/envelope';
import { groupIdParameter, groupIdsValue, vdnAndCallCenter } from '../../helpers/parameters';
import { cmsApiRequest } from '../../transport';
import { groupLocator, callCenterIdField, simplifyField, vdnField } from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	groupLocator('qcGroupId', 'Inspection Group', 'The quality inspection group (type 3): the list shows only those', 'searchInspectionGroups'),
	// Version 1: IDs typed in. Version 2: picked from the VDN's traffic groups (or IDs from an expression).
	forVersion1({
		displayName: 'Inspected Group IDs',
		name: 'inspectedGroupIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: '159832671551117675139418726648, 159832671551117675139418726649',
		description: 'IDs of the inspected groups, separated by commas, or a list from an expression',
	}),
	...updateDisplayOptions(FROM_VERSION_2, [
		{
			// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-multi-options
			displayName: 'Inspected Groups',
			name: 'inspectedGroupIds',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTrafficGroups', loadOptionsDependsOn: ['vdn', 'options.ccId'] },
			default: [],
			required: true,
			description:
				'The traffic groups the inspection group inspects (an expression may give a list, or IDs separated by commas). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	]),
	previewOnlyField,
	...versionedOptions([callCenterIdField]),
	forVersion1(simplifyField),
];

/** Set and Delete send the same body ({ ccId?, vdn, qcGroupId, inspectedGroupIds }) to different endpoints. */
export function relationOperation(operation: 'set' | 'delete', endpoint: string) {
	const description = updateDisplayOptions({ show: { resource: ['inspectionRelation'], operation: [operation] } }, properties);

	async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
		const body = vdnAndCallCenter(this, i);
		body.qcGroupId = groupIdParameter(this, 'qcGroupId', 'Inspection Group', i);
		body.inspectedGroupIds = groupIdsValue(this, this.getNodeParameter('inspectedGroupIds', i), 'Inspected Group IDs', i);
		const simplify = simplifyWrite(this, i);
		const target = `inspection ${body.vdn as number}/${body.qcGroupId as string}`;
		const response = await inTurn(this, target, async () => await cmsApiRequest.call(this, 'POST', `qcrelationconf/${endpoint}`, body, i));
		return writeResult(response, body, simplify);
	}

	return { description, execute };
}
