import { Buffer } from 'buffer';

import { LoggerProxy } from 'n8n-workflow';

import { EXPERT_PASSWORD, HUAWEI_SK } from '../integration/fixtures';
import { loggedLines } from '../secretScan';
import { findSecrets, serialise } from '../secrets';

// The scan that runs after every test file must see what it claims to exclude: secrets planted deep
// in objects, in errors, and in header values are found.

describe('the secret scan finds planted secrets', () => {
	const basic = `Basic ${Buffer.from(`admin:${EXPERT_PASSWORD}`).toString('base64')}`;

	it.each([
		[
			'an Authorization header nested in a logged request',
			{ request: { options: { headers: { authorization: basic } } } },
		],
		[
			'a Secret Key deep in run data',
			{
				data: {
					resultData: {
						runData: { node: [{ data: { main: [[{ json: { nested: [{ sk: HUAWEI_SK }] } }]] } }] },
					},
				},
			},
		],
		[
			'a C2 signature in an error description',
			Object.assign(new Error('failed'), {
				description: 'auth-v2/AK/2024-01-01T00:00:00Z/host/abc',
			}),
		],
		[
			'an X-Deki-Token in an error cause',
			Object.assign(new Error('x'), {
				cause: { headers: { 'x-deki-token': 'tkn_key_1700000000_=admin_ab' } },
			}),
		],
	])('%s', (_case, planted) => {
		expect(findSecrets([['planted', serialise(planted)]])).not.toEqual([]);
	});

	it('and finds nothing in clean text', () => {
		expect(
			findSecrets([
				[
					'clean',
					serialise({
						message: 'The CMS rejected the signature (HTTP 401)',
						description: 'Check the Access Key (AK) and Secret Key (SK) of the credential',
					}),
				],
			]),
		).toEqual([]);
	});

	it('serialises circular objects without failing', () => {
		const loop: Record<string, unknown> = { secret: HUAWEI_SK };
		loop.self = loop;
		expect(findSecrets([['loop', serialise(loop)]])).not.toEqual([]);
	});
});

describe("the scan after each test file sees n8n's logger", () => {
	it('records what n8n logs, metadata nested at depth included', () => {
		LoggerProxy.warn('planted line', { request: { headers: { marker: 'planted-marker-7e2a' } } });
		expect(
			loggedLines().some(
				(line) => line.includes('planted line') && line.includes('planted-marker-7e2a'),
			),
		).toBe(true);
	});
});
