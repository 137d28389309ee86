// Starts both emulators with the demo data until Ctrl-C:
//   npm run emulators -- [--cms-port 28443] [--expert-port 8080] [--latency 50] [--max-at-once 8] [--groups 1000] [--json]
// --latency delays every answer (as a remote server's round trip); --json prints one line with the URLs.
import {
	DEMO_CMS_KEYS,
	DEMO_EXPERT_ADMIN,
	DEMO_EXPERT_TOKEN,
	createDemoEmulators,
} from './demoData';

function numberArgument(name: string): number {
	const index = process.argv.indexOf(name);
	return index === -1 ? 0 : Number(process.argv[index + 1]);
}

async function main() {
	const { cms, expert } = createDemoEmulators();
	// --groups N: N more groups in each ("bench 0"...), after the demo's (benchmarks rename each once).
	for (let n = 0; n < numberArgument('--groups'); n++) {
		cms.addGroup({ vdn: 113, groupName: `bench ${n}` });
		expert.addGroup(`bench ${n}`, 'Viewer');
	}
	await cms.start(numberArgument('--cms-port'));
	await expert.start(numberArgument('--expert-port'));
	cms.latencyMs = expert.latencyMs = numberArgument('--latency');
	// --max-at-once N: above N requests being served, 429 with Retry-After: 1 (a server's concurrency limit).
	if (numberArgument('--max-at-once') > 0)
		cms.concurrencyLimit = expert.concurrencyLimit = numberArgument('--max-at-once');
	// Long runs (benchmarks) keep only a count of the requests.
	cms.recordRequests = expert.recordRequests = false;
	if (process.argv.includes('--json')) {
		console.log(JSON.stringify({ cms: cms.url, expert: expert.url }));
		// On SIGTERM: the most requests either emulator served at once (over the whole run, and over its
		// later half: the width a client settled on), and how many it refused, then exit.
		process.on('SIGTERM', () => {
			const maxUnderWay = Math.max(cms.maxUnderWay, expert.maxUnderWay);
			const settledUnderWay = Math.max(cms.settledUnderWay(), expert.settledUnderWay());
			console.log(
				JSON.stringify({
					maxUnderWay,
					settledUnderWay,
					overLimit: cms.overLimit + expert.overLimit,
					requests: cms.requestCount + expert.requestCount,
				}),
			);
			process.exit(0);
		});
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
