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
export async function startLoadServer(
	kind: LoadKind,
	settings: string[] = [],
): Promise<LoadServerProcess> {
	const child = spawn(
		process.execPath,
		[join(PACKAGE_ROOT, 'dist/test/load/servers.js'), kind, ...settings],
		{
			stdio: ['pipe', 'pipe', 'inherit'],
		},
	);
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
	/** Stopped at its cap (n8n's Stop). */
	stopped: boolean;
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
	let stopped = false;
	const cap = Number.isFinite(capMs)
		? setTimeout(() => {
				stopped = true;
				cancel();
			}, capMs)
		: undefined;
	const result = await finished;
	clearTimeout(cap);
	const ms = performance.now() - started;
	const done = (result.output('NICE Expert Group') ?? []).filter((item) => !item.error).length;
	const failed = result.error ? count : count - done;
	return {
		ms,
		failed,
		stopped,
		rate: failed ? 0 : (count / ms) * 1000,
		figures: await server.take(),
	};
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
	/** The sweep: each width's rate, or why it has none. */
	sweep: Record<number, number | 'failed' | 'stopped'>;
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
		const sweep: KindFigures['sweep'] = {};
		const sweepRuns: Record<number, PaceRun> = {};
		let bestMs = Infinity;
		// From the middle outwards, so that the cap is set early by a good width.
		for (const width of [8, 16, 32, 64, 4, 2, 1]) {
			const run = await paceRun(server, width, 2.5 * bestMs);
			sweep[width] = run.stopped ? 'stopped' : run.failed ? 'failed' : run.rate;
			sweepRuns[width] = run;
			if (run.failed === 0) bestMs = Math.min(bestMs, run.ms);
			log(
				`${kind} width ${width}: ${run.failed ? `failed or stopped (${run.failed})` : `${Math.round(run.ms)} ms`}, refused ${run.figures.refused}`,
			);
		}
		const rateAt = (width: number) => (typeof sweep[width] === 'number' ? sweep[width] : 0);
		const bestWidth = WIDTHS.reduce((best, width) => (rateAt(width) > rateAt(best) ? width : best));
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

export interface RealN8nKind {
	ours: number[];
	http: number[];
	httpError?: string;
	oursRefused: number[];
}

/**
 * In a real n8n with the package installed: `count` renames by our node and by n8n's HTTP Request
 * node, both on their defaults, against servers of some kinds (items a second, `runs` runs each);
 * and the CPU an item costs each of them, and n8n's Edit Fields node with the same two expressions,
 * against a server that answers at once (the process's CPU time less a run without the node, over
 * `cpuCount` items).
 */
export async function realN8nPace(
	kinds: LoadKind[],
	runs: number,
	log: (line: string) => void,
	count = 500,
	cpuCount = 2000,
): Promise<{ byKind: Record<string, RealN8nKind>; cpuMs: Record<string, number[]> }> {
	const { N8nSandbox } = await import('../test/sandbox/n8nSandbox');
	const { mkdirSync, writeFileSync } = await import('fs');
	const servers: Record<string, LoadServerProcess> = {};
	for (const kind of kinds) servers[kind] = await startLoadServer(kind);
	servers.instant = await startLoadServer('latency', ['--latencyMs', '0']);
	const sandbox = new N8nSandbox({ port: 5695, log });
	try {
		await sandbox.install();
		await sandbox.prepare();
		const dir = join(PACKAGE_ROOT, '.n8n-sandbox/benchPace');
		mkdirSync(dir, { recursive: true });
		const ids = (name: string) => `pace${name}`.padEnd(16, '0').slice(0, 16);
		const credentials = Object.keys(servers).flatMap((name) => [
			{
				id: ids(`E${name}`),
				name: `Expert ${name}`,
				type: 'niceExpertApi',
				data: {
					siteUrl: servers[name].url,
					authentication: 'basic',
					username: 'admin',
					password: 'bench-password',
				},
			},
		]);
		credentials.push({
			id: ids('Basic'),
			name: 'Expert Basic',
			type: 'httpBasicAuth',
			data: { user: 'admin', password: 'bench-password' } as never,
		});
		const workflow = (id: string, items: number, node?: object) => ({
			id,
			name: id,
			nodes: [
				{
					id: `${id}t`,
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: `${id}i`,
					name: 'items',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [200, 0],
					parameters: {
						jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { i, id: i + 1 } }));`,
					},
				},
				...(node ? [{ ...node, id: `${id}n`, name: 'Under test', position: [400, 0] }] : []),
			],
			connections: {
				Start: { main: [[{ node: 'items', type: 'main', index: 0 }]] },
				...(node && { items: { main: [[{ node: 'Under test', type: 'main', index: 0 }]] } }),
			},
			settings: { executionOrder: 'v1' },
		});
		const ours = (server: string) => ({
			type: 'n8n-nodes-huawei-nice-groups.niceExpertGroup',
			typeVersion: 1,
			parameters: {
				resource: 'group',
				operation: 'update',
				group: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				newName: '={{ "renamed " + $json.i }}',
				role: 'Viewer',
			},
			credentials: { niceExpertApi: { id: ids(`E${server}`), name: `Expert ${server}` } },
		});
		const http = (server: string) => ({
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'PUT',
				url: `={{ "${servers[server].url}/@api/deki/groups/" + $json.id + "?authenticate=true" }}`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBasicAuth',
				sendBody: true,
				contentType: 'raw',
				rawContentType: 'application/xml',
				body: '={{ "<group><name>renamed " + $json.i + "</name><permissions.group><role>Viewer</role></permissions.group></group>" }}',
				options: {},
			},
			credentials: { httpBasicAuth: { id: ids('Basic'), name: 'Expert Basic' } },
		});
		const expressionsOnly = {
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [
						{ id: 'a1', name: 'id', value: '={{ $json.id }}', type: 'string' },
						{ id: 'a2', name: 'name', value: '={{ "renamed " + $json.i }}', type: 'string' },
					],
				},
				options: {},
			},
		};
		const workflows: Record<string, object> = {
			[ids('Cbase')]: workflow(ids('Cbase'), cpuCount),
			[ids('Cours')]: workflow(ids('Cours'), cpuCount, ours('instant')),
			[ids('Chttp')]: workflow(ids('Chttp'), cpuCount, http('instant')),
			[ids('Cset')]: workflow(ids('Cset'), cpuCount, expressionsOnly),
		};
		for (const kind of kinds) {
			workflows[ids(`O${kind}`)] = workflow(ids(`O${kind}`), count, ours(kind));
			workflows[ids(`H${kind}`)] = workflow(ids(`H${kind}`), count, http(kind));
		}
		for (const [id, definition] of Object.entries(workflows))
			writeFileSync(join(dir, `${id}.json`), JSON.stringify(definition));
		writeFileSync(join(dir, 'credentials.json'), JSON.stringify(credentials));
		await sandbox.cli('import:credentials', `--input=${join(dir, 'credentials.json')}`);
		const { rmSync } = await import('fs');
		rmSync(join(dir, 'credentials.json'));
		await sandbox.cli('import:workflow', '--separate', `--input=${dir}`);

		const execute = async (id: string) => {
			const { output, cpuMs } = await sandbox
				.cliWithCpu('execute', `--id=${id}`, '--rawOutput')
				.catch((error: Error) => ({ output: error.message, cpuMs: NaN }));
			const start = output.search(/^\{/m);
			const task =
				start < 0
					? undefined
					: JSON.parse(output.slice(start, output.lastIndexOf('}') + 1)).data.resultData.runData[
							'Under test'
						]?.[0];
			const done = (task?.data?.main?.[0] ?? []).filter(
				(item: { json: { error?: unknown } }) => !item.json.error,
			).length;
			return {
				ms: task?.executionTime as number,
				done,
				cpuMs,
				error:
					task?.error?.message ??
					(start < 0
						? (/Execution error:\n=+\n(.*)/.exec(output)?.[1] ?? output.slice(-300))
						: undefined),
			};
		};
		await execute(ids(`O${kinds[0]}`)); // warm-up
		const byKind: Record<string, RealN8nKind> = {};
		for (const kind of kinds) {
			const figures: RealN8nKind = { ours: [], http: [], oursRefused: [] };
			for (let n = 0; n < runs; n++) {
				const mine = await execute(ids(`O${kind}`));
				const refused = (await servers[kind].take()).refused;
				if (mine.done !== count)
					throw new Error(`ours on ${kind}: ${count - mine.done} items failed: ${mine.error}`);
				figures.ours.push((count / mine.ms) * 1000);
				figures.oursRefused.push(refused);
				const theirs = await execute(ids(`H${kind}`));
				await servers[kind].take();
				if (theirs.done === count) figures.http.push((count / theirs.ms) * 1000);
				else
					figures.httpError ??= String(theirs.error ?? `${count - theirs.done} items failed`)
						.trim()
						.split('\n')
						.pop()!
						.slice(0, 120);
				log(
					`real n8n ${kind}: ours ${Math.round(mine.ms)} ms (refused ${refused}), HTTP Request ${theirs.done === count ? `${Math.round(theirs.ms)} ms` : 'failed'}`,
				);
			}
			byKind[kind] = figures;
		}
		const cpuMs: Record<string, number[]> = { ours: [], http: [], expressions: [] };
		for (let n = 0; n < Math.max(3, Math.ceil(runs / 2)); n++) {
			const base = (await execute(ids('Cbase'))).cpuMs;
			if (!Number.isFinite(base)) throw new Error('the run without the node (CPU base) failed');
			for (const [name, id] of [
				['ours', ids('Cours')],
				['http', ids('Chttp')],
				['expressions', ids('Cset')],
			] as const) {
				const run = await execute(id);
				if (run.done !== cpuCount) throw new Error(`${name} (CPU run): ${run.error}`);
				cpuMs[name].push((run.cpuMs - base) / cpuCount);
			}
			log(
				`real n8n CPU an item: ours ${cpuMs.ours.at(-1)!.toFixed(2)} ms, HTTP Request ${cpuMs.http.at(-1)!.toFixed(2)} ms, Edit Fields ${cpuMs.expressions.at(-1)!.toFixed(2)} ms`,
			);
		}
		return { byKind, cpuMs };
	} finally {
		await sandbox.stop();
		for (const server of Object.values(servers)) await server.stop();
	}
}
