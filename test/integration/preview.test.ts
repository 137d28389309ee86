import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import type { EmulatorServer } from '../emulators/server';
import { runWorkflow } from '../harness/engine';
import { findSecrets } from '../secrets';
import {
	EXPERT_PASSWORD,
	HUAWEI_AK,
	HUAWEI_SK,
	byId,
	byName,
	expertBasicCredentials,
	expertNode,
	huaweiCredentials,
	huaweiNode,
} from './fixtures';
import { useEmulator } from './lifecycle';

// Preview Only (Send Nothing): every write operation, run twice on the same state. The preview sends
// no change (the emulator's log and state show it); then the same node without it sends exactly the
// requests the preview listed: method, URL, body.

const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
const expert = useEmulator(new NiceExpertEmulator());

/** A change: anything but a GET, and but the CMS member query (a read sent as POST). */
const isWrite = (request: { method: string; url: string }) =>
	request.method !== 'GET' && !request.url.includes('querygroupmemberbycondition');

interface Case {
	node: 'cms' | 'expert';
	parameters: () => INodeParameters;
	input?: IDataObject[];
}

const cmsGroups = () => ({
	inspector: cms.addGroup({ vdn: 113, groupName: 'Inspectors', groupType: 3 }),
	traffic: cms.addGroup({ vdn: 113, groupName: 'Inbound', groupType: 2 }),
});

const CASES: Record<string, Case> = {
	'Huawei Group Create': {
		node: 'cms',
		parameters: () => ({
			operation: 'create',
			vdn: 113,
			groupName: 'Night "Shift" / 夜',
			groupType: 3,
			additionalFields: { remark: 'R&D <team>' },
			options: { ccId: 1 },
		}),
	},
	'Huawei Group Update': {
		node: 'cms',
		parameters: () => ({
			operation: 'update',
			vdn: 113,
			groupId: byId(cmsGroups().inspector.id),
			groupName: 'QA 100%',
		}),
	},
	'Huawei Group Delete': {
		node: 'cms',
		parameters: () => ({ operation: 'delete', vdn: 113, groupId: byId(cmsGroups().inspector.id) }),
	},
	'Huawei Member Add': {
		node: 'cms',
		parameters: () => {
			cms.addAgents(113, 57001, 3);
			return {
				resource: 'member',
				operation: 'add',
				vdn: 113,
				groupId: byId(cmsGroups().traffic.id),
				workNos: '={{ $json.w }}',
			};
		},
		// Two items share one request: each lists it.
		input: [{ w: '57001,57002' }, { w: '57003' }],
	},
	'Huawei Member Remove': {
		node: 'cms',
		parameters: () => {
			const agents = cms.addAgents(113, 57001, 2);
			cms.join(
				cmsGroups().traffic,
				agents.map((agent) => agent.workNo),
			);
			return { resource: 'member', operation: 'remove', vdn: 113, workNos: '57001, 57002' };
		},
	},
	'Huawei Inspection Relation Set': {
		node: 'cms',
		parameters: () => {
			const { inspector, traffic } = cmsGroups();
			return {
				resource: 'inspectionRelation',
				operation: 'set',
				vdn: 113,
				qcGroupId: byId(inspector.id),
				inspectedGroupIds: traffic.id,
			};
		},
	},
	'Huawei Inspection Relation Delete': {
		node: 'cms',
		parameters: () => {
			const { inspector, traffic } = cmsGroups();
			cms.relations.push({ vdn: 113, qcGroupId: inspector.id, inspectedGroupId: traffic.id });
			return {
				resource: 'inspectionRelation',
				operation: 'delete',
				vdn: 113,
				qcGroupId: byId(inspector.id),
				inspectedGroupIds: traffic.id,
			};
		},
	},
	'Expert Group Create': {
		node: 'expert',
		parameters: () => ({
			operation: 'create',
			name: 'Tier 2 / Escalations & <VIP>',
			role: 'Contributor',
			additionalFields: { userIds: '3' },
		}),
	},
	'Expert Group Update': {
		node: 'expert',
		parameters: () => {
			expert.addGroup('Sales');
			return { operation: 'update', group: byName('Sales'), newName: 'Sales & Support', role: '' };
		},
	},
	'Expert Group Delete': {
		node: 'expert',
		parameters: () => ({ operation: 'delete', group: byId(expert.addGroup('Doomed').id) }),
	},
	// Item by item: an item that stops at its preview does not stop the items after it (more items
	// than the pace starts at once).
	'Expert Group Delete, four items': {
		node: 'expert',
		parameters: () => {
			for (const n of [1, 2, 3, 4]) expert.addGroup(`Doomed ${n}`);
			return { operation: 'delete', group: byName('={{ $json.name }}') };
		},
		input: [1, 2, 3, 4].map((n) => ({ name: `Doomed ${n}` })),
	},
	'Expert Member Add': {
		node: 'expert',
		parameters: () => ({
			resource: 'member',
			operation: 'add',
			group: byId(expert.addGroup('Agents').id),
			userIds: 'admin, 3',
		}),
	},
	'Expert Member Set': {
		node: 'expert',
		parameters: () => {
			expert.addGroup('Agents').userIds.push(1);
			return { resource: 'member', operation: 'set', group: byName('Agents'), userIds: '3' };
		},
	},
	'Expert Member Remove': {
		node: 'expert',
		parameters: () => {
			const group = expert.addGroup('Agents');
			group.userIds.push(3);
			return { resource: 'member', operation: 'remove', group: byId(group.id), user: byId(3) };
		},
	},
};

