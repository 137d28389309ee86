// The end-to-end suite: a real n8n (installed on first use), started and stopped by the suite.
module.exports = {
	// Only the compiled tests: not the n8n sandbox's gigabytes of files.
	roots: ['<rootDir>/dist'],
	testMatch: ['<rootDir>/dist/test/e2e/**/*.e2e.js'],
	testEnvironment: 'node',
	testTimeout: 120000,
	maxWorkers: 1,
};
