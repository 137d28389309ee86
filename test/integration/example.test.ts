import { createDemoEmulators, demoCredentials } from '../emulators/demoData';
import { exampleExpectations, exampleFiles, readExample } from '../examples';
import { runWorkflow, stopExpressionEngine } from '../harness/engine';

describe('the example workflows, in n8n-core against the demo emulators', () => {
	afterAll(async () => await stopExpressionEngine());

	it('has expectations for every example', () => {
		expect(exampleFiles()).toEqual(Object.keys(exampleExpectations).sort());
	});

	it.each(exampleFiles())('%s does what it says', async (file) => {
		const { cms, expert } = createDemoEmulators();
		await cms.start();
		await expert.start();
		try {
			const result = await runWorkflow(readExample(file), demoCredentials(cms, expert));
			expect(result.error).toBeUndefined();
			exampleExpectations[file](result.output, cms, expert);
		} finally {
			await Promise.all([cms.stop(), expert.stop()]);
		}
	});
});
