// Starts both emulators with the demo data until Ctrl-C:
//   npm run emulators -- [--cms-port 28443] [--expert-port 8080] [--latency 50] [--json]
// --latency delays every answer (as a remote server's round trip); --json prints one line with the URLs.
import { DEMO_CMS_KEYS, DEMO_EXPERT_ADMIN, DEMO_EXPERT_TOKEN, createDemoEmulators } from './demoData';

function numberArgument(name: string): number {
	const index = process.argv.indexOf(name);
	return index === -1 ? 0 : Number(process.argv[index + 1]);
}

async function main() {
	const { cms, expert } = createDemoEmulators();
	await cms.start(numberArgument('--cms-port'));
	await expert.start(numberArgument('--expert-port'));
	cms.latencyMs = expert.latencyMs = numberArgument('--latency');
	// Long runs (benchmarks) keep only a count of the requests.
	cms.recordRequests = expert.recordRequests = false;
	if (process.argv.includes('--json')) {
		console.log(JSON.stringify({ cms: cms.url, expert: expert.url }));
		process.on('SIGTERM', () => process.exit(0));
		return;
	}
	const [accessKey, secretKey] = Object.entries(DEMO_CMS_KEYS)[0];
	console.log(`Huawei AICC CMS emulator: ${cms.url}  (AK ${accessKey}, SK ${secretKey})`);
	console.log(
		`NICE Expert emulator:     ${expert.url}  (Basic ${DEMO_EXPERT_ADMIN.username} / ${DEMO_EXPERT_ADMIN.password}; token key ${DEMO_EXPERT_TOKEN.key}, secret ${DEMO_EXPERT_TOKEN.secret}, user =admin)`,
	);
	console.log('Ctrl-C stops both.');
	const stop = async () => {
		await Promise.all([cms.stop(), expert.stop()]);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
