import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as group from './actions/group/Group.resource';
import * as member from './actions/member/Member.resource';
import { router } from './actions/router';
import { batchingField, forVersion1, requestOptionsField } from '../shared/descriptions';
import { getRolesForCreate, getRolesForFilter, getRolesForUpdate, getUsers } from './methods/loadOptions';
import { searchGroups, searchUsers } from './methods/listSearch';

export class NiceExpertGroup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NICE Expert Group',
		name: 'niceExpertGroup',
		icon: { light: 'file:../../icons/niceExpert.svg', dark: 'file:../../icons/niceExpert.dark.svg' },
		group: ['transform'],
		// Version 2: one Options list, Simplify on reads only, opens on Get Many (see shared/descriptions).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage groups and their members in NICE CXone Expert',
		defaults: { name: 'NICE Expert Group' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'niceExpertApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Group', value: 'group' },
					{ name: 'Member', value: 'member' },
				],
				default: 'group',
			},
			...group.description,
			...member.description,
			forVersion1(batchingField),
			forVersion1(requestOptionsField),
		],
	};

	methods = {
		loadOptions: { getRolesForCreate, getRolesForFilter, getRolesForUpdate, getUsers },
		listSearch: { searchGroups, searchUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
