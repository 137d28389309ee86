import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

import { spawnLogged, stop, waitUntilReady, type LoggedProcess } from './processes';

// Debian's Redis and PostgreSQL, started by hand on 127.0.0.1 for queue mode: installed with apt
// when missing, data in a folder of ours that each start wipes, stopped with the sandbox.

const PG_ROOT = '/usr/lib/postgresql';
const REDIS_SERVER = '/usr/bin/redis-server';

/** A TCP port nobody listens on now. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

function postgresBin(): string | undefined {
	if (!existsSync(PG_ROOT)) return undefined;
	const versions = readdirSync(PG_ROOT).filter((name) =>
		existsSync(join(PG_ROOT, name, 'bin/postgres')),
	);
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	return newest && join(PG_ROOT, newest, 'bin');
}

function apt(args: string[]): boolean {
	const result = spawnSync('apt-get', args, {
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		stdio: 'ignore',
	});
	return result.status === 0;
}

/** redis-server and PostgreSQL from Debian's packages; `apt-get install` when either is missing. */
export function ensureDebianPackages(log: (line: string) => void): void {
	const missing = [
		...(existsSync(REDIS_SERVER) ? [] : ['redis-server']),
		...(postgresBin() ? [] : ['postgresql']),
	];
	if (missing.length === 0) return;
	log(`Installing ${missing.join(' and ')} with apt-get...`);
	const install = ['install', '-y', '--no-install-recommends', ...missing];
	if (!apt(install) && !(apt(['update']) && apt(install))) {
		throw new Error(
			`apt-get could not install ${missing.join(', ')}: install them (Debian packages) and run again`,
		);
	}
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user apt created. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0
		? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', command, ...args]]
		: [command, args];
}

function runOrThrow(command: string, args: string[]): void {
	const result = spawnSync(command, args, { encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr || result.stdout}`);
}

/** A server process of ours, its output in a log file; SIGINT is its fast clean shutdown. */
abstract class Service {
	protected process?: LoggedProcess;

	port = 0;

	async stop(): Promise<void> {
		await stop(this.process, 'SIGINT', 10000);
	}
}

export class RedisServer extends Service {
	async start(folder: string): Promise<void> {
		rmSync(folder, { recursive: true, force: true });
		mkdirSync(folder, { recursive: true });
		this.port = await freePort();
		// No snapshots, no append-only file: the queue lives as long as the sandbox.
		const args = [
			'--bind',
			'127.0.0.1',
			'--port',
			String(this.port),
			'--dir',
			folder,
			'--save',
			'',
			'--appendonly',
			'no',
		];
		this.process = spawnLogged('redis-server', REDIS_SERVER, args, join(folder, 'redis.log'));
		await waitUntilReady(
			this.process,
			() =>
				spawnSync('redis-cli', ['-p', String(this.port), 'ping'], {
					encoding: 'utf8',
				}).stdout?.trim() === 'PONG',
			30,
		);
	}
}

/** Our folder, unless the `postgres` user cannot reach it (a checkout under /root): then one in /tmp. */
function reachableByPostgres(folder: string): string {
	if (process.getuid?.() !== 0) return folder;
	mkdirSync(folder, { recursive: true });
	if (spawnSync(...asPostgresUser('test', ['-x', folder])).status === 0) return folder;
	return join(tmpdir(), 'n8n-sandbox-postgres');
}

export class PostgresServer extends Service {
	readonly database = 'n8n';

	readonly user = 'n8n';

	async start(ourFolder: string): Promise<void> {
		const bin = postgresBin();
		if (!bin) throw new Error('PostgreSQL is not installed');
		const folder = reachableByPostgres(ourFolder);
		rmSync(folder, { recursive: true, force: true });
		mkdirSync(folder, { recursive: true });
		const data = join(folder, 'data');
		if (process.getuid?.() === 0) runOrThrow('chown', ['postgres:postgres', folder]);
		this.port = await freePort();
		// Only 127.0.0.1 and a socket in our own folder; trust is fine for a sandbox nobody else reaches.
		runOrThrow(
			...asPostgresUser(join(bin, 'initdb'), [
				'-D',
				data,
				'-U',
				this.user,
				'--auth=trust',
				'-E',
				'UTF8',
				'--no-sync',
			]),
		);
		const [command, args] = asPostgresUser(join(bin, 'postgres'), [
			'-D',
			data,
			'-p',
			String(this.port),
			'-h',
			'127.0.0.1',
			'-k',
			folder,
			'-c',
			'fsync=off',
			'-c',
			'max_connections=200',
		]);
		this.process = spawnLogged('postgres', command, args, join(folder, 'postgres.log'));
		await waitUntilReady(
			this.process,
			() =>
				spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.port)]).status ===
				0,
			30,
		);
		runOrThrow(join(bin, 'createdb'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(this.port),
			'-U',
			this.user,
			this.database,
		]);
	}
}
