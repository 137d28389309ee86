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
import { booleanValue, listItems } from '../shared/validation';
import { expertId } from './helpers/parameters';
import { listGroupPages, listMemberPages } from './helpers/lists';
import { groupToJson, simplifiedGroup, userToJson } from './transport';
import { groupLabel } from './methods/listSearch';

const EVENTS = eventOptions({
	groupRenamed: 'Group Renamed',
	groupRoleChanged: 'Group Role Changed',
});

/** The compared fields of a group, and the event when each changes. */
const FIELD_EVENTS = { name: 'groupRenamed', role: 'groupRoleChanged' };

const EVERY = Number.MAX_SAFE_INTEGER;

export class NiceExpertGroupTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NICE Expert Group Trigger',
		name: 'niceExpertGroupTrigger',
		icon: {
			light: 'file:../../icons/niceExpert.svg',
			dark: 'file:../../icons/niceExpert.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{"on " + $parameter["events"].length + " events"}}',
		description:
			'Starts the workflow when groups or their members change in NICE CXone Expert (it polls)',
		defaults: { name: 'NICE Expert Group Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'niceExpertApi', required: true }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENTS,
				default: ['groupCreated', 'groupDeleted', 'groupRenamed', 'groupRoleChanged'],
				required: true,
			},
			{
				displayName: 'Watch Every Group for Member Changes',
				name: 'watchAllGroups',
				type: 'boolean',
				default: false,
				hint: 'Costs one member request (or more, 100 members a page) for every group of the site at every poll',
				description:
					'Whether to compare the members of every group at each poll, instead of the groups picked below',
			},
			{
				displayName: 'Groups to Watch for Member Changes',
				name: 'watchedGroups',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getGroups' },
				default: [],
				displayOptions: { show: { watchAllGroups: [false] } },
				hint: 'Each watched group costs one member request (or more, 100 members a page) per poll',
				description:
					'The groups whose members are compared at each poll (for Member Added and Member Removed). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: triggerGuardOptions,
			},
		],
	};

	methods = {
		loadOptions: {
			/** The first 1,000 groups by name (others by ID, from an expression). */
			async getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const { records } = await listGroupPages(this, { qs: { sortby: 'name' }, wanted: 1000 });
				return records
					.map(groupToJson)
					.map((group) => ({ name: groupLabel(group), value: String(group.id) }));
			},
		},
	};

	/**
	 * Reads every group (page by page) and the watched groups' members, compares them with the
	 * previous poll's snapshot, and emits one item per change. The first poll only records the
	 * snapshot; a failed poll keeps the old one, so its changes surface at the next good poll.
	 */
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		startPoll(this);
		const startedAt = Date.now();
		const wanted = wantedEvents(this, FIELD_EVENTS);
		const options = guardOptions(this);
		const watchAll = booleanValue(
			this,
			this.getNodeParameter('watchAllGroups', false),
			'Watch Every Group for Member Changes',
			0,
		);
		const picked = watchAll
			? []
			: listItems(this.getNodeParameter('watchedGroups', [])).map((id) =>
					String(expertId(this, id, 'Groups to Watch for Member Changes', 0, 'group')),
				);

		const { records } = await listGroupPages(this, { qs: { sortby: 'id' }, wanted: EVERY });
		const groups = records.map((group) => ({
			json: groupToJson(group),
			record: simplifiedGroup(group),
		}));
		const present = new Set(groups.map((group) => String(group.json.id)));
		const watched = watchAll ? [...present] : picked.filter((id) => present.has(id));
		const members = new Map<string, Map<string, IDataObject>>();
		// Every watched group at once: the run's pace keeps the requests to what the server answers well.
		await Promise.all(
			watched.map(async (groupId) => {
				const list = await listMemberPages(
					this,
					`groups/${groupId}/users`,
					`group with ID ${groupId}`,
					{ qs: {}, wanted: EVERY },
				);
				members.set(
					groupId,
					new Map(list.records.map(userToJson).map((user) => [String(user.id), user])),
				);
			}),
		);
		const current: Current = {
			groups: groups.map(({ json, record }) => ({
				id: String(json.id),
				fields: { name: String(json.name), role: String((json.role as IDataObject).name) },
				record,
			})),
			members,
		};
		const credentials = await runState(this).credentialsOf('niceExpertApi');
		const scope = {
			credential: this.getNode().credentials?.niceExpertApi?.id ?? '',
			siteUrl: String(credentials.siteUrl ?? ''),
			watchAll,
			watched: [...picked].sort(),
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
				group: (id, fields) => ({ id: Number(id), name: fields.name, role: { name: fields.role } }),
				member: (id) => ({ id: Number(id) }),
			},
		});
	}
}
