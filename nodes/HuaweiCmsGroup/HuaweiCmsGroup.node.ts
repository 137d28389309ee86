import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as group from './actions/group/Group.resource';
import * as inspectionRelation from './actions/inspectionRelation/InspectionRelation.resource';
import * as member from './actions/member/Member.resource';
import { router } from './actions/router';
import { batchingField, forVersion1, requestOptionsField } from '../shared/descriptions';
import { searchGroups, searchInspectionGroups } from './methods/listSearch';
import { getTrafficGroups } from './methods/loadOptions';

export class HuaweiCmsGroup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huawei CMS Group',
		name: 'huaweiCmsGroup',
		icon: { light: 'file:../../icons/huaweiCms.svg', dark: 'file:../../icons/huaweiCms.dark.svg' },
		group: ['transform'],
		// Version 2: one Options list, Simplify on reads only, opens on Get Many (see shared/descriptions).
		version: [1, 2],
		defaultVersion: 2,
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
			forVersion1({ ...batchingField, displayOptions: { hide: { resource: ['member'], operation: ['add', 'remove'] } } }),
			forVersion1(requestOptionsField),
		],
	};

	methods = { listSearch: { searchGroups, searchInspectionGroups }, loadOptions: { getTrafficGroups } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
