import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import { runWorkflow, type WorkflowDefinition } from '../harness/engine';
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

// n8n's own node settings (Retry On Fail, On Error) as the nodes meet them.

const withSettings = (
	workflow: WorkflowDefinition,
	settings: Record<string, unknown>,
): WorkflowDefinition => ({
	...workflow,
	nodes: workflow.nodes.map((node) =>
		node.type.endsWith('manualTrigger') ? node : { ...node, ...settings },
	),
});

describe("n8n's Retry On Fail", () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
	const expert = useEmulator(new NiceExpertEmulator());

	it('on a write, is refused before any request (it would send every item again, those done included)', async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'A', groupType: 2 });
		const result = await runWorkflow(
			withSettings(
				huaweiNode({ operation: 'update', vdn: 113, groupId: byId(group.id), groupName: 'B' }),
				{ retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
			),
			huaweiCredentials(cms),
		);
		expect(result.error?.message).toBe(
			'"Retry On Fail" (in the node\'s Settings) is not used with a write: it would send every item again, those already done included',
		);
		expect(cms.requests).toEqual([]);
		expect(cms.groups.get(group.id)!.groupName).toBe('A');
	});

	it('with Continue On Fail, every item is an error item and nothing is sent, however often n8n runs the node again', async () => {
		const result = await runWorkflow(
			withSettings(
				expertNode({ operation: 'create', name: '={{ $json.name }}', role: 'Viewer' }, true),
				{ retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
			),
			expertBasicCredentials(expert),
			[{ name: 'One' }, { name: 'Two' }],
		);
		// One error item per input item, each saying why.
		const refused = {
			error:
				'"Retry On Fail" (in the node\'s Settings) is not used with a write: it would send every item again, those already done included',
			message: expect.stringMatching(/^Switch it off/),
		};
		expect(result.output('NICE Expert Group')).toEqual([refused, refused]);
		expect(expert.requests).toEqual([]);
	});

	it('on a read, is left to n8n', async () => {
		cms.addGroup({ vdn: 113, groupName: 'A', groupType: 2 });
		const result = await runWorkflow(
			withSettings(huaweiNode({ operation: 'getAll', vdn: 113, returnAll: true }), {
				retryOnFail: true,
			}),
			huaweiCredentials(cms),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Huawei CMS Group')).toHaveLength(1);
	});
});

describe('error items', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));

	it('are { error, message }, the shape both n8n 1.x and 2.x send to the error output, the HTTP code named', async () => {
		cms.queuedReplies.push({ status: 404, body: 'no such path' });
		const result = await runWorkflow(
			huaweiNode(
				{
					operation: 'update',
					vdn: 113,
					groupId: byId('1'),
					groupName: 'x',
					options: { retries: 0 },
				},
				'errorOutput',
			),
			huaweiCredentials(cms),
			[{ keep: 'me' }],
		);
		expect(result.items('Huawei CMS Group', 0)).toEqual([]);
		expect(result.items('Huawei CMS Group', 1)!.map((item) => item.json)).toEqual([
			{
				keep: 'me',
				error: 'The CMS answered HTTP 404 (not found) when asked to update group 1 in VDN 113',
				message: 'no such path',
			},
		]);
	});
});
