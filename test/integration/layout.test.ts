import type { INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { HuaweiCmsGroup } from '../../nodes/HuaweiCmsGroup/HuaweiCmsGroup.node';
import { getTrafficGroups } from '../../nodes/HuaweiCmsGroup/methods/loadOptions';
import { searchInspectionGroups } from '../../nodes/HuaweiCmsGroup/methods/listSearch';
import { searchUsers } from '../../nodes/NiceExpertGroup/methods/listSearch';
import { getUsers } from '../../nodes/NiceExpertGroup/methods/loadOptions';
import { NiceExpertGroup } from '../../nodes/NiceExpertGroup/NiceExpertGroup.node';
import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import { loadOptionsContext, runWorkflow } from '../harness/engine';
import {
	HUAWEI_AK,
	HUAWEI_SK,
	byId,
	expertBasicCredentials,
	expertNode,
	huaweiCredentials,
	huaweiNode,
} from './fixtures';
import { useEmulator } from './lifecycle';

// The nodes' one layout: one Options list per operation (its own options, Batching, Timeout,
// Retries), Simplify on reads only (writes give their short result), and a new node opens on Get Many.

/** The parameters the editor shows for these values (n8n's own rules for displayOptions). */
function shownParameters(description: INodeTypeDescription, values: INodeParameters): string[] {
	const node = {
		id: 'n',
		name: 'n',
		type: description.name,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: values,
	};
	const shown = NodeHelpers.getNodeParameters(
		description.properties,
		values,
		true,
		false,
		node,
		description,
	)!;
	return Object.keys(shown);
}

describe('what the editor shows', () => {
	it.each([
		['Huawei', new HuaweiCmsGroup().description, { resource: 'group', operation: 'update' }],
		['Expert', new NiceExpertGroup().description, { resource: 'group', operation: 'update' }],
	])(
		'%s: one node version, one Options list, no Simplify on a write',
		(_node, description, values) => {
			expect(description.version).toBe(1);
			const shown = shownParameters(description, values);
			expect(shown).toContain('options');
			expect(
				shown.filter((name) => ['batching', 'requestOptions', 'simplify'].includes(name)),
			).toEqual([]);
		},
	);

	it.each([
		['Huawei', new HuaweiCmsGroup().description],
		['Expert', new NiceExpertGroup().description],
	])('%s: a new node opens on Get Many', (_node, description) => {
		expect(
			NodeHelpers.getNodeParameters(
				description.properties,
				{ resource: 'group' },
				true,
				false,
				{ typeVersion: 1 } as never,
				description,
			)!.operation,
		).toBe('getAll');
	});

	it("the Options list holds the operation's own options and how requests are made, in alphabetical order", () => {
		const options = new HuaweiCmsGroup().description.properties.find(
			(property) =>
				property.name === 'options' && JSON.stringify(property.displayOptions).includes('"update"'),
		)!;
		expect(
			(options.options as Array<{ displayName: string }>).map((option) => option.displayName),
		).toEqual([
			'Batch Interval (Ms)',
			'Call Center ID',
			'Items per Batch',
			'Retries',
			'Timeout (Ms)',
		]);
	});

	it.each([
		[
			'Huawei',
			new HuaweiCmsGroup().description,
			{
				group: ['create', 'delete', 'getAll', 'sync', 'update'],
				inspectionRelation: ['delete', 'set'],
				member: ['add', 'getAll', 'remove'],
			},
		],
		[
			'Expert',
			new NiceExpertGroup().description,
			{
				group: ['create', 'delete', 'get', 'getAll', 'sync', 'update'],
				member: ['add', 'getAll', 'remove', 'set'],
			},
		],
	])(
		'%s: the Resource and Operation choices are the operations the router runs',
		(_node, description, expected) => {
			const values = (property: INodeTypeDescription['properties'][number]) =>
				(property.options as Array<{ value: string }>).map((option) => option.value).sort();
			const resource = description.properties.find((property) => property.name === 'resource')!;
			expect(values(resource)).toEqual(Object.keys(expected).sort());
			// The router reads both of item 0 only: neither may be an expression that could differ per item.
			expect(resource.noDataExpression).toBe(true);
			// The editor lists the resources by name.
			const names = (resource.options as Array<{ name: string }>).map((option) => option.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			expect(names.length).toBeGreaterThan(1);
			for (const [resource, operations] of Object.entries(expected)) {
				const field = description.properties.find(
					(property) =>
						property.name === 'operation' &&
						property.displayOptions?.show?.resource?.includes(resource),
				)!;
				expect(values(field)).toEqual(operations);
				expect(field.noDataExpression).toBe(true);
				const operationNames = (field.options as Array<{ name: string }>).map(
					(option) => option.name,
				);
				expect(operationNames).toEqual([...operationNames].sort((a, b) => a.localeCompare(b)));
			}
		},
	);
});

describe("names that are not the node's own", () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));

	it.each([
		[
			{ resource: 'constructor', operation: 'create' },
			'The resource "constructor" is not one of this node\'s (group, inspectionRelation, member)',
		],
		[
			{ resource: 'group', operation: 'toString' },
			'The operation "toString" is not one of group\'s (create, delete, getAll, sync, update)',
		],
		[
			{ resource: 'member', operation: 'rename' },
			'The operation "rename" is not one of member\'s (add, getAll, remove)',
		],
	])('%j is refused, naming those that exist, before any request', async (parameters, message) => {
		const result = await runWorkflow(
			huaweiNode({ vdn: 113, ...parameters }),
			huaweiCredentials(cms),
		);
		expect(result.error?.message).toBe(message);
		expect(cms.requests).toHaveLength(0);
	});
});