/** What an emulator's state looks like, to show a preview changed nothing. */
const stateOf = (server: EmulatorServer) =>
	JSON.stringify(
		server instanceof HuaweiCmsEmulator
			? [[...server.groups.values()], [...server.agents.values()], server.relations]
			: (server as NiceExpertEmulator).groups,
	);

describe('Preview Only (Send Nothing), on every write operation', () => {
	it.each(Object.keys(CASES))(
		'%s: sends no change, lists the requests; without it, exactly those are sent',
		async (name) => {
			const { node, parameters, input = [{}] } = CASES[name];
			const server: EmulatorServer = node === 'cms' ? cms : expert;
			const given = parameters();
			const workflow = (extra: INodeParameters) =>
				(node === 'cms' ? huaweiNode : expertNode)({ ...given, ...extra });
			const credentials = node === 'cms' ? huaweiCredentials(cms) : expertBasicCredentials(expert);
			const before = stateOf(server);

			const preview = await runWorkflow(workflow({ previewOnly: true }), credentials, input);
			expect(preview.error).toBeUndefined();
			expect(server.requests.filter(isWrite)).toEqual([]);
			expect(stateOf(server)).toBe(before);
			const items = preview.output(node === 'cms' ? 'Huawei CMS Group' : 'NICE Expert Group')!;
			expect(items).toHaveLength(input.length);
			// Every item ends at a write it would send (those sharing a request list it each): the
			// reads it ran come first, marked sent, then its writes, unsent, and `writes` counts them.
			for (const item of items) {
				const requests = item.requests as IDataObject[];
				const reads = requests.findIndex((request) => request.sent === false);
				expect(item.preview).toBe(true);
				expect(reads).toBeGreaterThanOrEqual(0);
				expect(item.writes).toBe(requests.length - reads);
				// Each write it would send, once: a shared request is sent once, so listed once per item.
				const unsent = requests.slice(reads).map((request) => JSON.stringify(request));
				expect(new Set(unsent).size).toBe(unsent.length);
				expect(requests.map((request) => request.sent)).toEqual([
					...Array(reads).fill(true),
					...Array(requests.length - reads).fill(false),
				]);
			}
			// Never a secret, a signature or a token.
			expect(findSecrets([['preview', JSON.stringify(items)]])).toEqual([]);
			expect(JSON.stringify(items)).not.toMatch(
				/authorization|auth-v2|x-deki-token|demo-password|test-SK/i,
			);
			expect(JSON.stringify(items)).not.toContain(EXPERT_PASSWORD);

			// Each previewed write, once (items sharing a request list it each), in order.
			const previewed = [
				...new Map(
					items
						.flatMap((item) => (item.requests as IDataObject[]).filter((request) => !request.sent))
						.map((request) => [JSON.stringify(request), request]),
				).values(),
			];
			expect(previewed.length).toBeGreaterThan(0);
			for (const request of previewed)
				expect(request).toMatchObject({
					credential: node === 'cms' ? 'CMS' : 'Expert',
					sent: false,
				});

			const sentFrom = server.requests.length;
			const real = await runWorkflow(workflow({}), credentials, input);
			expect(real.error).toBeUndefined();
			const writes = server.requests.slice(sentFrom).filter(isWrite);
			expect(
				previewed.map((request) => {
					const url = new URL(request.url as string);
					return {
						origin: url.origin,
						method: request.method,
						url: url.pathname + url.search,
						body: request.body,
						contentType: request.contentType,
					};
				}),
			).toEqual(
				writes.map((request) => ({
					origin: server.url,
					method: request.method,
					url: request.url,
					body: request.body === '' ? undefined : request.body,
					contentType: request.headers['content-type'],
				})),
			);
		},
	);

	it('lists the reads that ran to build a change, marked as sent (an Expert rename reads the group first)', async () => {
		const group = expert.addGroup('Sales', 'Viewer');
		const result = await runWorkflow(
			expertNode({
				operation: 'update',
				group: byId(group.id),
				newName: 'Sales 2',
				role: '',
				previewOnly: true,
			}),
			expertBasicCredentials(expert),
		);
		expect(result.output('NICE Expert Group')).toEqual([
			{
				preview: true,
				writes: 1,
				requests: [
					{
						method: 'GET',
						url: `${expert.url}/@api/deki/groups/${group.id}?authenticate=true`,
						credential: 'Expert',
						sent: true,
					},
					{
						method: 'PUT',
						url: `${expert.url}/@api/deki/groups/${group.id}?authenticate=true`,
						body: expect.stringContaining('<name>Sales 2</name>'),
						contentType: 'application/xml',
						credential: 'Expert',
						sent: false,
					},
				],
			},
		]);
	});

	it('bad input is still refused before any request, naming the parameter and the item', async () => {
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 'abc',
				groupId: byId('1'),
				groupName: 'x',
				previewOnly: true,
			}),
			huaweiCredentials(cms),
		);
		expect(result.error?.message).toMatch(/VDN.*abc.*input item 1/);
		expect(cms.requests).toEqual([]);
	});

	it('a create whose name is taken previews no write (Use the Existing Group): the item says nothing would be sent', async () => {
		cms.addGroup({ vdn: 113, groupName: 'Taken', groupType: 3 });
		const result = await runWorkflow(
			huaweiNode({
				operation: 'create',
				vdn: 113,
				groupName: 'Taken',
				groupType: 3,
				ifNameTaken: 'useExisting',
				previewOnly: true,
			}),
			huaweiCredentials(cms),
		);
		expect(result.output('Huawei CMS Group')).toEqual([
			{
				preview: true,
				writes: 0,
				requests: [expect.objectContaining({ method: 'GET', sent: true })],
			},
		]);
		expect(cms.requests.filter(isWrite)).toEqual([]);
	});
});
