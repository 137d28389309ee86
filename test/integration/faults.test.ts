import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import type { Fault } from '../emulators/server';
import { runWorkflow } from '../harness/engine';
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

// Server trouble at a 10% rate: error answers, dropped connections (also after the change was
// applied), and no answer at all. 503 with Retry-After pauses every request for a second, so it
// has a test of its own (huaweiUpdate) rather than a place in the 10,000-item mixes.
const MIX: Fault[] = ['http500', 'http429', 'reset', 'appliedThenReset', 'stall'];
const RETRYING = { retries: 8, timeout: 400 };
const NO_RETRIES = { retries: 0, timeout: 400 };
const MINUTES = 60 * 1000;

describe('faults: Huawei CMS', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));

	const renameAll = async (count: number, requestOptions: typeof RETRYING) => {
		const groups = Array.from({ length: count }, (_, n) =>
			cms.addGroup({ vdn: 113, groupName: `before ${n}` }),
		);
		cms.faultRate = 0.1;
		cms.faultKinds = MIX;
		const result = await runWorkflow(
			huaweiNode(
				{
					operation: 'update',
					vdn: 113,
					groupId: byId('={{ $json.id }}'),
					groupName: '={{ $json.name }}',
					options: { batchSize: 25, ...requestOptions },
				},
				true,
			),
			huaweiCredentials(cms),
			groups.map((group, n) => ({ id: group.id, name: `after ${n}` })),
		);
		cms.faultRate = 0;
		return { groups, result };
	};

	it(
		'10,000 updates with retries: the final state is exactly the one asked for',
		async () => {
			const { groups, result } = await renameAll(10000, RETRYING);
			expect(Object.values(cms.faultsMet).reduce((sum, n) => sum + n!, 0)).toBeGreaterThan(900);
			const output = result.output('Huawei CMS Group')!;
			expect(output).toHaveLength(10000);
			expect(output.filter((item) => item.error)).toEqual([]);
			expect(groups.every((group, n) => cms.groups.get(group.id)!.groupName === `after ${n}`)).toBe(
				true,
			);
		},
		5 * MINUTES,
	);

	it(
		'10,000 updates without retries, Continue On Fail: 10,000 items out, each failure naming its item and cause',
		async () => {
			const { groups, result } = await renameAll(10000, NO_RETRIES);
			const items = result.items('Huawei CMS Group')!;
			expect(items).toHaveLength(10000);
			expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(
				groups.map((_, n) => n),
			);
			const failures = items.filter((item) => item.json.error);
			expect(failures.length).toBeGreaterThan(700);
			expect(failures.length).toBeLessThan(1300);
			for (const failure of failures) {
				expect(Object.keys(failure.json).sort()).toEqual(['error', 'message']);
				expect(failure.json.error).toMatch(
					/HTTP 500|HTTP 429|timed out|aborted|closed|reset|socket hang up/i,
				);
			}
			// Every item that came out without an error was applied; a failed one may have been (dropped answers).
			items.forEach((item, n) => {
				if (!item.json.error) expect(cms.groups.get(groups[n].id)!.groupName).toBe(`after ${n}`);
			});
		},
		5 * MINUTES,
	);

	it(
		'1,000 creates with retries: every group exactly once, even when an answer was lost after the create',
		async () => {
			cms.faultRate = 0.1;
			cms.faultKinds = MIX;
			const names = Array.from({ length: 1000 }, (_, n) => `created ${n}`);
			const result = await runWorkflow(
				huaweiNode(
					{
						operation: 'create',
						vdn: 113,
						groupName: '={{ $json.name }}',
						groupType: 3,
						options: { batchSize: 10, ...RETRYING },
					},
					true,
				),
				huaweiCredentials(cms),
				names.map((name) => ({ name })),
			);
			cms.faultRate = 0;
			expect(cms.faultsMet.appliedThenReset).toBeGreaterThan(0);
			const output = result.output('Huawei CMS Group')!;
			expect(output.filter((item) => item.error)).toEqual([]);
			const stored = [...cms.groups.values()].map((group) => group.groupName).sort();
			expect(stored).toEqual([...names].sort());
			expect(
				output.every((item) => cms.groups.get(item.id as string)?.groupName === item.groupName),
			).toBe(true);
		},
		5 * MINUTES,
	);
});

describe('faults: NICE Expert', () => {
	const expert = useEmulator(new NiceExpertEmulator());

	it(
		'10,000 creates with retries: every group exactly once, no 409 from a blind second create',
		async () => {
			expert.faultRate = 0.1;
			expert.faultKinds = MIX;
			const names = Array.from({ length: 10000 }, (_, n) => `team ${n}`);
			const result = await runWorkflow(
				expertNode(
					{
						operation: 'create',
						name: '={{ $json.name }}',
						role: 'Viewer',
						options: { batchSize: 25, ...RETRYING },
					},
					true,
				),
				expertBasicCredentials(expert),
				names.map((name) => ({ name })),
			);
			expert.faultRate = 0;
			expect(expert.faultsMet.appliedThenReset).toBeGreaterThan(50);
			const output = result.output('NICE Expert Group')!;
			expect(output).toHaveLength(10000);
			expect(output.filter((item) => item.error)).toEqual([]);
			expect(expert.groups.map((group) => group.name).sort()).toEqual([...names].sort());
		},
		5 * MINUTES,
	);

	it('a delete whose answer was lost is not reported as "not found" when it is sent again', async () => {
		const group = expert.addGroup('Doomed');
		expert.faultRate = 1;
		expert.faultKinds = ['appliedThenReset'];
		// First attempt: deleted, answer lost; the fault rate drops once that happened.
		const original = expert.faultsMet.appliedThenReset ?? 0;
		const watcher = setInterval(() => {
			if ((expert.faultsMet.appliedThenReset ?? 0) > original) expert.faultRate = 0;
		}, 1);
		const result = await runWorkflow(
			expertNode({ operation: 'delete', group: byId(group.id), options: RETRYING }),
			expertBasicCredentials(expert),
		);
		clearInterval(watcher);
		expect(result.error).toBeUndefined();
		expect(result.output('NICE Expert Group')).toEqual([
			{ deleted: true, group: `group with ID ${group.id}` },
		]);
		expect(expert.groups).toEqual([]);
	});
});
