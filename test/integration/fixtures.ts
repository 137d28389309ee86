import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { nodeType, singleNodeWorkflow } from '../harness/engine';
import type { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import type { NiceExpertEmulator } from '../emulators/niceExpert';

export const HUAWEI_AK = 'testAK';
export const HUAWEI_SK = 'test-SK-do-not-leak';
export const EXPERT_PASSWORD = 'demo-password';
export const EXPERT_TOKEN_SECRET = 'demo-token-secret';
/** A wrong secret, still a secret: distinctive, so the secret scan can look for it. */
export const WRONG_SECRET = 'wrong-secret-5b7c';

export function huaweiCredentials(
	emulator: HuaweiCmsEmulator,
	overrides: ICredentialDataDecryptedObject = {},
) {
	return {
		huaweiCmsApi: {
			baseUrl: emulator.url,
			accessKey: HUAWEI_AK,
			secretKey: HUAWEI_SK,
			ignoreSslIssues: false,
			...overrides,
		},
	};
}

export function expertBasicCredentials(
	emulator: NiceExpertEmulator,
	overrides: ICredentialDataDecryptedObject = {},
) {
	return {
		niceExpertApi: {
			siteUrl: emulator.url,
			authentication: 'basic',
			username: 'admin',
			password: EXPERT_PASSWORD,
			ignoreSslIssues: false,
			...overrides,
		},
	};
}

export function expertTokenCredentials(
	emulator: NiceExpertEmulator,
	overrides: ICredentialDataDecryptedObject = {},
) {
	return {
		niceExpertApi: {
			siteUrl: emulator.url,
			authentication: 'serverToken',
			tokenKey: 'demokey',
			tokenSecret: EXPERT_TOKEN_SECRET,
			actAsUser: 'admin',
			ignoreSslIssues: false,
			...overrides,
		},
	};
}

/** On Error: true = Continue (using regular output); 'errorOutput' = Continue (using error output). */
type OnFail = boolean | 'errorOutput';
const onError = (continueOnFail: OnFail) =>
	continueOnFail === 'errorOutput'
		? { onError: 'continueErrorOutput' as const }
		: continueOnFail
			? { onError: 'continueRegularOutput' as const }
			: {};

export const huaweiNode = (parameters: INodeParameters, continueOnFail: OnFail = false) =>
	singleNodeWorkflow({
		name: 'Huawei CMS Group',
		type: nodeType('huaweiCmsGroup'),
		parameters: { resource: 'group', ...parameters },
		credentials: { huaweiCmsApi: { id: '1', name: 'CMS' } },
		...onError(continueOnFail),
	});

export const expertNode = (parameters: INodeParameters, continueOnFail: OnFail = false) =>
	singleNodeWorkflow({
		name: 'NICE Expert Group',
		type: nodeType('niceExpertGroup'),
		parameters: { resource: 'group', ...parameters },
		credentials: { niceExpertApi: { id: '2', name: 'Expert' } },
		...onError(continueOnFail),
	});

/** A resource locator value given by ID. */
export const byId = (value: string | number) => ({ __rl: true, mode: 'id', value });

/** A resource locator value given by name. */
export const byName = (value: string) => ({ __rl: true, mode: 'name', value });
