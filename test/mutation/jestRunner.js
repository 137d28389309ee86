// The jest runner of the mutation run (jest.mutation.config.js): jest's own, which skips the test
// files in which no test would run. Stryker runs each mutant's covering tests by name
// (testNamePattern), but jest would still load every test file (and n8n's engine with it: seconds
// each) only to skip its tests. The first run without a name filter (Stryker's initial test run)
// records which tests each file holds; later runs with a filter load only the files holding a test
// the filter matches, exactly those jest would run tests of. A file not recorded is always loaded.
// With a filter (a mutant's run), the files run one after the other, the quickest first, until one
// fails.
const fs = require('fs');
const path = require('path');
const { default: TestRunner } = require('jest-runner');

const recordOf = (globalConfig) => path.join(globalConfig.rootDir, '.stryker-tmp-test-names.json');

class FileFilteringRunner extends TestRunner {
	async runTests(tests, watcher, options) {
		const record = recordOf(this._globalConfig);
		const pattern = this._globalConfig.testNamePattern;
		if (!pattern) {
			const names = {};
			const took = {};
			this.on('test-file-success', ([test, result]) => {
				names[test.path] = result.testResults.map((one) => one.fullName);
				took[test.path] = result.perfStats.runtime;
				fs.writeFileSync(record, JSON.stringify({ names, took }));
			});
			return await super.runTests(tests, watcher, options);
		}
		let names, took;
		try {
			({ names, took } = JSON.parse(fs.readFileSync(record, 'utf8')));
		} catch {
			return await super.runTests(tests, watcher, options);
		}
		// The same test jest applies to a test's full name (case-insensitive).
		const filter = new RegExp(pattern, 'i');
		const wanted = tests
			.filter(
				(test) =>
					names[test.path] === undefined || names[test.path].some((name) => filter.test(name)),
			)
			// The quickest files first: a mutant most tests catch is caught in seconds.
			.sort((a, b) => (took[a.path] ?? Infinity) - (took[b.path] ?? Infinity));
		// A mutant's run stops at the first test file that fails (jest's bail, which Stryker cannot set):
		// one failing test kills the mutant, the rest would only take time.
		let failed = false;
		const offSuccess = this.on('test-file-success', ([, result]) => {
			if (result.numFailingTests > 0 || result.testExecError) failed = true;
		});
		const offFailure = this.on('test-file-failure', () => (failed = true));
		try {
			for (const test of wanted) {
				if (failed || watcher.isInterrupted()) break;
				await super.runTests([test], watcher, options);
			}
		} finally {
			offSuccess();
			offFailure();
		}
	}
}

module.exports = FileFilteringRunner;
