import { spawn, type ChildProcess, type SpawnOptions } from 'child_process';
import { createWriteStream } from 'fs';

// The sandbox's long-running processes (n8n, its workers, Redis, PostgreSQL): started with their
// output in a log file, waited for until ready, stopped.

export interface LoggedProcess {
	child: ChildProcess;
	/** What it is and where its log is, for error messages. */
	what: string;
	/** Whether it leads its own process group (n8n: a signal must reach its task runner too). */
	group: boolean;
}

export function spawnLogged(
	what: string,
	command: string,
	args: string[],
	logFile: string,
	options: SpawnOptions & { group?: boolean } = {},
): LoggedProcess {
	const { group = false, ...spawnOptions } = options;
	const log = createWriteStream(logFile, { flags: 'w' });
	const child = spawn(command, args, {
		...spawnOptions,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: group,
	});
	child.stdout!.pipe(log);
	child.stderr!.pipe(log);
	return { child, what: `${what} (log: ${logFile})`, group };
}

const hasExited = ({ child }: LoggedProcess) =>
	child.exitCode !== null || child.signalCode !== null;

/** Polls `ready` until it answers yes; rejects as soon as the process exits, or after `seconds`. */
export async function waitUntilReady(
	process: LoggedProcess,
	ready: () => boolean | Promise<boolean>,
	seconds: number,
): Promise<void> {
	const deadline = Date.now() + seconds * 1000;
	for (;;) {
		if (hasExited(process)) {
			throw new Error(
				`${process.what} exited (${process.child.signalCode ?? `code ${process.child.exitCode}`})`,
			);
		}
		if (
			await Promise.resolve()
				.then(ready)
				.catch(() => false)
		)
			return;
		if (Date.now() > deadline) throw new Error(`${process.what} was not ready within ${seconds} s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

export function signal(process: LoggedProcess, name: NodeJS.Signals): void {
	try {
		if (process.group) globalThis.process.kill(-process.child.pid!, name);
		else process.child.kill(name);
	} catch {
		// already gone
	}
}

/** Sends `name` (the process's own "shut down cleanly"), then SIGKILL if it is still there after `graceMs`. */
export async function stop(
	process: LoggedProcess | undefined,
	name: NodeJS.Signals,
	graceMs: number,
): Promise<void> {
	if (!process || hasExited(process)) return;
	const exited = new Promise((resolve) => process.child.once('exit', resolve));
	signal(process, name);
	const timer = setTimeout(() => signal(process, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}
