// Starts both emulators with the demo data until Ctrl-C:
//   npm run emulators -- [--cms-port 28443] [--expert-port 8080]
import { DEMO_CMS_KEYS, DEMO_EXPERT_ADMIN, DEMO_EXPERT_TOKEN, createDemoEmulators } from './demoData';

function portArgument(name: string): number {
	const index = process.argv.indexOf(name);
	return index === -1 ? 0 : Number(process.argv[index + 1]);
}

async function main() {
	const { cms, expert } = createDemoEmulators();
	await cms.start(portArgument('--cms-port'));
	await expert.start(portArgument('--expert-port'));
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
