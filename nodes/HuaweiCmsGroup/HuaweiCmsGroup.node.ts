import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as group from './actions/group/Group.resource';
import * as inspectionRelation from './actions/inspectionRelation/InspectionRelation.resource';
import * as member from './actions/member/Member.resource';
import { resourceField } from '../shared/descriptions';
import { routeItems } from '../shared/router';
import { searchGroups, searchInspectionGroups } from './methods/listSearch';
import { getTrafficGroups } from './methods/loadOptions';

/** Resource -> operation -> its module: what the Resource and Operation fields offer, and what the router runs. */
const OPERATIONS = {
	group: group.operations,
	inspectionRelation: inspectionRelation.operations,
	member: member.operations,
};

export class HuaweiCmsGroup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huawei CMS Group',
		name: 'huaweiCmsGroup',
		icon: { light: 'file:../../icons/huaweiCms.svg', dark: 'file:../../icons/huaweiCms.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage user groups of Huawei AICC CC-CMS (quality inspection and traffic groups)',
		defaults: { name: 'Huawei CMS Group' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'huaweiCmsApi', required: true }],
		properties: [
			resourceField(
				OPERATIONS,
				{ group: 'Group', inspectionRelation: 'Inspection Relation', member: 'Member' },
				'group',
			),
			...group.description,
			...member.description,
			...inspectionRelation.description,
		],
	};

	methods = {
		listSearch: { searchGroups, searchInspectionGroups },
		loadOptions: { getTrafficGroups },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems.call(this, OPERATIONS);
	}
}
