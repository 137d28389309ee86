import { Buffer } from 'buffer';

import { EXPERT_PASSWORD, EXPERT_TOKEN_SECRET, HUAWEI_SK } from './integration/fixtures';
import { DEMO_CMS_KEYS, DEMO_EXPERT_ADMIN, DEMO_EXPERT_TOKEN } from './emulators/demoData';
import { recordedRuns } from './harness/engine';

// Runs after every test file (jest setupFilesAfterEnv): every log line the file produced (n8n's own
// logger included) and every workflow run it made (output items, errors, descriptions) must be free
// of secrets, of their Basic encodings, and of Authorization / X-Deki-Token values.

const SECRETS = [
	HUAWEI_SK,
	EXPERT_PASSWORD,
	EXPERT_TOKEN_SECRET,
	...Object.values(DEMO_CMS_KEYS),
	DEMO_EXPERT_TOKEN.secret,
	'agent-password',
	'wrong-SK',
	'wrong-but-secret-SK',
	'secret-SK-9f1c',
	'secret-password-77d2',
	'secret-token-51aa',
];
const BASIC = [`${DEMO_EXPERT_ADMIN.username}:${DEMO_EXPERT_ADMIN.password}`, 'agent:agent-password', 'admin:secret-password-77d2'].map((pair) =>
	Buffer.from(pair).toString('base64'),
);
const HEADER_VALUES = [/auth-v2\/[^/\s"]+\/\d{4}-\d\d-\d\dT/, /tkn_[^_\s"]+_\d{9,}_/, /Basic [A-Za-z0-9+/]{12,}={0,2}/];

const logged: string[] = [];
const capture = <T extends (...args: any[]) => any>(original: T) =>
	function (this: unknown, ...args: Parameters<T>) {
		logged.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg, Object.getOwnPropertyNames(arg ?? {})))).join(' '));
		return original.apply(this, args);
	};

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = capture(console[method]);
process.stdout.write = capture(process.stdout.write.bind(process.stdout)) as typeof process.stdout.write;
process.stderr.write = capture(process.stderr.write.bind(process.stderr)) as typeof process.stderr.write;

afterAll(() => {
	const runs = recordedRuns.map((run) => JSON.stringify(run, (_key, value) => (value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value)));
	const hits: string[] = [];
	for (const [where, texts] of [['logs', logged], ['workflow runs', runs]] as const) {
		for (const text of texts) {
			for (const secret of [...SECRETS, ...BASIC]) if (text.includes(secret)) hits.push(`${where}: ${secret.slice(0, 4)}…`);
			for (const pattern of HEADER_VALUES) if (pattern.test(text)) hits.push(`${where}: ${pattern.source}`);
		}
	}
	expect(hits).toEqual([]);
});
