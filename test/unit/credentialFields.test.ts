import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { CMS_API_ROOT, HuaweiCmsApi } from '../../credentials/HuaweiCmsApi.credentials';
import { EXPERT_API_ROOT, NiceExpertApi } from '../../credentials/NiceExpertApi.credentials';
import { CMS } from '../../nodes/HuaweiCmsGroup/transport';
import { EXPERT } from '../../nodes/NiceExpertGroup/transport';

// What the editor shows of each credential and what a saved one holds: the fields, which of them
// are masked and required, their defaults, and which show for each kind of authentication.

const shownFor = (properties: INodeProperties[], values: Record<string, unknown>) =>
	properties
		.filter(({ displayOptions }) =>
			Object.entries(displayOptions?.show ?? {}).every(([field, allowed]) =>
				(allowed as unknown[]).includes(values[field]),
			),
		)
		.map(({ name }) => name);

// Typed as n8n's ICredentialType (a mutation run's instrumented classes have looser field types).
const huawei = () => new HuaweiCmsApi() as unknown as ICredentialType;
const expert = () => new NiceExpertApi() as unknown as ICredentialType;

const cases: Array<[string, ICredentialType, string[]]> = [
	['Huawei', huawei(), CMS.secretFields],
	['Expert', expert(), EXPERT.secretFields],
];

describe.each(cases)('the %s credential in the editor', (_name, credential, secretFields) => {
	it('masks exactly the fields the nodes scrub as secrets (a secret shown in clear leaks)', () => {
		const masked = credential.properties
			.filter((property) => property.typeOptions?.password === true)
			.map(({ name }) => name);
		expect(masked.sort()).toEqual([...secretFields].sort());
		for (const property of credential.properties.filter(({ name }) => masked.includes(name))) {
			expect(property).toMatchObject({ type: 'string', default: '', required: true });
		}
	});

	it('checks certificates unless told not to, and starts every other field empty or at a valid value', () => {
		const byName = new Map(credential.properties.map((property) => [property.name, property]));
		expect(byName.get('ignoreSslIssues')).toMatchObject({ type: 'boolean', default: false });
		for (const property of credential.properties) {
			if (property.type === 'number') {
				const { minValue, maxValue, numberPrecision } = property.typeOptions ?? {};
				expect(numberPrecision).toBe(0);
				expect(property.default).toBeGreaterThanOrEqual(minValue as number);
				expect(property.default).toBeLessThanOrEqual(maxValue as number);
			}
			if (property.type === 'options') {
				expect(property.options!.map((option) => (option as { value: unknown }).value)).toContain(
					property.default,
				);
			}
		}
	});
});

describe('what each credential asks for', () => {
	it('Huawei: the address, the key pair, and the call center and VDN the nodes and the test default to', () => {
		const { properties } = huawei();
		expect(shownFor(properties, {})).toEqual([
			'baseUrl',
			'accessKey',
			'secretKey',
			'defaultCcId',
			'testVdn',
			'ignoreSslIssues',
		]);
		expect(properties.filter(({ required }) => required).map(({ name }) => name)).toEqual([
			'baseUrl',
			'accessKey',
			'secretKey',
		]);
		expect(properties.find(({ name }) => name === 'baseUrl')).toMatchObject({
			type: 'string',
			default: '',
		});
		expect(properties.find(({ name }) => name === 'accessKey')).toMatchObject({
			type: 'string',
			default: '',
		});
		expect(properties.find(({ name }) => name === 'defaultCcId')).toMatchObject({
			default: 1,
			typeOptions: { minValue: 1, maxValue: 65535 },
		});
		expect(properties.find(({ name }) => name === 'testVdn')).toMatchObject({
			default: 1,
			typeOptions: { minValue: 1, maxValue: 99999 },
		});
	});

	it.each([
		['basic', ['siteUrl', 'authentication', 'username', 'password', 'ignoreSslIssues']],
		[
			'serverToken',
			[
				'siteUrl',
				'authentication',
				'tokenKey',
				'tokenSecret',
				'actAsUser',
				'actAsUserType',
				'ignoreSslIssues',
			],
		],
	])('Expert with %s authentication: only that kind of secret, each required', (kind, shown) => {
		const { properties } = expert();
		expect(shownFor(properties, { authentication: kind })).toEqual(shown);
		const required = properties.filter(({ required }) => required).map(({ name }) => name);
		expect(shown.filter((name) => required.includes(name))).toEqual(
			shown.filter(
				(name) => !['authentication', 'actAsUserType', 'ignoreSslIssues'].includes(name),
			),
		);
		for (const name of shown.filter((field) => field !== 'ignoreSslIssues')) {
			expect(properties.find((property) => property.name === name)!.type).toBe(
				['authentication', 'actAsUserType'].includes(name) ? 'options' : 'string',
			);
		}
	});

	it('Expert: Basic by default; the token acts as "admin", given as a username, unless told otherwise', () => {
		const byName = new Map(expert().properties.map((property) => [property.name, property]));
		expect(byName.get('authentication')!.default).toBe('basic');
		expect(
			byName.get('authentication')!.options!.map((option) => (option as { value: string }).value),
		).toEqual(['basic', 'serverToken']);
		expect(byName.get('actAsUser')!.default).toBe('admin');
		expect(byName.get('actAsUserType')!.default).toBe('username');
		expect(
			byName.get('actAsUserType')!.options!.map((option) => (option as { value: string }).value),
		).toEqual(['username', 'id']);
		for (const name of ['siteUrl', 'username']) expect(byName.get(name)!.default).toBe('');
	});

	it.each([
		['Huawei', huawei(), CMS_API_ROOT],
		['Expert', expert(), EXPERT_API_ROOT],
	])(
		"%s: the HTTP Request node's placeholder is the API root the credential sends a relative path to",
		(_name, credential, apiRoot) => {
			const { apiBaseUrlPlaceholder } = credential.httpRequestNode as {
				apiBaseUrlPlaceholder?: string;
			};
			expect(new URL(String(apiBaseUrlPlaceholder)).pathname).toBe(apiRoot);
			expect(credential.httpRequestNode!.docsUrl).toMatch(/^https:\/\//);
			expect(credential.documentationUrl).toMatch(/^https:\/\/www\.npmjs\.com\/package\/n8n-nodes/);
		},
	);
});
