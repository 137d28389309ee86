// StrykerJS: npm run test:mutation (docs/testing.md). Not in CI: hours on 2 cores.
// @ts-check
import { readFileSync } from 'node:fs';

// MUTATION_PART=<name>: one part of the scope against the tests aimed at it (test/mutation/parts.json),
// with its own incremental file and report; npm run test:mutation:parts runs every part.
const { scope, parts } = JSON.parse(
	readFileSync(new URL('./test/mutation/parts.json', import.meta.url), 'utf8'),
);
const partName = process.env.MUTATION_PART;
const part = partName ? parts[partName] : undefined;
if (partName && !part)
	throw new Error(`MUTATION_PART: no part named "${partName}" in test/mutation/parts.json`);
const reportName = partName ? `part-${partName}` : 'mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
	// Where a bug loses data or leaks a secret (test/mutation/parts.json, "scope"): the shared layer
	// (transport, pagination, change detection, pace, validation, routing), the credentials (signing,
	// secrets), both triggers, Huawei's member-request planner and the Expert update's read-modify-write.
	mutate: part?.mutate ?? scope,
	// The tests run compiled, from dist/ (as in npm test): the sandbox's mutated sources are built
	// once (every mutant is in the build, switched on at run time), then jest runs dist/test.
	buildCommand: 'npm run build --silent',
	// The build type-checks every file; the instrumented ones cannot pass, so they carry @ts-nocheck
	// (Stryker's default pattern only covers src/, lib/ and test/).
	disableTypeChecks: '{nodes,credentials}/**/*.ts',
	// Mutants that do not compile are dropped before any test runs.
	checkers: ['typescript'],
	tsconfigFile: 'tsconfig.json',
	testRunner: 'jest',
	jest: {
		configFile: 'jest.mutation.config.js',
		// Related tests are looked up by source path, and the tests import dist/, so jest would
		// find none; per-test coverage picks the tests of each mutant instead.
		enableFindRelatedTests: false,
	},
	coverageAnalysis: 'perTest',
	// A static mutant (a module-level constant) would need every test and a fresh module load each:
	// hours here. They are skipped, and counted as ignored.
	ignoreStatic: true,
	// dist/ stays in the project (npm run test:mutation builds it first): the incremental diff
	// compares the compiled test files with those of the last run.
	ignorePatterns: ['.n8n-sandbox', 'test-output', 'build', '*.tgz', 'reports/mutation'],
	incremental: true,
	incrementalFile: `reports/stryker-incremental${partName ? `-${partName}` : ''}.json`,
	ignorers: ['ui-text'],
	plugins: ['@stryker-mutator/*', './test/mutation/uiText.ignorer.mjs'],
	reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
	htmlReporter: { fileName: `reports/mutation/${reportName}.html` },
	jsonReporter: { fileName: `reports/mutation/${reportName}.json` },
	// 2 cores, shared: 1 gives one type-checker and one test runner (then a second runner once
	// every mutant is checked); STRYKER_CONCURRENCY=4 doubles both.
	concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
	timeoutMS: 5000,
	// The initial run is the whole suite with coverage: minutes on a loaded machine.
	dryRunTimeoutMinutes: 20,
	thresholds: { high: 90, low: 80, break: null },
	tempDirName: '.stryker-tmp',
	cleanTempDir: 'always',
};
export default config;
