import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inTurn } from '../../../shared/router';
import { booleanParameter } from '../../../shared/validation';
import { writeResult } from '../../helpers/envelope';
import { groupIdParameter, groupIdsValue, vdnAndCallCenter } from '../../helpers/parameters';
import { cmsApiRequest } from '../../transport';
import { groupLocator, optionsWithCallCenterId, simplifyField, vdnField } from '../common.descriptions';

const properties: INodeProperties[] = [
	vdnField,
	groupLocator('qcGroupId', 'Inspection Group', 'The quality inspection group (type 3)'),
	{
		displayName: 'Inspected Group IDs',
		name: 'inspectedGroupIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: '159832671551117675139418726648, 159832671551117675139418726649',
		description: 'IDs of the inspected groups, separated by commas, or a list from an expression',
	},
	optionsWithCallCenterId,
	simplifyField,
];

/** Set and Delete send the same body ({ ccId?, vdn, qcGroupId, inspectedGroupIds }) to different endpoints. */
export function relationOperation(operation: 'set' | 'delete', endpoint: string) {
	const description = updateDisplayOptions({ show: { resource: ['inspectionRelation'], operation: [operation] } }, properties);

	async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
		const body = vdnAndCallCenter(this, i);
		body.qcGroupId = groupIdParameter(this, 'qcGroupId', 'Inspection Group', i);
		body.inspectedGroupIds = groupIdsValue(this, this.getNodeParameter('inspectedGroupIds', i), 'Inspected Group IDs', i);
		const simplify = booleanParameter(this, 'simplify', 'Simplify', i, true);
		const target = `inspection ${body.vdn as number}/${body.qcGroupId as string}`;
		const response = await inTurn(this, target, async () => await cmsApiRequest.call(this, 'POST', `qcrelationconf/${endpoint}`, body, i));
		return writeResult(response, body, simplify);
	}

	return { description, execute };
}
