import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import { selfSignedCertificate } from '../emulators/selfSigned';
import { testCredential } from '../harness/credentialTest';
import { loadOptionsContext, runWorkflow, stopExpressionEngine } from '../harness/engine';
import { searchGroups as searchCmsGroups } from '../../nodes/HuaweiCmsGroup/methods/listSearch';
import { searchGroups as searchExpertGroups } from '../../nodes/NiceExpertGroup/methods/listSearch';
import {
	HUAWEI_AK,
	HUAWEI_SK,
	byId,
	byName,
	expertBasicCredentials,
	expertNode,
	huaweiCredentials,
	huaweiNode,
} from './fixtures';

describe('HTTPS with a self-signed certificate', () => {
	const cms = new HuaweiCmsEmulator({ keys: { [HUAWEI_AK]: HUAWEI_SK } });
	const expert = new NiceExpertEmulator();

	beforeAll(async () => {
		const certificate = selfSignedCertificate();
		await cms.start(0, certificate);
		await expert.start(0, certificate);
	});
	afterAll(async () => {
		await Promise.all([cms.stop(), expert.stop()]);
		await stopExpressionEngine();
	});

	it('Huawei: refused by default, with an error that names the credential switch; works with it on', async () => {
		const group = cms.addGroup({ vdn: 113, groupName: 'g' });
		const workflow = huaweiNode({
			operation: 'update',
			vdn: 113,
			groupId: byId(group.id),
			groupName: 'renamed',
		});
		const refused = await runWorkflow(workflow, huaweiCredentials(cms));
		expect(refused.error?.message).toBe(
			"The server's TLS certificate is not trusted (self-signed, or from an unknown authority)",
		);
		expect(refused.error?.description).toBe(
			'If you trust this server, switch on "Ignore SSL Issues (Self-Signed Certificates)" in the credential.',
		);
		expect(cms.groups.get(group.id)!.groupName).toBe('g');

		const accepted = await runWorkflow(workflow, huaweiCredentials(cms, { ignoreSslIssues: true }));
		expect(accepted.error).toBeUndefined();
		expect(cms.groups.get(group.id)!.groupName).toBe('renamed');
	});

	it('Expert: refused by default, with an error that names the credential switch; works with it on', async () => {
		expert.addGroup('Agents', 'Viewer');
		const workflow = expertNode({
			operation: 'update',
			group: byName('Agents'),
			newName: 'Agents 2',
			role: '',
		});
		const refused = await runWorkflow(workflow, expertBasicCredentials(expert));
		expect(refused.error?.message).toBe(
			"The server's TLS certificate is not trusted (self-signed, or from an unknown authority)",
		);
		expect(expert.groupNamed('Agents')).toBeDefined();

		const accepted = await runWorkflow(
			workflow,
			expertBasicCredentials(expert, { ignoreSslIssues: true }),
		);
		expect(accepted.error).toBeUndefined();
		expect(expert.groupNamed('Agents 2')).toMatchObject({ roleId: expert.role('Viewer')!.id });
	});

	it('credential tests: refused by default (the certificate named), green with the switch on', async () => {
		const cmsWorkflow = huaweiNode({ operation: 'getAll', vdn: 113 });
		const expertWorkflow = expertNode({ operation: 'getAll' });
		expect(
			await testCredential('huaweiCmsApi', huaweiCredentials(cms), cmsWorkflow, 'Huawei CMS Group'),
		).toMatch(/^Error: .*certificate/i);
		expect(
			await testCredential(
				'niceExpertApi',
				expertBasicCredentials(expert),
				expertWorkflow,
				'NICE Expert Group',
			),
		).toMatch(/^Error: .*certificate/i);
		expect(
			await testCredential(
				'huaweiCmsApi',
				huaweiCredentials(cms, { ignoreSslIssues: true }),
				cmsWorkflow,
				'Huawei CMS Group',
			),
		).toBe('OK');
		expect(
			await testCredential(
				'niceExpertApi',
				expertBasicCredentials(expert, { ignoreSslIssues: true }),
				expertWorkflow,
				'NICE Expert Group',
			),
		).toBe('OK');
	});

	it('list searches: refused by default with the advice, answered with the switch on', async () => {
		cms.addGroup({ vdn: 113, groupName: 'Listed' });
		expert.addGroup('Listed too', 'Viewer');
		const cmsWorkflow = huaweiNode({ operation: 'update', vdn: 113 });
		const expertWorkflow = expertNode({ operation: 'update' });
		const advice =
			"The server's TLS certificate is not trusted (self-signed, or from an unknown authority)";
		await expect(
			searchCmsGroups.call(
				await loadOptionsContext(cmsWorkflow, 'Huawei CMS Group', huaweiCredentials(cms)),
			),
		).rejects.toThrow(advice);
		await expect(
			searchExpertGroups.call(
				await loadOptionsContext(
					expertWorkflow,
					'NICE Expert Group',
					expertBasicCredentials(expert),
				),
			),
		).rejects.toThrow(advice);
		const cmsList = await searchCmsGroups.call(
			await loadOptionsContext(
				cmsWorkflow,
				'Huawei CMS Group',
				huaweiCredentials(cms, { ignoreSslIssues: true }),
			),
		);
		const expertList = await searchExpertGroups.call(
			await loadOptionsContext(
				expertWorkflow,
				'NICE Expert Group',
				expertBasicCredentials(expert, { ignoreSslIssues: true }),
			),
		);
		expect(cmsList.results.map((result) => result.name)).toContain(
			'Listed (Quality inspection group)',
		);
		expect(expertList.results.map((result) => result.name)).toContain('Listed too (Viewer)');
	});
});