describe('Huawei CMS Group in the n8n engine against the CMS emulator', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));

	it('opens on Get Many: a node with only a VDN lists its groups', async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'Inbound', groupType: 2 });
		const result = await runWorkflow(
			huaweiNode({ vdn: 113, returnAll: true }),
			huaweiCredentials(cms),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Huawei CMS Group')).toEqual([
			expect.objectContaining({ id: group.id, groupName: 'Inbound' }),
		]);
	});

	it('reads Items per Batch, Timeout and Retries from Options, and writes give the short result', async () => {
		const groups = [1, 2, 3].map((n) => cms.addGroup({ vdn: 113, groupName: `g${n}` }));
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId('={{ $json.id }}'),
				groupName: 'renamed',
				options: { batchSize: 1, retries: 0, timeout: 5000 },
			}),
			huaweiCredentials(cms),
			groups.map((group) => ({ id: group.id })),
		);
		expect(result.error).toBeUndefined();
		expect(cms.maxUnderWay).toBe(1);
		expect(result.output('Huawei CMS Group')!.map((item) => Object.keys(item).sort())).toEqual(
			groups.map(() => ['groupName', 'id', 'resultCode', 'resultDesc', 'success', 'vdn']),
		);
		cms.queuedReplies.push({ status: 503, headers: {}, body: '' });
		const refused = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId(groups[0].id),
				groupName: 'x',
				options: { retries: 0 },
			}),
			huaweiCredentials(cms),
		);
		expect(refused.error?.message).toBe(
			`The CMS answered HTTP 503 (unavailable) when asked to update group ${groups[0].id} in VDN 113`,
		);
		expect(cms.requests.filter((request) => request.method === 'POST')).toHaveLength(4);
	});

	it('Inspection Relation: the inspection group list shows only inspection groups; the inspected groups are picked from the traffic groups', async () => {
		const inspector = cms.addGroup({ vdn: 113, groupName: 'QA', groupType: 3 });
		const inbound = cms.addGroup({ vdn: 113, groupName: 'Inbound', groupType: 2 });
		const outbound = cms.addGroup({ vdn: 113, groupName: 'Outbound', groupType: 2 });
		const workflow = huaweiNode({ resource: 'inspectionRelation', operation: 'set', vdn: 113 });
		const context = await loadOptionsContext(workflow, 'Huawei CMS Group', huaweiCredentials(cms));
		expect(await searchInspectionGroups.call(context)).toEqual({
			results: [{ name: 'QA (Quality inspection group)', value: inspector.id }],
		});
		expect(await getTrafficGroups.call(context)).toEqual([
			{ name: 'Inbound (Traffic group)', value: inbound.id },
			{ name: 'Outbound (Traffic group)', value: outbound.id },
		]);

		const result = await runWorkflow(
			huaweiNode({
				resource: 'inspectionRelation',
				operation: 'set',
				vdn: 113,
				qcGroupId: byId(inspector.id),
				inspectedGroupIds: [inbound.id, outbound.id],
			}),
			huaweiCredentials(cms),
		);
		expect(result.error).toBeUndefined();
		expect(cms.requests.at(-1)!.body).toBe(
			`{"vdn":113,"qcGroupId":"${inspector.id}","inspectedGroupIds":["${inbound.id}","${outbound.id}"]}`,
		);
	});

	it('the group list explains a VDN that is an expression the editor could not work out', async () => {
		const context = await loadOptionsContext(
			huaweiNode({ operation: 'update', vdn: '={{ $json.vdn }}' }),
			'Huawei CMS Group',
			huaweiCredentials(cms),
		);
		await expect(searchInspectionGroups.call(context)).rejects.toThrow(
			'The VDN is an expression the editor cannot work out yet',
		);
		expect(cms.requests).toHaveLength(0);
	});
});

