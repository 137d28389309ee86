import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as group from './actions/group/Group.resource';
import * as inspectionRelation from './actions/inspectionRelation/InspectionRelation.resource';
import * as member from './actions/member/Member.resource';
import { router } from './actions/router';
import { batchingField, requestOptionsField } from '../shared/descriptions';
import { searchGroups } from './methods/listSearch';

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
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Group', value: 'group' },
					{ name: 'Inspection Relation', value: 'inspectionRelation' },
					{ name: 'Member', value: 'member' },
				],
				default: 'group',
			},
			...group.description,
			...member.description,
			...inspectionRelation.description,
			// Member Add and Remove combine items into as few requests as possible instead.
			{ ...batchingField, displayOptions: { hide: { resource: ['member'], operation: ['add', 'remove'] } } },
			requestOptionsField,
		],
	};

	methods = { listSearch: { searchGroups } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
