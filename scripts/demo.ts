// The main job: both emulators, the example workflow run in n8n's engine, the items printed.
import { inspect } from 'util';

import { createDemoEmulators, demoCredentials } from '../test/emulators/demoData';
import { readExample } from '../test/examples';
import { runWorkflow, stopExpressionEngine } from '../test/harness/engine';

const WORKFLOW_FILE = 'rename-groups.json';

async function main(): Promise<number> {
	const { cms, expert } = createDemoEmulators();
	await cms.start();
	await expert.start();
	try {
		const cmsBefore = [...cms.groups.values()].map((group) => ({ ...group }));
		const expertBefore = expert.groups.map((group) => ({ ...group }));
		console.log(`Huawei AICC CMS emulator on ${cms.url}, NICE Expert emulator on ${expert.url}\n`);

		const workflow = readExample(WORKFLOW_FILE);
		console.log(`Running "${workflow.name}" (examples/${WORKFLOW_FILE}) in n8n's engine...\n`);
		const result = await runWorkflow(workflow, demoCredentials(cms, expert));

		for (const node of workflow.nodes.slice(1)) {
			const items = result.output(node.name) ?? [];
			console.log(`${node.name}: ${items.length} item(s)`);
			for (const item of items)
				console.log(inspect(item, { depth: 4, colors: process.stdout.isTTY }));
			console.log();
		}
		if (result.error) {
			console.error(`The workflow stopped with an error: ${result.error.message}`);
			return 1;
		}

		console.log('What changed on the servers:');
		for (const before of cmsBefore) {
			const after = cms.groups.get(before.id)!;
			if (after.groupName !== before.groupName) {
				console.log(
					`  CMS group ${before.id}: "${before.groupName}" -> "${after.groupName}", remark "${after.remark}"`,
				);
			}
		}
		for (const before of expertBefore) {
			const after = expert.groups.find((group) => group.id === before.id)!;
			if (after.name !== before.name || after.roleId !== before.roleId) {
				const role = (id: number) => expert.roles.find((candidate) => candidate.id === id)!.name;
				console.log(
					`  Expert group ${before.id}: "${before.name}" -> "${after.name}", role ${role(before.roleId)} -> ${role(after.roleId)}`,
				);
			}
		}
		return 0;
	} finally {
		await Promise.all([cms.stop(), expert.stop()]);
		await stopExpressionEngine();
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
