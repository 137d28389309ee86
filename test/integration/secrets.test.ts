import { createServer } from 'net';

import { runWorkflow, stopExpressionEngine } from '../harness/engine';
import { byId, byName, expertNode, huaweiNode } from './fixtures';

// Network failures come back from n8n's request helper with the request that failed attached:
// neither the run's data nor its error may carry a secret (or its Basic/token encoding) out.

const SECRETS = {
	sk: 'secret-SK-9f1c',
	password: 'secret-password-77d2',
	tokenSecret: 'secret-token-51aa',
};

function leaks(text: string): string[] {
	const encodings = [
		...Object.values(SECRETS),
		Buffer.from(`admin:${SECRETS.password}`).toString('base64'),
	];
	return encodings.filter((secret) => text.includes(secret));
}

describe('secrets on network failures', () => {
	let closedPort = 0;
	let resettingUrl = '';
	const server = createServer((socket) => socket.destroy());

	beforeAll(async () => {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		resettingUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
		const probe = createServer();
		await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
		closedPort = (probe.address() as { port: number }).port;
		await new Promise((resolve) => probe.close(resolve));
	});
	afterAll(async () => {
		server.close();
		await stopExpressionEngine();
	});

	const targets = () => [
		['connection refused', `http://127.0.0.1:${closedPort}`],
		['connection reset', resettingUrl],
	];

	it.each([
		['connection refused', 0],
		['connection reset', 1],
	])('Huawei, %s: the run carries no secret', async (_case, target) => {
		const [, url] = targets()[target as number];
		const result = await runWorkflow(
			huaweiNode({ operation: 'update', vdn: 1, groupId: byId('1'), groupName: 'x' }),
			{
				huaweiCmsApi: { baseUrl: url, accessKey: 'ak', secretKey: SECRETS.sk, defaultCcId: 1 },
			},
		);
		expect(result.error).toBeDefined();
		expect(leaks(JSON.stringify(result.run))).toEqual([]);
		expect(leaks(JSON.stringify(result.error, Object.getOwnPropertyNames(result.error)))).toEqual(
			[],
		);
	});

	it.each([
		['connection refused', 0, 'basic'],
		['connection reset', 1, 'basic'],
		['connection refused', 0, 'serverToken'],
	])(
		'Expert, %s, %s authentication: the run carries no secret',
		async (_case, target, authentication) => {
			const [, url] = targets()[target as number];
			const result = await runWorkflow(
				expertNode({ operation: 'update', group: byName('x'), newName: 'y', role: 'Viewer' }),
				{
					niceExpertApi: {
						siteUrl: url,
						authentication,
						username: 'admin',
						password: SECRETS.password,
						tokenKey: 'k',
						tokenSecret: SECRETS.tokenSecret,
						actAsUser: 'admin',
					},
				},
			);
			expect(result.error).toBeDefined();
			expect(leaks(JSON.stringify(result.run))).toEqual([]);
			expect(leaks(JSON.stringify(result.error, Object.getOwnPropertyNames(result.error)))).toEqual(
				[],
			);
		},
	);
});
