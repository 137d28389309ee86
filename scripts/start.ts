// npm start: a real n8n with this package installed, both emulators, their credentials and the
// example workflows, on http://127.0.0.1:5678 until Ctrl-C.
// npm run sandbox:queue (--queue): the same in queue mode, with Redis, PostgreSQL and two workers.
import { N8nSandbox, N8N_VERSION, OWNER } from '../test/sandbox/n8nSandbox';
import { QueueSandbox } from '../test/sandbox/queueSandbox';

async function main() {
	const port = Number(process.env.N8N_PORT ?? 5678);
	const queue = process.argv.includes('--queue') ? new QueueSandbox({ port }) : undefined;
	const sandbox = queue?.main ?? new N8nSandbox({ port });
	// What is installed, started and stopped: the queue-mode installation, or the one n8n.
	const whole = queue ?? sandbox;
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log(
			`\nStopping ${queue ? 'n8n, its workers, Redis, PostgreSQL' : 'n8n'} and the emulators...`,
		);
		await whole.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	try {
		await whole.install();
		console.log(`Starting n8n ${N8N_VERSION}${queue ? ' in queue mode' : ''}...`);
		if (queue) {
			await queue.start();
		} else {
			await sandbox.prepare();
			await sandbox.start();
		}
	} catch (error) {
		await whole.stop().catch(() => undefined);
		throw error;
	}
	console.log(`
n8n is ready:   ${sandbox.url}   (also http://localhost:${sandbox.port})
sign in:        ${OWNER.email} / ${OWNER.password}
emulators:      Huawei CMS ${sandbox.cms.url}, NICE Expert ${sandbox.expert.url}
credentials:    "Huawei CMS (local emulator)", "NICE Expert (local emulator)"
workflows:      the examples/ folder, imported; open one and press "Execute workflow"`);
	if (queue) {
		console.log(`queue mode:     ${queue.workers.length} workers (logs: .n8n-sandbox/queue-main.log, queue-worker*.log); Redis 127.0.0.1:${queue.redis.port}, PostgreSQL 127.0.0.1:${queue.postgres.port}
webhook:        curl -X POST ${sandbox.url}/webhook/provision-team -H 'Content-Type: application/json' \\
                  -d '{"team":"Night Shift","workNos":[57001,57002],"expertUserIds":[3]}'`);
	}
	console.log('Ctrl-C stops everything it started.');
}

main().catch(async (error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
