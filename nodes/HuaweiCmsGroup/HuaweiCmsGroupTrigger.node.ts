import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	type Current,
	eventOptions,
	guardOptions,
	pollResult,
	triggerGuardOptions,
	wantedEvents,
} from '../shared/changes';
import { runState, startPoll } from '../shared/runState';
import { listItems } from '../shared/validation';
import { callCenterIdField, GROUP_TYPES, vdnField } from './actions/common.descriptions';
import { defaultCallCenterId, listGroups, listMembers } from './helpers/groups';
import { callCenterAndVdn, groupIdValue } from './helpers/parameters';
import { groupLabel, groupsOfNodeVdn } from './methods/listSearch';

const EVENTS = eventOptions({
	groupRenamed: 'Group Renamed',
	groupRemarkChanged: 'Group Remark Changed',
});

/** The compared fields of a group, and the event when each changes. */
const FIELD_EVENTS = { name: 'groupRenamed', remark: 'groupRemarkChanged' };

export class HuaweiCmsGroupTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huawei CMS Group Trigger',
		name: 'huaweiCmsGroupTrigger',
		icon: { light: 'file:../../icons/huaweiCms.svg', dark: 'file:../../icons/huaweiCms.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"VDN " + $parameter["vdn"]}}',
		description:
			'Starts the workflow when user groups or their members change in Huawei AICC CC-CMS (it polls)',
		defaults: { name: 'Huawei CMS Group Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'huaweiCmsApi', required: true }],
		properties: [
			vdnField,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENTS,
				default: ['groupCreated', 'groupDeleted', 'groupRemarkChanged', 'groupRenamed'],
				required: true,
			},
			{
				displayName: 'Groups to Watch for Member Changes',
				name: 'watchedGroups',
				type: 'multiOptions',
				typeOptions: {
					loadOptionsMethod: 'getGroups',
					loadOptionsDependsOn: ['vdn', 'options.ccId'],
				},
				default: [],
				hint: 'Each watched group costs one member query (or more, 100 members a page) per poll',
				description:
					'The groups whose members are compared at each poll (for Member Added and Member Removed). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [callCenterIdField, ...triggerGuardOptions],
			},
		],
	};

	methods = {
		loadOptions: {
			async getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return (await groupsOfNodeVdn.call(this)).map((group) => ({
					name: groupLabel(group),
					value: group.id,
				}));
			},
		},
	};

	/**
	 * Reads the VDN's groups (one call) and the watched groups' members, compares them with the
	 * previous poll's snapshot, and emits one item per change. The first poll only records the
	 * snapshot; a failed poll keeps the old one, so its changes surface at the next good poll.
	 */
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		startPoll(this);
		const startedAt = Date.now();
		const wanted = wantedEvents(this, FIELD_EVENTS);
		const options = guardOptions(this);
		const given = callCenterAndVdn(
			this,
			this.getNodeParameter('options', {}) as IDataObject,
			this.getNodeParameter('vdn'),
			0,
		);
		const watched = listItems(this.getNodeParameter('watchedGroups', [])).map((id) =>
			groupIdValue(this, id, 'Groups to Watch for Member Changes', 0),
		);
		const { vdn, ccId = await defaultCallCenterId.call(this) } = given as {
			vdn: number;
			ccId?: number;
		};

		const groups = await listGroups.call(this, ccId, vdn);
		const present = new Set(groups.map((group) => group.id));
		const members = new Map<string, Map<string, IDataObject>>();
		// Every watched group at once: the run's pace keeps the requests to what the server answers well.
		await Promise.all(
			watched
				.filter((groupId) => present.has(groupId))
				.map(async (groupId) => {
					const list = await listMembers.call(
						this,
						{ ccId, vdn, groupId },
						Number.MAX_SAFE_INTEGER,
					);
					members.set(groupId, new Map(list.map((member) => [String(member.workNo), member])));
				}),
		);
		const current: Current = {
			groups: groups.map((group) => ({
				id: group.id,
				fields: { name: group.groupName, remark: group.remark ?? '' },
				record: { ...group, groupTypeName: GROUP_TYPES[group.groupType] ?? 'Unknown', ccId, vdn },
			})),
			members,
		};
		const credentials = await runState(this).credentialsOf('huaweiCmsApi');
		const scope = {
			credential: this.getNode().credentials?.huaweiCmsApi?.id ?? '',
			baseUrl: String(credentials.baseUrl ?? ''),
			ccId,
			vdn,
			watched: [...watched].sort(),
			memberEvents: wanted.has('memberAdded') || wanted.has('memberRemoved'),
		};
		return pollResult(this, {
			startedAt,
			scope,
			options,
			now: current,
			fieldEvents: FIELD_EVENTS,
			wanted,
			gone: {
				group: (id, fields) => ({ id, groupName: fields.name, remark: fields.remark, ccId, vdn }),
				member: (workNo) => ({ workNo: Number(workNo) }),
			},
		});
	}
}