describe('NICE Expert Group in the n8n engine against the Expert emulator', () => {
	const expert = useEmulator(new NiceExpertEmulator());

	it('opens on Get Many, and reads Batching from Options', async () => {
		const result = await runWorkflow(
			expertNode({ returnAll: true, options: { batchSize: 1, sortBy: 'id' } }),
			expertBasicCredentials(expert),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('NICE Expert Group')!.map((group) => group.id)).toEqual(
			expert.groups.map((group) => group.id),
		);
	});

	it('writes give the short result (the simplified group)', async () => {
		const group = expert.addGroup('Night', 'Viewer');
		const result = await runWorkflow(
			expertNode({ operation: 'update', group: byId(group.id), newName: 'Night Shift' }),
			expertBasicCredentials(expert),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('NICE Expert Group')).toEqual([
			expect.objectContaining({ id: group.id, name: 'Night Shift' }),
		]);
		expect(result.output('NICE Expert Group')![0]).not.toHaveProperty('permissions');
	});

	it.each([['jane.doe, 3'], [['jane.doe', '3']]])(
		'Member Add takes usernames as well as IDs (%j): each username is looked up once, then the IDs are sent',
		async (users) => {
			const group = expert.addGroup('Night', 'Viewer');
			const jane = expert.addUser('jane.doe');
			const workflow = expertNode({
				resource: 'member',
				operation: 'add',
				group: byId(group.id),
				userIds: users,
			});
			const result = await runWorkflow(workflow, expertBasicCredentials(expert), [{}, {}]);
			expect(result.error).toBeUndefined();
			expect(expert.groups.find((candidate) => candidate.id === group.id)!.userIds.sort()).toEqual(
				[3, jane.id].sort(),
			);
			const calls = expert.requests.map(
				(request) =>
					`${request.method} ${request.url.replace(/^\/@api\/deki\//, '').split('?')[0]}`,
			);
			expect(calls).toEqual([
				'GET users/=jane.doe',
				`POST groups/${group.id}/users`,
				`POST groups/${group.id}/users`,
			]);
			expect(expert.requests[1].body).toBe(
				`<users><user id="${jane.id}"></user><user id="3"></user></users>`,
			);
		},
	);

	it('an unknown username fails its item before any change, naming it', async () => {
		const group = expert.addGroup('Night', 'Viewer');
		const result = await runWorkflow(
			expertNode({
				resource: 'member',
				operation: 'add',
				group: byId(group.id),
				userIds: ['nobody'],
			}),
			expertBasicCredentials(expert),
		);
		expect(result.error?.message).toBe(
			'Parameter "User Names or IDs" names a user Expert does not have: "nobody" (nothing was changed) (input item 1)',
		);
		expect(expert.requests.map((request) => request.method)).toEqual(['GET']);
	});

	it("the editor's user pickers list the site's users by username: a list search (Remove) and a list (Add, Set)", async () => {
		for (let n = 0; n < 120; n++) expert.addUser(`user${String(n).padStart(3, '0')}`);
		const context = await loadOptionsContext(
			expertNode({ resource: 'member', operation: 'remove' }),
			'NICE Expert Group',
			expertBasicCredentials(expert),
		);
		const first = await searchUsers.call(context, 'user');
		expect(first.results).toHaveLength(100);
		expect(first.results[0]).toEqual({ name: 'user000 (ID 4)', value: '4' });
		const second = await searchUsers.call(context, 'user', first.paginationToken);
		expect(second.results).toHaveLength(20);
		expect(second.paginationToken).toBeUndefined();
		const all = await getUsers.call(context);
		expect(all).toHaveLength(123);
		expect(all.slice(0, 3).map((user) => user.name)).toEqual([
			'admin (ID 1)',
			'agent (ID 3)',
			'Anonymous (ID 2)',
		]);
	});
});
