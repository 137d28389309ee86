import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import { testCredential } from '../harness/credentialTest';
import { runWorkflow, stopExpressionEngine } from '../harness/engine';
import {
	HUAWEI_AK,
	HUAWEI_SK,
	WRONG_SECRET,
	expertBasicCredentials,
	expertNode,
	expertTokenCredentials,
	huaweiCredentials,
	huaweiNode,
} from './fixtures';

describe('credential tests', () => {
	const cms = new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } });
	const expert = new NiceExpertEmulator();

	beforeAll(async () => {
		await cms.start();
		await expert.start();
	});
	afterAll(async () => {
		await Promise.all([cms.stop(), expert.stop()]);
		await stopExpressionEngine();
	});

	const cmsWorkflow = huaweiNode({ operation: 'update' });
	const expertWorkflow = expertNode({ operation: 'update' });

	it('Huawei: passes with the right AK/SK (a signed, documented group list), fails with a wrong SK', async () => {
		expect(
			await testCredential(
				'huaweiCmsApi',
				huaweiCredentials(cms, { defaultCcId: 3, testVdn: 113 }),
				cmsWorkflow,
				'Huawei CMS Group',
			),
		).toBe('OK');
		expect(cms.requests.at(-1)).toMatchObject({
			method: 'GET',
			url: '/rest/cmsapp/v1/openapi/qcrelationconf/queryallccgroup/3/113',
			body: '',
		});
		expect(cms.requests.at(-1)!.headers['content-type']).toBe('application/json;charset=UTF-8');
		expect(
			await testCredential(
				'huaweiCmsApi',
				huaweiCredentials(cms, { secretKey: WRONG_SECRET }),
				cmsWorkflow,
				'Huawei CMS Group',
			),
		).toBe(
			'Error: The CMS refused the signature: check the Access Key (AK), the Secret Key (SK) and the clock of the n8n host',
		);
	});

	it('Huawei: a Base URL with no CMS open API behind it (a 404) is named as such, not as a bad signature', async () => {
		expect(
			await testCredential(
				'huaweiCmsApi',
				huaweiCredentials(cms, { baseUrl: `${cms.url}/not-cms` }),
				cmsWorkflow,
				'Huawei CMS Group',
			),
		).toBe(
			'Error: No CMS open API at this address (HTTP 404): check the Base URL, or the NSLB mapping to CC-CMS',
		);
		expect(cms.requests.at(-1)!.url).toBe(
			'/not-cms/rest/cmsapp/v1/openapi/qcrelationconf/queryallccgroup/1/1',
		);
	});

	it.each([
		['Basic', expertBasicCredentials, { password: WRONG_SECRET }],
		['Server API Token', expertTokenCredentials, { tokenSecret: WRONG_SECRET }],
	])(
		'Expert (%s): passes as a signed-in user, fails with a wrong secret',
		async (_auth, credentials, wrong) => {
			expect(
				await testCredential(
					'niceExpertApi',
					credentials(expert),
					expertWorkflow,
					'NICE Expert Group',
				),
			).toBe('OK');
			expect(expert.requests.at(-1)!.url).toBe(
				'/@api/deki/users/current?authenticate=true&dream.out.format=json',
			);
			expect(
				await testCredential(
					'niceExpertApi',
					credentials(expert, wrong),
					expertWorkflow,
					'NICE Expert Group',
				),
			).toBe(
				'Error: Expert did not accept the credentials: check the username and password, or the token key, secret and user',
			);
		},
	);

	it.each([
		['a username', 'admin', 'username', '=admin'],
		["Expert's own =username form", '=admin', 'username', '=admin'],
		['a user ID', '1', 'id', '1'],
		['a username of digits only (not taken for an ID)', '1234', 'username', '=1234'],
		['a username with spaces around it', ' admin ', 'username', '=admin'],
		['a username with an = inside (only a leading one is the form)', 'a=b', 'username', '=a%3Db'],
		['a user ID with spaces around it', ' 1 ', 'id', '1'],
		['a user ID of several digits', '1234', 'id', '1234'],
	])(
		'Expert token: acts as the user given as %s',
		async (_case, actAsUser, actAsUserType, inToken) => {
			await testCredential(
				'niceExpertApi',
				expertTokenCredentials(expert, { actAsUser, actAsUserType }),
				expertWorkflow,
				'NICE Expert Group',
			);
			expect(expert.requests.at(-1)!.headers['x-deki-token']).toMatch(
				new RegExp(`^tkn_demokey_\\d+_${inToken}_[0-9a-f]{64}$`),
			);
		},
	);

	it('Expert: every node request forces authentication, so wrong credentials never act as the anonymous user (which Expert, and its emulator, serve without authenticate=true)', async () => {
		const result = await runWorkflow(
			expertNode({ operation: 'getAll', returnAll: true }),
			expertBasicCredentials(expert, { password: WRONG_SECRET }),
		);
		expect(result.error?.message).toBe(
			'Expert did not accept the credentials: check the username and password, or the token key, secret and user (HTTP 401)',
		);
		expect(expert.requests.length).toBeGreaterThan(0);
		expect(
			expert.requests.filter((request) => !/[?&]authenticate=true(&|$)/.test(request.url)),
		).toEqual([]);
		// The danger it avoids: the same wrong credentials without authenticate=true are served as the anonymous user.
		const wrong = `Basic ${Buffer.from('admin:wrong').toString('base64')}`;
		const ask = async (query: string) =>
			await fetch(`${expert.url}/@api/deki/users/current?dream.out.format=json${query}`, {
				headers: { Authorization: wrong },
			});
		const anonymous = await ask('');
		expect(anonymous.status).toBe(200);
		expect(await anonymous.json()).toMatchObject({ username: 'Anonymous' });
		expect((await ask('&authenticate=true')).status).toBe(401);
	});

	it.each([
		['admin', 'admin'],
		['1a', '1a'],
		['a1', 'a1'],
		['12345678901', '12345678901'],
		// Shown cut to 40 characters: an expression's whole text has no place in an error.
		['x'.repeat(60), 'x'.repeat(40)],
	])(
		'Expert token: an Act as User that is no ID (%j), given as a user ID, is an error and sends nothing',
		async (actAsUser, shown) => {
			const before = expert.requests.length;
			expect(
				await testCredential(
					'niceExpertApi',
					expertTokenCredentials(expert, { actAsUser, actAsUserType: 'id' }),
					expertWorkflow,
					'NICE Expert Group',
				),
			).toBe(
				`Error: Act as User must be a numeric user ID when it is given as a user ID (got "${shown}")`,
			);
			expect(expert.requests).toHaveLength(before);
		},
	);
});
