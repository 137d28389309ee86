import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as group from './actions/group/Group.resource';
import * as member from './actions/member/Member.resource';
import { resourceField } from '../shared/descriptions';
import { routeItems } from '../shared/router';
import {
	getRolesForCreate,
	getRolesForFilter,
	getRolesForUpdate,
	getUsers,
} from './methods/loadOptions';
import { searchGroups, searchUsers } from './methods/listSearch';

/** Resource -> operation -> its module: what the Resource and Operation fields offer, and what the router runs. */
const OPERATIONS = { group: group.operations, member: member.operations };

export class NiceExpertGroup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NICE Expert Group',
		name: 'niceExpertGroup',
		icon: {
			light: 'file:../../icons/niceExpert.svg',
			dark: 'file:../../icons/niceExpert.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage groups and their members in NICE CXone Expert',
		defaults: { name: 'NICE Expert Group' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'niceExpertApi', required: true }],
		properties: [
			resourceField(OPERATIONS, { group: 'Group', member: 'Member' }, 'group'),
			...group.description,
			...member.description,
		],
	};

	methods = {
		loadOptions: { getRolesForCreate, getRolesForFilter, getRolesForUpdate, getUsers },
		listSearch: { searchGroups, searchUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems.call(this, OPERATIONS);
	}
}
