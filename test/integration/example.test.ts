import { readFileSync } from 'fs';
import { join } from 'path';

import { createDemoEmulators, demoCredentials } from '../emulators/demoData';
import { PACKAGE_ROOT, runWorkflow, stopExpressionEngine, type WorkflowDefinition } from '../harness/engine';

describe('examples/rename-groups.json (the demo workflow)', () => {
	const { cms, expert } = createDemoEmulators();

	beforeAll(async () => {
		await cms.start();
		await expert.start();
	});
	afterAll(async () => {
		await Promise.all([cms.stop(), expert.stop()]);
		await stopExpressionEngine();
	});

	it('renames the CMS group and the Expert group, keeping the Expert role', async () => {
		const workflow = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'examples/rename-groups.json'), 'utf8')) as WorkflowDefinition;
		const result = await runWorkflow(workflow, demoCredentials(cms, expert));

		expect(result.error).toBeUndefined();
		expect(result.output('Rename CMS group')).toEqual([
			expect.objectContaining({ success: true, id: '159832671551117675139418726647', groupName: 'Quality Inspectors - Tier 2' }),
		]);
		expect(result.output('Rename Expert group')).toEqual([
			expect.objectContaining({ name: 'Sales & Support Team', role: expect.objectContaining({ name: 'Contributor' }) }),
		]);
		expect(cms.groups.get('159832671551117675139418726647')).toMatchObject({
			groupName: 'Quality Inspectors - Tier 2',
			remark: 'Renamed by n8n',
		});
		expect(expert.groupNamed('Sales & Support Team')).toMatchObject({ roleId: expert.role('Contributor')!.id });
	});
});
