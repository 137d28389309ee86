// The jest run StrykerJS mutates against (npm run test:mutation, stryker.config.mjs): the fast
// files of the normal run. Not the fault mixes (test/integration/faults.test.ts: minutes of
// random faults, no single bug they are meant to pin) nor the e2e suites (a real n8n).
const base = require('./jest.config.js');

// MUTATION_PART=<name> (stryker.config.mjs): only the test files aimed at that part.
const part = process.env.MUTATION_PART
	? require('./test/mutation/parts.json').parts[process.env.MUTATION_PART]
	: undefined;

module.exports = {
	...base,
	...(part && { testMatch: part.tests.map((name) => `<rootDir>/dist/test/${name}.test.js`) }),
	testPathIgnorePatterns: ['/node_modules/', '/dist/test/integration/faults\\.test\\.js$'],
	// Loads only the test files holding a test of the mutant (test/mutation/jestRunner.js).
	runner: '<rootDir>/test/mutation/jestRunner.js',
};
