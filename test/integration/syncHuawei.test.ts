import type { IDataObject } from 'n8n-workflow';

import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { runWorkflow } from '../harness/engine';
import { HUAWEI_AK, HUAWEI_SK, huaweiCredentials, huaweiNode } from './fixtures';
import { useEmulator } from './lifecycle';

const SYNC = {
	operation: 'sync',
	vdn: 113,
	groupName: '={{ $json.name }}',
	groupId: '={{ $json.id ?? "" }}',
	groupType: '={{ $json.type ?? 3 }}',
	remark: '={{ $json.remark ?? "" }}',
	workNos: '={{ $json.members ?? [] }}',
};

describe('Huawei CMS Group: Sync, in the n8n engine against the CMS emulator', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
	const credentials = () => huaweiCredentials(cms);
	const writes = () =>
		cms.requests
			.filter((request) => !/query/.test(request.url))
			.map(
				(request) =>
					`${request.url.replace('/rest/cmsapp/v1/openapi/qcrelationconf/', '')} ${request.body}`,
			);
	const sync = async (
		input: IDataObject[],
		parameters: IDataObject = {},
		continueOnFail: boolean | 'errorOutput' = false,
	) =>
		await runWorkflow(huaweiNode({ ...SYNC, ...parameters }, continueOnFail), credentials(), input);
	const state = (vdn = 113) =>
		[...cms.groups.values()]
			.filter((group) => group.vdn === vdn)
			.map((group) => ({
				name: group.groupName,
				type: group.groupType,
				remark: group.remark,
				members: cms.membersOf(group.id),
			}))
			.sort((a, b) => a.name.localeCompare(b.name));

	it('creates, renames and fills groups, moving an agent out of its old group before adding it, then plans nothing', async () => {
		cms.addAgents(113, 57001, 6);
		const sales = cms.addGroup({ vdn: 113, groupName: 'Team Sales', groupType: 3 });
		const old = cms.addGroup({ vdn: 113, groupName: 'Team Old', groupType: 3 });
		const other = cms.addGroup({ vdn: 113, groupName: 'Elsewhere', groupType: 2 });
		cms.join(sales, [57001, 57002]);
		cms.join(old, [57003]);
		cms.join(other, [57006]);
		const input = [
			{ name: 'Team Sales', members: [57001, 57003] },
			{ name: 'Team Support', id: old.id, remark: 'renamed', members: [57004] },
			{ name: 'Team New', members: [57005] },
		];
		const result = await sync(input, {
			syncScope: 'prefix',
			syncPrefix: 'Team ',
			syncMembers: 'exact',
		});
		expect(result.error).toBeUndefined();
		const output = result.output('Huawei CMS Group')!;
		expect(
			output.map((item) => [item.action, item.status, (item.group as IDataObject)?.name]),
		).toEqual([
			['create', 'done', 'Team New'],
			['update', 'done', 'Team Support'],
			['removeMembers', 'done', 'Team Sales'],
			['removeMembers', 'done', 'Team Support'],
			['addMembers', 'done', 'Team Sales'],
			['addMembers', 'done', 'Team Support'],
			[undefined, undefined, undefined],
		]);
		expect(output.at(-1)).toMatchObject({ summary: true, preview: false, changes: 6, failed: 0 });
		expect(state()).toEqual([
			{ name: 'Elsewhere', type: 2, remark: '', members: [57006] },
			{ name: 'Team New', type: 3, remark: '', members: [57005] },
			{ name: 'Team Sales', type: 3, remark: '', members: [57001, 57003] },
			{ name: 'Team Support', type: 3, remark: 'renamed', members: [57004] },
		]);
		// 57003 leaves Team Old (now Team Support) before it joins Team Sales: removal takes no group.
		const sent = writes();
		expect(sent.findIndex((line) => line.startsWith('batchdeletegroupmember'))).toBeLessThan(
			sent.findIndex((line) => line.startsWith('batchaddgroupmember')),
		);
		expect(sent.filter((line) => line.startsWith('batchdeletegroupmember'))).toEqual([
			'batchdeletegroupmember {"ccId":1,"vdn":113,"workNos":[57002,57003]}',
		]);

		cms.requests.length = 0;
		const again = await sync(input, {
			syncScope: 'prefix',
			syncPrefix: 'Team ',
			syncMembers: 'exact',
		});
		expect(again.output('Huawei CMS Group')).toEqual([
			expect.objectContaining({ summary: true, changes: 0, requests: 0, unchanged: 3 }),
		]);
		expect(writes()).toEqual([]);
	});
});
