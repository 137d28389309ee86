// The jest run StrykerJS mutates against (npm run test:mutation, stryker.config.mjs): the fast
// files of the normal run. Not the fault mixes (test/integration/faults.test.ts: minutes of
// random faults, no single bug they are meant to pin) nor the e2e suites (a real n8n).
const base = require('./jest.config.js');

module.exports = {
	...base,
	testPathIgnorePatterns: ['/node_modules/', '/dist/test/integration/faults\\.test\\.js$'],
	// Loads only the test files holding a test of the mutant (test/mutation/jestRunner.js).
	runner: '<rootDir>/test/mutation/jestRunner.js',
};
