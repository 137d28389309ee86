// The pace's benchmark (npm run bench -- --only pace): for each kind of server in test/load/servers.ts,
// in a process of its own, 1,000 Expert renames of 1,000 distinct groups (two expressions an item) at
// fixed widths (Batching 1 to 64): the best of them is the oracle, the best the server allows. Then
// the node on its defaults, which has to find that width by itself.
import { spawn } from 'child_process';
import { join } from 'path';

import { PACKAGE_ROOT, startWorkflow } from '../test/harness/engine';
import { expertNode } from '../test/integration/fixtures';
import type { LoadFigures, LoadKind } from '../test/load/servers';

export const PACE_COUNT = 1000;
export const WIDTHS = [1, 2, 4, 8, 16, 32, 64];

/** The kinds measured, with what the row calls them. */
export const LOAD_KINDS: Array<{ kind: LoadKind; label: string }> = [
	{ kind: 'latency', label: '(a) 50 ms, no limit' },
	{ kind: 'queue', label: '(b) a queue: 8 served at once, 50 ms each, the rest wait' },
	{ kind: 'limit', label: '(c) 8 at once, 429 + Retry-After: 1 above' },
	{ kind: 'loaded', label: '(d) 50 ms + 3 ms for every request under way' },
	{ kind: 'badMoment', label: '(e) 50 ms, and 503 to every request from 150 to 450 ms' },
];

export interface LoadServerProcess {
	url: string;
	take: () => Promise<LoadFigures>;
	stop: () => Promise<void>;
}

/** A server of test/load/servers.ts in a child process (it shares the machine's two cores, not this process). */
export async function startLoadServer(kind: LoadKind): Promise<LoadServerProcess> {
	const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'dist/test/load/servers.js'), kind], {
		stdio: ['pipe', 'pipe', 'inherit'],
	});
	const lines: string[] = [];
	let partial = '';
	const waiters: Array<() => void> = [];
	child.stdout!.on('data', (chunk: Buffer) => {
		const parts = (partial + chunk.toString()).split('\n');
		partial = parts.pop()!;
		lines.push(...parts);
		while (waiters.length) waiters.shift()!();
	});
	const nextLine = async () => {
		while (lines.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
		return lines.shift()!;
	};
	const { url } = JSON.parse(await nextLine()) as { url: string };
	return {
		url,
		take: async () => {
			child.stdin!.write('take\n');
			return JSON.parse(await nextLine()) as LoadFigures;
		},
		stop: async () => {
			child.stdin!.end();
			await new Promise((resolve) => child.once('exit', resolve));
		},
	};
}

export interface PaceRun {
	ms: number;
	/** Items that did not come out renamed (the run failed, or was stopped at its cap). */
	failed: number;
	/** Items a second: 0 for a run that did not finish. */
	rate: number;
	figures: LoadFigures;
}

/** `count` renames through our node, Batching `batchSize` or the default pace; stopped (n8n's Stop) after `capMs`. */
export async function paceRun(
	server: LoadServerProcess,
	batchSize: number | undefined,
	capMs = Infinity,
	count = PACE_COUNT,
): Promise<PaceRun> {
	const input = Array.from({ length: count }, (_, i) => ({ i, id: i + 1 }));
	const started = performance.now();
	const { cancel, finished } = await startWorkflow(
		expertNode({
			resource: 'group',
			operation: 'update',
			group: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			newName: '={{ "renamed " + $json.i }}',
			role: 'Viewer',
			...(batchSize !== undefined && { options: { batchSize } }),
		}),
		{
			niceExpertApi: {
				siteUrl: server.url,
				authentication: 'basic',
				username: 'admin',
				password: 'bench-password',
			},
		},
		input,
	);
	const cap = Number.isFinite(capMs) ? setTimeout(cancel, capMs) : undefined;
	const result = await finished;
	clearTimeout(cap);
	const ms = performance.now() - started;
	const done = (result.output('NICE Expert Group') ?? []).filter((item) => !item.error).length;
	const failed = result.error ? count : count - done;
	return { ms, failed, rate: failed ? 0 : (count / ms) * 1000, figures: await server.take() };
}

/** 2xx answers a second from `fromMs` (after the first request) to the last answer. */
export function rateAfter(figures: LoadFigures, fromMs: number): number {
	const later = figures.answeredAt.filter((at) => at >= fromMs);
	const last = Math.max(...later);
	return later.length < 2 ? 0 : (later.length / (last - fromMs)) * 1000;
}

export const medianOf = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** (largest - smallest) / median. */
export const spreadOf = (values: number[]) =>
	(Math.max(...values) - Math.min(...values)) / medianOf(values);

export interface KindFigures {
	/** The sweep: each width's rate (0: failed or stopped at the cap). */
	sweep: Record<number, number>;
	bestWidth: number;
	best: PaceRun[];
	ours: PaceRun[];
}

/**
 * The sweep, then the best width and the defaults `runs` times each (the sweep's run of the best
 * counts as one). A width's run is stopped once it takes 2.5 times the best so far: it cannot be the best.
 */
export async function measureKind(
	kind: LoadKind,
	runs: number,
	log: (line: string) => void,
): Promise<KindFigures> {
	const server = await startLoadServer(kind);
	try {
		await paceRun(server, 8, Infinity, 100); // warm-up: the engine, the expression sandbox, the server
		const sweep: Record<number, number> = {};
		const sweepRuns: Record<number, PaceRun> = {};
		let bestMs = Infinity;
		// From the middle outwards, so that the cap is set early by a good width.
		for (const width of [8, 16, 32, 64, 4, 2, 1]) {
			const run = await paceRun(server, width, 2.5 * bestMs);
			sweep[width] = run.rate;
			sweepRuns[width] = run;
			if (run.failed === 0) bestMs = Math.min(bestMs, run.ms);
			log(
				`${kind} width ${width}: ${run.failed ? `failed or stopped (${run.failed})` : `${Math.round(run.ms)} ms`}, refused ${run.figures.refused}`,
			);
		}
		const bestWidth = WIDTHS.reduce((best, width) => (sweep[width] > sweep[best] ? width : best));
		const best = [sweepRuns[bestWidth]];
		const ours: PaceRun[] = [];
		for (let n = 0; n < runs; n++) {
			if (n > 0) best.push(await paceRun(server, bestWidth));
			ours.push(await paceRun(server, undefined));
			log(
				`${kind} best (${bestWidth}): ${Math.round(best[n].ms)} ms; ours: ${Math.round(ours[n].ms)} ms, refused ${ours[n].figures.refused}, at most ${ours[n].figures.maxUnderWay} under way`,
			);
		}
		return { sweep, bestWidth, best, ours };
	} finally {
		await server.stop();
	}
}
