// npm start: a real n8n with this package installed, both emulators, their credentials and the
// example workflows, on http://127.0.0.1:5678 until Ctrl-C.
import { N8nSandbox, N8N_VERSION, OWNER } from '../test/sandbox/n8nSandbox';

async function main() {
	const sandbox = new N8nSandbox({ port: Number(process.env.N8N_PORT ?? 5678) });
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the emulators...');
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	await sandbox.install();
	await sandbox.prepare();
	console.log(`Starting n8n ${N8N_VERSION}...`);
	await sandbox.start();
	console.log(`
n8n is ready:   ${sandbox.url}   (also http://localhost:${sandbox.port})
sign in:        ${OWNER.email} / ${OWNER.password}
emulators:      Huawei CMS ${sandbox.cms.url}, NICE Expert ${sandbox.expert.url}
credentials:    "Huawei CMS (local emulator)", "NICE Expert (local emulator)"
workflows:      the examples/ folder, imported; open one and press "Execute workflow"
Ctrl-C stops n8n and the emulators.`);
}

main().catch(async (error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
