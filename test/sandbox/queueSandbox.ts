import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { N8nSandbox, ROOT, WEBHOOK_EXAMPLES } from './n8nSandbox';
import { signal, stop, type LoggedProcess } from './processes';
import { PostgresServer, RedisServer, ensureDebianPackages, freePort } from './services';

// n8n in queue mode: a main instance that takes webhooks and puts executions on a Redis queue,
// `n8n worker` processes that run them, all on one PostgreSQL database. Each worker has its own
// user folder with this package installed in it, as on separate hosts.

const QUEUE_ROOT = join(ROOT, 'queue');
/** Every process must share it: credentials are encrypted by main and decrypted by the workers. */
const ENCRYPTION_KEY = 'queue-sandbox-encryption-key-not-a-secret';

export interface QueueSandboxOptions {
	port?: number;
	workers?: number;
	/** Executions a worker runs at the same time (`n8n worker --concurrency`). */
	concurrency?: number;
	/**
	 * Notice a dead worker in seconds, not minutes: its jobs' locks expire after 5 s instead of 60 s,
	 * and main looks for executions left running every 15 s instead of every 180 minutes.
	 */
	fastRecovery?: boolean;
	log?: (line: string) => void;
}

export interface QueueWorker {
	name: string;
	process: LoggedProcess;
	logName: string;
}

export class QueueSandbox {
	readonly main: N8nSandbox;

	readonly workers: QueueWorker[] = [];

	readonly redis = new RedisServer();

	readonly postgres = new PostgresServer();

	private readonly options: Required<Omit<QueueSandboxOptions, 'log'>>;

	private readonly log: (line: string) => void;

	constructor(options: QueueSandboxOptions = {}) {
		this.options = { port: 5678, workers: 2, concurrency: 5, fastRecovery: false, ...options };
		this.log = options.log ?? ((line) => console.log(line));
		// Its environment is read when a process starts, after the ports below are known.
		this.main = new N8nSandbox({
			port: this.options.port,
			log: this.log,
			userFolder: join(QUEUE_ROOT, 'main'),
			env: () => this.queueEnv(),
			logName: 'queue-main',
		});
	}

	/** What turns an n8n process into part of this queue-mode installation. */
	queueEnv(): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_DATABASE: this.postgres.database,
			DB_POSTGRESDB_USER: this.postgres.user,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			// Runs started in the editor go to the workers too.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
		if (this.options.fastRecovery) {
			Object.assign(env, {
				QUEUE_WORKER_LOCK_DURATION: '5000',
				QUEUE_WORKER_LOCK_RENEW_TIME: '1000',
				QUEUE_WORKER_STALLED_INTERVAL: '2500',
				N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.25',
			});
		}
		return env;
	}

	/** n8n (first run only), and Debian's redis-server and PostgreSQL when missing. */
	async install(): Promise<void> {
		ensureDebianPackages(this.log);
		await this.main.install();
	}

	/** Redis, PostgreSQL, the emulators, n8n main with the examples imported and the webhook one published, then the workers. */
	async start(): Promise<void> {
		await this.postgres.start(join(QUEUE_ROOT, 'postgres'));
		await this.redis.start(join(QUEUE_ROOT, 'redis'));
		this.log(
			`PostgreSQL on 127.0.0.1:${this.postgres.port}, Redis on 127.0.0.1:${this.redis.port}`,
		);
		await this.main.prepare();
		for (const id of this.webhookWorkflowIds())
			await this.main.cli('publish:workflow', `--id=${id}`);
		await this.main.start();
		for (let n = 1; n <= this.options.workers; n++) await this.startWorker(`worker${n}`);
	}

	webhookWorkflowIds(): string[] {
		const files = readdirSync(WEBHOOK_EXAMPLES).filter((file) => file.endsWith('.json'));
		return files.map(
			(file) => JSON.parse(readFileSync(join(WEBHOOK_EXAMPLES, file), 'utf8')).id as string,
		);
	}

	/** An `n8n worker` with its own user folder, this package installed there, and a health port. */
	async startWorker(name: string): Promise<QueueWorker> {
		const userFolder = join(QUEUE_ROOT, name);
		await this.main.installPackage(userFolder);
		const healthPort = await freePort();
		const env = {
			...this.main.env(await freePort(), userFolder),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		};
		const logName = `queue-${name}`;
		const process = await this.main.spawnN8n(
			['worker', `--concurrency=${this.options.concurrency}`],
			env,
			logName,
			async () => (await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`)).ok,
		);
		const worker = { name, process, logName };
		this.workers.push(worker);
		this.log(`${name} ready (concurrency ${this.options.concurrency}, user folder ${userFolder})`);
		return worker;
	}

	/** Kills a worker and its task runner at once, as a crash or an OOM kill would. */
	async killWorker(worker: QueueWorker): Promise<void> {
		const exited = new Promise((resolve) => worker.process.child.once('exit', resolve));
		signal(worker.process, 'SIGKILL');
		await exited;
	}

	/** The IDs of the executions a worker started or finished, from its log ("Worker started execution 12 (job 12)"). */
	executionsOf(worker: QueueWorker, event: 'started' | 'finished'): string[] {
		const log = readFileSync(join(ROOT, `${worker.logName}.log`), 'utf8');
		return [...log.matchAll(new RegExp(`Worker ${event} execution (\\d+) \\(job`, 'g'))].map(
			(match) => match[1],
		);
	}

	async stop(): Promise<void> {
		await Promise.all(
			this.workers.map(async (worker) => await stop(worker.process, 'SIGTERM', 20000)),
		);
		await this.main.stop();
		await Promise.all([this.redis.stop(), this.postgres.stop()]);
	}
}
