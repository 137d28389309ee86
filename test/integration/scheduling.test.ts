import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import type { ReceivedRequest, Reply } from '../emulators/server';
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

// The default item loop: several items under way, as many as the server answers well; writes to one
// target one at a time and in input order; output in input order and paired. (How fast: npm run bench.)

/** Whether any two of these requests were under way at the same time at the server. */
const overlapping = (requests: ReceivedRequest[]) =>
	requests.some((a, n) =>
		requests.slice(n + 1).some((b) => a.received < b.answered! && b.received < a.answered!),
	);

describe('ordered concurrency by default', () => {
	const site = useEmulator(new NiceExpertEmulator());
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));

	it('Expert, default settings: several items under way at once, output in input order and paired', async () => {
		site.latencyMs = 30;
		const groups = Array.from({ length: 60 }, (_, n) => site.addGroup(`team ${n}`, 'Viewer'));
		const result = await runWorkflow(
			expertNode({
				operation: 'update',
				group: byId('={{ $json.id }}'),
				newName: '={{ $json.name }}',
				role: 'Viewer',
			}),
			expertBasicCredentials(site),
			groups.map((group, n) => ({ id: group.id, name: `renamed ${n}` })),
		);
		expect(result.error).toBeUndefined();
		const items = result.items('NICE Expert Group')!;
		expect(items.map((item) => [item.json.name, item.pairedItem])).toEqual(
			groups.map((_, n) => [`renamed ${n}`, { item: n }]),
		);
		expect(site.maxUnderWay).toBeGreaterThan(2);
		// A server that never refuses nor times out is no overload: the width is not cut down request by
		// request (the search may still settle below the start of 8 on a busy machine, never near 1).
		expect(site.settledUnderWay()).toBeGreaterThan(2);
	});

	it('Expert: writes to one group are never under way together and keep input order; other groups go alongside', async () => {
		site.latencyMs = 30;
		const [one, two] = [site.addGroup('one', 'Viewer'), site.addGroup('two', 'Viewer')];
		const input = ['a', 'b', 'c', 'd', 'e', 'f'].flatMap((letter) => [
			{ id: one.id, name: `one ${letter}` },
			{ id: two.id, name: `two ${letter}` },
		]);
		const result = await runWorkflow(
			expertNode({
				operation: 'update',
				group: byId('={{ $json.id }}'),
				newName: '={{ $json.name }}',
				role: 'Viewer',
			}),
			expertBasicCredentials(site),
			input,
		);
		expect(result.error).toBeUndefined();
		expect(result.items('NICE Expert Group')!.map((item) => item.pairedItem)).toEqual(
			input.map((_, n) => ({ item: n })),
		);
		const to = (group: { id: number }) =>
			site.requests.filter((request) => request.url.startsWith(`/@api/deki/groups/${group.id}?`));
		for (const [group, prefix] of [
			[one, 'one'],
			[two, 'two'],
		] as const) {
			expect(overlapping(to(group))).toBe(false);
			expect(to(group).map((request) => /<name>([^<]*)</.exec(request.body)![1])).toEqual(
				['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => `${prefix} ${letter}`),
			);
		}
		expect(site.groupNamed('one f')).toBeDefined();
		expect(site.groupNamed('two f')).toBeDefined();
		expect(overlapping(site.requests)).toBe(true);
	});

	it('Huawei: a server that allows 4 at once (429 above): every item completes, and the limit is met only a few times, not each round', async () => {
		cms.latencyMs = 20;
		cms.concurrencyLimit = 4;
		const groups = Array.from({ length: 80 }, (_, n) =>
			cms.addGroup({ vdn: 113, groupName: `g${n}` }),
		);
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId('={{ $json.id }}'),
				groupName: '={{ $json.name }}',
			}),
			huaweiCredentials(cms),
			groups.map((group, n) => ({ id: group.id, name: `h${n}` })),
		);
		expect(result.error).toBeUndefined();
		expect(groups.every((group, n) => cms.groups.get(group.id)!.groupName === `h${n}`)).toBe(true);
		expect(cms.overLimit).toBeGreaterThan(0);
		expect(cms.overLimit).toBeLessThanOrEqual(12);
		expect(cms.maxUnderWay).toBe(4);
	}, 60000);

	/**
	 * 40 renames with Continue On Fail, the first 8 requests answered as `firstEight` says (after
	 * `firstEightMs`), every later one in 10 ms; then the most requests under way at once among the
	 * later ones. A refusal the pace hears as an overload holds the width at 1 for ten times what it
	 * cost (3 s): longer than the 32 renames after them take one at a time.
	 */
	const mostAtOnceAfterEight = async (
		options: Record<string, number>,
		firstEightMs: number,
		firstEight?: (reply: Reply) => Reply,
	) => {
		const first = new Set<ReceivedRequest>();
		cms.latencyOf = (request) => {
			if (first.size >= 8) return 10;
			first.add(request);
			return firstEightMs;
		};
		cms.glitch = (request, reply) => (firstEight && first.has(request) ? firstEight(reply) : reply);
		const groups = Array.from({ length: 40 }, (_, n) =>
			cms.addGroup({ vdn: 113, groupName: `g${n}` }),
		);
		const result = await runWorkflow(
			huaweiNode(
				{
					operation: 'update',
					vdn: 113,
					groupId: byId('={{ $json.id }}'),
					groupName: '={{ $json.name }}',
					options,
				},
				true,
			),
			huaweiCredentials(cms),
			groups.map((group, n) => ({ id: group.id, name: `h${n}` })),
		);
		expect(result.output('Huawei CMS Group')!.filter((item) => item.error)).toHaveLength(8);
		const after = cms.requests.slice(8);
		return Math.max(
			...after.map(
				(a) => after.filter((b) => b.received <= a.received && a.received < b.answered!).length,
			),
		);
	};

	it('Huawei: requests that time out narrow the pace: what follows goes almost one at a time', async () => {
		// The first 8 never answer within the 300 ms Timeout (nor their retries' turn: Retries 0).
		expect(await mostAtOnceAfterEight({ timeout: 300, retries: 0 }, 5000)).toBeLessThanOrEqual(2);
	}, 60000);

	it.each([
		['a redirect: no overload, what follows goes as wide as before', 302, {}, false],
		[
			'a 429 that asks for a wait longer than the Timeout: an overload, what follows goes almost one at a time',
			429,
			{ 'Retry-After': '3600' },
			true,
		],
		['a 503 that asks for as long: the same', 503, { 'Retry-After': '3600' }, true],
	])(
		'Huawei: the first 8 requests refused after 300 ms with %s',
		async (_case, status, headers, overload) => {
			const mostAtOnce = await mostAtOnceAfterEight({ retries: 0 }, 300, () => ({
				status,
				headers: { Location: 'https://elsewhere.example/', ...headers },
			}));
			if (overload) expect(mostAtOnce).toBeLessThanOrEqual(2);
			else expect(mostAtOnce).toBeGreaterThan(2);
		},
		60000,
	);

	it('Huawei Member Add: requests of different groups go alongside, those of one group one at a time', async () => {
		cms.latencyMs = 30;
		cms.addAgents(113, 1000, 40);
		const [a, b] = [
			cms.addGroup({ vdn: 113, groupName: 'A' }),
			cms.addGroup({ vdn: 113, groupName: 'B' }),
		];
		const input = Array.from({ length: 40 }, (_, n) => ({
			group: n % 2 ? b.id : a.id,
			workNo: 1000 + n,
		}));
		const result = await runWorkflow(
			huaweiNode({
				resource: 'member',
				operation: 'add',
				vdn: 113,
				groupId: byId('={{ $json.group }}'),
				workNos: '={{ $json.workNo }}',
				options: { workNosPerRequest: 5 },
			}),
			huaweiCredentials(cms),
			input,
		);
		expect(result.error).toBeUndefined();
		const adds = (group: { id: string }) =>
			cms.requests.filter((request) => request.body.includes(`"groupId":"${group.id}"`));
		expect(adds(a)).toHaveLength(4);
		expect(overlapping(adds(a))).toBe(false);
		expect(overlapping(adds(b))).toBe(false);
		expect(overlapping([...adds(a), ...adds(b)])).toBe(true);
		expect(cms.membersOf(a.id)).toHaveLength(20);
	});
});
