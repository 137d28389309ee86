// The end-to-end suite: a real n8n (installed on first use), started and stopped by the suite.
module.exports = {
	testMatch: ['<rootDir>/dist/test/e2e/**/*.e2e.js'],
	testEnvironment: 'node',
	testTimeout: 120000,
	maxWorkers: 1,
};
