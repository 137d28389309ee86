import { LoggerProxy } from 'n8n-workflow';

import { recordedRuns } from './harness/engine';
import { findSecrets, serialise } from './secrets';

// Runs after every test file (jest setupFilesAfterEnv): every log line the file produced, n8n's own
// logger included (initialised here, so its lines are seen), and every workflow run it made (output
// items, errors, descriptions), serialised whole, must be free of secrets, of their Basic encodings,
// and of Authorization / X-Deki-Token values.

const logged: string[] = [];
const capture = <T extends (...args: any[]) => any>(original: T) =>
	function (this: unknown, ...args: Parameters<T>) {
		logged.push(args.map(serialise).join(' '));
		return original.apply(this, args);
	};

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
	console[method] = capture(console[method]);
process.stdout.write = capture(
	process.stdout.write.bind(process.stdout),
) as typeof process.stdout.write;
process.stderr.write = capture(
	process.stderr.write.bind(process.stderr),
) as typeof process.stderr.write;

// n8n's engine logs through LoggerProxy (its own logger is not set up in the harness): every level, with its metadata.
const record = (level: string) => (message: string, meta?: object) =>
	void logged.push(`n8n ${level}: ${message} ${serialise(meta ?? {})}`);
LoggerProxy.init({
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
} as never);

/** What was logged so far (for the test that the scan sees n8n's logger). */
export const loggedLines = (): readonly string[] => logged;

afterAll(() => {
	const hits = findSecrets([
		...logged.map((text) => ['logs', text] as [string, string]),
		...recordedRuns.map((run) => ['workflow runs', serialise(run)] as [string, string]),
	]);
	expect(hits).toEqual([]);
});
