import { NiceExpertEmulator } from '../emulators/niceExpert';
import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { startWorkflow } from '../harness/engine';
import {
	HUAWEI_AK,
	HUAWEI_SK,
	byId,
	expertBasicCredentials,
	expertNode,
	huaweiCredentials,
	huaweiNode,
} from './fixtures';
import { until, useEmulator } from './lifecycle';

// n8n's Stop (and its execution timeout) abort the execution's cancel signal: the node's loop, its
// waits and its retries end at once, and nothing goes on in the background.

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the server has seen a request (a cold engine takes a while to start), then `ms` more. */
async function afterFirstRequest(server: { requests: unknown[] }, ms: number): Promise<void> {
	await until(() => server.requests.length > 0);
	await pause(ms);
}

describe('Stop ends the node at once', () => {
	const expert = useEmulator(new NiceExpertEmulator());
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));

	/**
	 * Starts 200 Expert renames, cancels after `after` ms, and says how the run and the server saw it.
	 * The server runs in this process: a request written before Stop may be read up to a few hundred
	 * ms later, so "late" means more than 300 ms after Stop (without it, they go on for seconds).
	 */
	const renameThenStop = async (after: number) => {
		const groups = Array.from({ length: 200 }, (_, n) => expert.addGroup(`Team ${n}`, 'Viewer'));
		const { cancel, finished } = await startWorkflow(
			expertNode({
				operation: 'update',
				group: byId('={{ $json.id }}'),
				newName: '={{ "renamed " + $json.id }}',
				role: 'Viewer',
			}),
			expertBasicCredentials(expert),
			groups.map((group) => ({ id: group.id })),
		);
		await afterFirstRequest(expert, after);
		const canceledAt = Date.now();
		cancel();
		const run = await finished;
		const endedAt = Date.now();
		const sentBefore = expert.requests.length;
		// Nothing in the background: no request in the second after the run returned.
		await pause(1000);
		return {
			run,
			canceledAt,
			endedAt,
			sentBefore,
			late: expert.requests.filter((request) => request.received > canceledAt + 300),
		};
	};

	it('a Sync: Stop ends its reads and its changes at once, nothing goes on after', async () => {
		expert.latencyMs = 100;
		const { cancel, finished } = await startWorkflow(
			expertNode({ operation: 'sync', name: '={{ "Team " + $json.n }}' }),
			expertBasicCredentials(expert),
			Array.from({ length: 200 }, (_, n) => ({ n })),
		);
		// The groups are read first, then the creates start.
		await until(() => expert.requests.some((r) => r.method === 'POST'));
		await pause(300);
		const canceledAt = Date.now();
		cancel();
		const run = await finished;
		expect(Date.now() - canceledAt).toBeLessThan(1000);
		await pause(1000);
		expect(expert.requests.filter((request) => request.received > canceledAt + 300)).toEqual([]);
		expect(expert.groups.length).toBeGreaterThan(0);
		expect(expert.groups.length).toBeLessThan(200);
		expect(run.run.status).toBe('canceled');
	});

	it('a free run: no request after Stop, and the run returns at once', async () => {
		expert.latencyMs = 100;
		const { run, canceledAt, endedAt, sentBefore, late } = await renameThenStop(500);
		expect(late).toEqual([]);
		// Nothing in the background: no request reaches the server in the second after the run returned.
		expect(
			expert.requests.filter((request) => request.received > Math.max(endedAt, canceledAt + 300)),
		).toEqual([]);
		expect(sentBefore).toBeGreaterThan(0);
		expect(sentBefore).toBeLessThan(200);
		expect(endedAt - canceledAt).toBeLessThan(1000);
		expect(run.run.status).toBe('canceled');
	});

	it('a run parked on a Retry-After of 30 s: the wait ends at Stop, no retry is sent', async () => {
		expert.queuedReplies.push({ status: 503, headers: { 'Retry-After': '30' }, body: 'busy' });
		const { canceledAt, endedAt, late } = await renameThenStop(300);
		expect(late).toEqual([]);
		// Nothing in the background: no request reaches the server in the second after the run returned.
		expect(
			expert.requests.filter((request) => request.received > Math.max(endedAt, canceledAt + 300)),
		).toEqual([]);
		expect(endedAt - canceledAt).toBeLessThan(1500);
	});

	it('a Batch Interval and Huawei member requests end at Stop too', async () => {
		const [group] = [cms.addGroup({ vdn: 113, groupName: 'Big', groupType: 2 })];
		cms.addAgents(113, 1000, 400);
		cms.latencyMs = 200;
		const { cancel, finished } = await startWorkflow(
			huaweiNode({
				resource: 'member',
				operation: 'add',
				vdn: 113,
				groupId: byId(group.id),
				workNos: '={{ $json.w }}',
				options: { workNosPerRequest: 1 },
			}),
			huaweiCredentials(cms),
			Array.from({ length: 400 }, (_, n) => ({ w: 1000 + n })),
		);
		await afterFirstRequest(cms, 300);
		const canceledAt = Date.now();
		cancel();
		await finished;
		expect(Date.now() - canceledAt).toBeLessThan(1000);
		await pause(500);
		expect(cms.requests.filter((request) => request.received > canceledAt + 300)).toEqual([]);

		cms.reset();
		cms.addGroup({ vdn: 113, groupName: 'A', groupType: 2 });
		const paced = await startWorkflow(
			huaweiNode({
				operation: 'getAll',
				vdn: 113,
				returnAll: true,
				options: { batchSize: 1, batchInterval: 30000 },
			}),
			huaweiCredentials(cms),
			[{}, {}, {}],
		);
		await afterFirstRequest(cms, 300);
		const stoppedAt = Date.now();
		paced.cancel();
		await paced.finished;
		expect(Date.now() - stoppedAt).toBeLessThan(1500);
		expect(cms.requests).toHaveLength(1);
	});
});
