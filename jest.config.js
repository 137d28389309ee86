// Tests are compiled with the rest of the project (npm run build) and run from dist/test.
module.exports = {
	// Only the compiled tests: not the n8n sandbox's gigabytes of files.
	roots: ['<rootDir>/dist'],
	testMatch: ['<rootDir>/dist/test/**/*.test.js'],
	testEnvironment: 'node',
	testTimeout: 30000,
	// After each test file: no secret in any log line or workflow run it produced.
	setupFilesAfterEnv: ['<rootDir>/dist/test/secretScan.js'],
};
