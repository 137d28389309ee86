import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
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

// A server's Retry-After (429 too many requests, 503 unavailable) holds back the retry and every
// request after it, on both nodes, in seconds or as an HTTP date.

describe('Retry-After', () => {
	const cms = useEmulator(new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } }));
	const site = useEmulator(new NiceExpertEmulator());
	const inTwoSeconds = () => new Date(Date.now() + 2000).toUTCString();

	it.each([
		[429, '1', 950],
		[503, '1', 950],
		[429, 'HTTP date', 950],
	])(
		'Expert: a %s with Retry-After %s is waited out, then the request is sent again',
		async (status, retryAfter, atLeast) => {
			const group = site.addGroup('Sales', 'Viewer');
			site.queuedReplies.push({
				status,
				headers: { 'Retry-After': retryAfter === 'HTTP date' ? inTwoSeconds() : retryAfter },
				body: '',
			});
			const result = await runWorkflow(
				expertNode({
					operation: 'update',
					group: byId(group.id),
					newName: 'Sales 2',
					role: 'Viewer',
				}),
				expertBasicCredentials(site),
			);
			expect(result.error).toBeUndefined();
			expect(site.requests).toHaveLength(2);
			expect(site.requests[1].received - site.requests[0].received).toBeGreaterThanOrEqual(atLeast);
			expect(site.groupNamed('Sales 2')).toBeDefined();
		},
	);

	it('Huawei: a 429 with Retry-After holds back the retry and the next item', async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'g' });
		cms.queuedReplies.push({ status: 429, headers: { 'Retry-After': '1' }, body: '' });
		const result = await runWorkflow(
			huaweiNode({
				operation: 'update',
				vdn: 113,
				groupId: byId(group.id),
				groupName: '={{ $json.name }}',
			}),
			huaweiCredentials(cms),
			[{ name: 'a' }, { name: 'b' }],
		);
		expect(result.output('Huawei CMS Group')!.map((item) => item.groupName)).toEqual(['a', 'b']);
		expect(cms.requests).toHaveLength(3);
		expect(cms.requests[1].received - cms.requests[0].received).toBeGreaterThanOrEqual(950);
		expect(cms.groups.get(group.id)!.groupName).toBe('b');
	});
});
