import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';

import { PACKAGE_ROOT } from '../packageRoot';
import { N8nSandbox } from '../sandbox/n8nSandbox';

// What a release is made of: the files `npm publish` would put in the tarball, and the GitHub
// Actions workflows that test and publish it.

/** Every file under a folder of the repository, as paths from the root. */
function filesUnder(folder: string): string[] {
	return readdirSync(join(PACKAGE_ROOT, folder), { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
	);
}

describe('the packed package (npm pack --dry-run, the list npm publish uses)', () => {
	// npm's own answer, from the files field and npm's rules (README, LICENSE, package.json always).
	const packed: string[] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
		}),
	)[0].files.map((file: { path: string }) => file.path);

	// What is meant to ship, from the sources: each node and credential module compiled, the nodes'
	// codex files, the icons, and the three files npm always packs. Nothing of test/, scripts/,
	// examples/, no source map, no TypeScript.
	const meant = [
		'package.json',
		'README.md',
		'LICENSE.md',
		'CHANGELOG.md',
		...[...filesUnder('nodes'), ...filesUnder('credentials')]
			.filter((file) => file.endsWith('.ts'))
			.map((file) => `dist/${file.replace(/\.ts$/, '.js')}`),
		...filesUnder('nodes')
			.filter((file) => file.endsWith('.node.json'))
			.map((file) => `dist/${file}`),
		...filesUnder('icons').map((file) => `dist/${file}`),
	];

	it('is exactly the compiled nodes and credentials, their codex files and icons, README, CHANGELOG, licence and package.json', () => {
		expect([...packed].sort()).toEqual([...meant].sort());
	});

	it('holds no tests, source maps, sandbox, scripts, examples or TypeScript sources', () => {
		expect(packed.length).toBeGreaterThan(50);
		expect(
			packed.filter((file) =>
				/(^|\/)(test|scripts|examples|docs|\.n8n-sandbox|\.github)\/|\.map$|\.ts$|\.tgz$/.test(
					file,
				),
			),
		).toEqual([]);
	});

	it('holds every node and credential that package.json registers with n8n, and the icons they name', () => {
		const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
		const registered: string[] = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
		expect(registered).toHaveLength(6);
		for (const file of registered) expect(packed).toContain(file);
		const icons = registered.flatMap((file) =>
			[
				...readFileSync(join(PACKAGE_ROOT, file), 'utf8').matchAll(
					/'file:((?:\.\.\/)+icons\/[^']+)'/g,
				),
			].map(([, icon]) => join(file, '..', icon)),
		);
		expect(icons.length).toBeGreaterThanOrEqual(registered.length * 2);
		for (const icon of icons) expect(packed).toContain(icon);
	});
});

const WORKFLOWS = join(PACKAGE_ROOT, '.github/workflows');
const VALIDATOR = join(PACKAGE_ROOT, 'node_modules/@action-validator/cli/cli.mjs');

/** @action-validator/cli on one file: YAML syntax and the GitHub Actions workflow schema. */
function validate(file: string): { status: number | null; output: string } {
	const result = spawnSync(process.execPath, [VALIDATOR, file], { encoding: 'utf8' });
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface Step {
	uses?: string;
	run?: string;
}
interface Workflow {
	on: Record<string, { tags?: string[]; branches?: string[] } | null>;
	jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}
const workflow = (name: string): Workflow =>
	parse(readFileSync(join(WORKFLOWS, name), 'utf8')) as Workflow;

describe('the GitHub Actions workflows', () => {
	const files = readdirSync(WORKFLOWS);

	it('are the publish and CI workflows', () => {
		expect(files.sort()).toEqual(['ci.yml', 'publish.yml']);
	});

	it.each(files)('%s passes the YAML and workflow schema check', (file) => {
		expect(validate(join(WORKFLOWS, file))).toEqual({ status: 0, output: '' });
	});

	describe('the check refuses a broken workflow', () => {
		const folder = mkdtempSync(join(tmpdir(), 'workflows-'));
		afterAll(() => rmSync(folder, { recursive: true, force: true }));
		const publish = readFileSync(join(WORKFLOWS, 'publish.yml'), 'utf8');
		it.each([
			['a job without runs-on', publish.replace(/^ {4}runs-on: .*\n/m, ''), '/runs-on'],
			['a misspelt permission', publish.replace('id-token: write', 'id-token: writ'), 'id-token'],
			['an unknown key', publish.replace('timeout-minutes:', 'timeout-minute:'), 'timeout-minute'],
			['broken YAML', publish.replace('    steps:\n', '    steps:\n     x: [\n'), 'Parse Error'],
		])('%s', (_case, text, expected) => {
			expect(text).not.toBe(publish);
			const file = join(folder, 'broken.yml');
			writeFileSync(file, text);
			const { status, output } = validate(file);
			expect(status).toBe(1);
			expect(output).toContain(expected);
		});
	});

	it('publish.yml: on a version tag, npm ci, npm test, then npm publish --provenance with an OIDC token', () => {
		const { on, jobs } = workflow('publish.yml');
		expect(Object.keys(on)).toEqual(['push']);
		expect(on.push).toEqual({ tags: ['*.*.*'] });
		const { permissions, steps } = jobs.publish;
		expect(permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		const runs = steps.map((step) => step.run ?? '');
		const at = (command: string) => runs.findIndex((run) => run.split('\n').includes(command));
		expect(at('npm ci')).toBeGreaterThan(-1);
		expect(at('npm test')).toBeGreaterThan(at('npm ci'));
		const publishStep = runs.findIndex((run) => run.includes('npm publish --provenance'));
		expect(publishStep).toBeGreaterThan(at('npm test'));
		expect(runs.filter((run) => run.includes('npm publish'))).toHaveLength(1);
	});

	it('ci.yml: every pull request runs bash .ci/run, which runs the test command the README gives', () => {
		const { on, jobs } = workflow('ci.yml');
		expect(on).toHaveProperty('pull_request');
		expect(jobs.ci.steps.map((step) => step.run)).toContain('bash .ci/run');
		const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
		const commands = readFileSync(join(PACKAGE_ROOT, '.ci/run'), 'utf8')
			.split('\n')
			.filter((line) => line.startsWith('npm '))
			.map((line) => line.replace(/ --no-(audit|fund)/g, ''));
		expect(commands).toEqual(['npm ci', 'npm test', 'npm run test:e2e', 'npm run test:compat']);
		for (const command of commands) expect(readme).toContain(`\`${command}\``);
	});
});

describe('the n8n the sandbox and the end-to-end suites run', () => {
	it('allows unverified packages exactly as the README tells admins of n8n 3.0 to (N8N_UNVERIFIED_PACKAGES_ENABLED=true)', () => {
		expect(new N8nSandbox().env().N8N_UNVERIFIED_PACKAGES_ENABLED).toBe('true');
		const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
		const install = readme.slice(
			readme.indexOf('## Installing in n8n'),
			readme.indexOf('## Compatibility'),
		);
		expect(install).toContain('**`N8N_UNVERIFIED_PACKAGES_ENABLED=true`**');
		expect(install).toContain('n8n 3.0');
	});
});
