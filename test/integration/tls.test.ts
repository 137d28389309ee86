import { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import { NiceExpertEmulator } from '../emulators/niceExpert';
import { selfSignedCertificate } from '../emulators/selfSigned';
import { runWorkflow, stopExpressionEngine } from '../harness/engine';
import { HUAWEI_AK, HUAWEI_SK, byId, byName, expertBasicCredentials, expertNode, huaweiCredentials, huaweiNode } from './fixtures';

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
		const workflow = huaweiNode({ operation: 'update', vdn: 113, groupId: byId(group.id), groupName: 'renamed' });
		const refused = await runWorkflow(workflow, huaweiCredentials(cms));
		expect(refused.error?.message).toBe("The server's TLS certificate is not trusted (self-signed, or from an unknown authority)");
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
		const workflow = expertNode({ operation: 'update', group: byName('Agents'), newName: 'Agents 2', role: '' });
		const refused = await runWorkflow(workflow, expertBasicCredentials(expert));
		expect(refused.error?.message).toBe("The server's TLS certificate is not trusted (self-signed, or from an unknown authority)");
		expect(expert.groupNamed('Agents')).toBeDefined();

		const accepted = await runWorkflow(workflow, expertBasicCredentials(expert, { ignoreSslIssues: true }));
		expect(accepted.error).toBeUndefined();
		expect(expert.groupNamed('Agents 2')).toMatchObject({ roleId: expert.role('Viewer')!.id });
	});
});
