import { HuaweiCmsEmulator } from './huaweiCms';
import { NiceExpertEmulator } from './niceExpert';

// The state both emulators start with for the demo and the command-line emulators, and the
// credentials that open them. Nothing here is a real secret.

export const DEMO_CMS_KEYS = { demoAK: 'demoSK' };
export const DEMO_EXPERT_ADMIN = { username: 'admin', password: 'demo-password' };
export const DEMO_EXPERT_TOKEN = { key: 'demokey', secret: 'demo-token-secret' };

export function createDemoEmulators() {
	const cms = new HuaweiCmsEmulator({ keys: DEMO_CMS_KEYS });
	cms.addGroup({ vdn: 113, groupName: 'Quality Inspectors', groupType: 3, remark: 'QA team' });
	cms.addGroup({ vdn: 113, groupName: 'Inbound Traffic', groupType: 2 });
	cms.addAgents(113, 57001, 10);

	const expert = new NiceExpertEmulator({
		tokens: { [DEMO_EXPERT_TOKEN.key]: DEMO_EXPERT_TOKEN.secret },
	});
	expert.addGroup('Sales Team', 'Contributor');
	expert.addGroup('Support Tier 1', 'Viewer');
	expert.addGroup('LDAP Agents', 'Viewer', 2);
	return { cms, expert };
}

export function demoCredentials(cms: HuaweiCmsEmulator, expert: NiceExpertEmulator) {
	const [accessKey, secretKey] = Object.entries(DEMO_CMS_KEYS)[0];
	return {
		huaweiCmsApi: { baseUrl: cms.url, accessKey, secretKey, ignoreSslIssues: false },
		niceExpertApi: {
			siteUrl: expert.url,
			authentication: 'basic',
			...DEMO_EXPERT_ADMIN,
			ignoreSslIssues: false,
		},
	};
}
