// npm run bench: throughput and memory figures, printed as a table and written to docs/benchmarks.md.
// Not a test: it measures and says whether each target is met. Every scenario that reports a peak
// RSS runs in a child process of its own, so one figure does not include another's memory.
import { spawn, spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { Agent, request as httpRequest } from 'http';
import { cpus } from 'os';
import { join } from 'path';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { HuaweiCmsEmulator } from '../test/emulators/huaweiCms';
import { NiceExpertEmulator } from '../test/emulators/niceExpert';
import { credentialTypesByName, PACKAGE_ROOT, runWorkflow, stopExpressionEngine } from '../test/harness/engine';
import { byId, expertNode, huaweiNode } from '../test/integration/fixtures';
import { N8nSandbox } from '../test/sandbox/n8nSandbox';

const KEYS = { benchAK: 'benchSK' };
/** The CMS group the demo data starts with (VDN 113). */
const DEMO_CMS_GROUP = '159832671551117675139418726647';
const cmsCredentials = (cms: HuaweiCmsEmulator) => ({ huaweiCmsApi: { baseUrl: cms.url, accessKey: 'benchAK', secretKey: 'benchSK', defaultCcId: 1 } });

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
	const started = process.hrtime.bigint();
	const result = await work();
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

async function withEmulators<T>(work: (cms: HuaweiCmsEmulator, expert: NiceExpertEmulator) => Promise<T>): Promise<T> {
	const cms = new HuaweiCmsEmulator({ keys: KEYS });
	const expert = new NiceExpertEmulator();
	cms.recordRequests = false;
	expert.recordRequests = false;
	await cms.start();
	await expert.start();
	try {
		return await work(cms, expert);
	} finally {
		await Promise.all([cms.stop(), expert.stop()]);
	}
}

function expectNoError(result: { error?: { message: string } }, what: string) {
	if (result.error) throw new Error(`${what}: ${result.error.message}`);
}

/** Huawei Update of `count` items (one request each), with the given batching. */
async function huaweiUpdates(cms: HuaweiCmsEmulator, count: number, batchSize: number): Promise<number> {
	const group = cms.addGroup({ vdn: 113, groupName: 'bench' });
	const input = Array.from({ length: count }, () => ({}));
	const { ms, result } = await timed(() =>
		runWorkflow(huaweiNode({ resource: 'group', operation: 'update', vdn: 113, groupId: byId(group.id), groupName: 'bench renamed', batching: { batchSize } }), cmsCredentials(cms), input),
	);
	expectNoError(result, 'Huawei updates');
	return ms;
}

/** The same signed Huawei update sent by a plain keep-alive client, `concurrency` at a time. */
async function rawClient(cms: HuaweiCmsEmulator, count: number, concurrency: number): Promise<number> {
	const group = cms.addGroup({ vdn: 113, groupName: 'raw' });
	const authenticate = credentialTypesByName.huaweiCmsApi.authenticate as (c: IDataObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const send = async () => {
		const signed = await authenticate(cmsCredentials(cms).huaweiCmsApi, {
			method: 'POST',
			url: 'qcrelationconf/updategroup',
			body: { vdn: 113, id: group.id, groupName: 'raw renamed' },
		});
		await new Promise<void>((resolve, reject) => {
			const req = httpRequest(signed.url, { method: 'POST', headers: signed.headers as Record<string, string>, agent }, (res) => {
				let text = '';
				res.on('data', (chunk) => (text += chunk)).on('end', () => (JSON.parse(text).resultCode === '0100000' ? resolve() : reject(new Error(text))));
			});
			req.on('error', reject);
			req.end(signed.body as string);
		});
	};
	const { ms } = await timed(async () => {
		let next = 0;
		await Promise.all(Array.from({ length: concurrency }, async () => {
			while (next++ < count) await send();
		}));
	});
	agent.destroy();
	return ms;
}

/** The demo emulators in a process of their own, answering after `latencyMs`, as remote servers would. */
async function remoteEmulators(latencyMs: number): Promise<{ cms: string; expert: string; stop: () => void }> {
	const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'dist/test/emulators/cli.js'), '--latency', String(latencyMs), '--json'], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const line = await new Promise<string>((resolve) => child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString())));
	return { ...JSON.parse(line), stop: () => child.kill('SIGTERM') };
}

/** `count` updates of the demo group through a node, `batchSize` under way at once; wall time in ms. */
async function remoteUpdates(kind: 'huawei' | 'expert', count: number, batchSize: number, urls: { cms: string; expert: string }): Promise<number> {
	const input = Array.from({ length: count }, () => ({}));
	const [workflow, credentials] =
		kind === 'huawei'
			? [
					huaweiNode({ resource: 'group', operation: 'update', vdn: 113, groupId: byId(DEMO_CMS_GROUP), groupName: 'bench renamed', batching: { batchSize } }),
					{ huaweiCmsApi: { baseUrl: urls.cms, accessKey: 'demoAK', secretKey: 'demoSK', defaultCcId: 1 } },
				]
			: [
					expertNode({ resource: 'group', operation: 'update', group: byId(2), newName: 'bench renamed', role: 'Contributor', batching: { batchSize } }),
					{ niceExpertApi: { siteUrl: urls.expert, authentication: 'basic', username: 'admin', password: 'demo-password' } },
				];
	const { ms, result } = await timed(() => runWorkflow(workflow, credentials, input));
	expectNoError(result, `${kind} updates`);
	return ms;
}

// ---------------------------------------------------------------- child-process scenarios
async function scenario(name: string, count: number): Promise<IDataObject> {
	return await withEmulators(async (cms) => {
		if (name === 'memberAdds') {
			const groups = Array.from({ length: 5 }, (_, n) => cms.addGroup({ vdn: 113, groupName: `team ${n}` }));
			cms.addAgents(113, 1, count);
			const input = Array.from({ length: count }, (_, n) => ({ group: groups[n % 5].id, workNo: n + 1 }));
			const { ms, result } = await timed(() =>
				runWorkflow(huaweiNode({ resource: 'member', operation: 'add', vdn: 113, groupId: byId('={{ $json.group }}'), workNos: '={{ $json.workNo }}' }), cmsCredentials(cms), input),
			);
			expectNoError(result, 'member adds');
			const members = groups.reduce((sum, group) => sum + cms.membersOf(group.id).length, 0);
			return { ms, requests: cms.requestCount, members, outputs: result.output('Huawei CMS Group')!.length };
		}
		if (name === 'getMany') {
			for (let n = 0; n < count; n++) cms.addGroup({ vdn: 113, groupName: `group ${n}`, groupType: 2 + (n % 2) });
			const { ms, result } = await timed(() => runWorkflow(huaweiNode({ resource: 'group', operation: 'getAll', vdn: 113, returnAll: true }), cmsCredentials(cms)));
			expectNoError(result, 'get many');
			return { ms, outputs: result.output('Huawei CMS Group')!.length };
		}
		if (name === 'update') return { ms: await huaweiUpdates(cms, count, 10), outputs: count };
		throw new Error(`unknown scenario ${name}`);
	}).then((figures) => ({ ...figures, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

/**
 * Runs a scenario in a child process and reads its figures (the last line it prints). The native
 * expression engine has been seen to crash while a process exits, after the figures were printed:
 * such a crash is reported, and the figures kept.
 */
function inChild(name: string, count: number): IDataObject {
	const child = spawnSync(process.execPath, [__filename, '--scenario', name, String(count)], {
		encoding: 'utf8',
		env: { ...process.env, NODE_OPTIONS: '' },
		maxBuffer: 1 << 24,
	});
	const last = child.stdout.trim().split('\n').pop() ?? '';
	if (!last.startsWith('{')) throw new Error(`scenario ${name} ${count} printed no figures (exit ${child.status ?? child.signal}):\n${child.stderr}`);
	if (child.status !== 0) console.error(`(scenario ${name} ${count}: the process ended with ${child.signal ?? child.status} after printing its figures)`);
	return JSON.parse(last);
}

// ---------------------------------------------------------------- real n8n
async function realN8n(count: number): Promise<{ ours: number; httpRequest: number }> {
	const sandbox = new N8nSandbox({ port: 5695, log: (line) => console.error(line) });
	await sandbox.install();
	await sandbox.prepare();
	try {
		sandbox.expert.recordRequests = false;
		const group = sandbox.expert.addGroup('bench', 'Viewer');
		const items = { id: 'benchItems000001', name: 'items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0],
			parameters: { jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { i } }));` } };
		const trigger = { id: 'benchTrigger0001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
		const workflow = (id: string, node: IDataObject) => ({
			id, name: id, nodes: [trigger, items, { ...node, id: `${id}node`, name: 'Under test', position: [400, 0] }],
			connections: { Start: { main: [[{ node: 'items', type: 'main', index: 0 }]] }, items: { main: [[{ node: 'Under test', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		const benchDir = join(PACKAGE_ROOT, '.n8n-sandbox/bench');
		mkdirSync(benchDir, { recursive: true });
		writeFileSync(join(benchDir, 'ours.json'), JSON.stringify(workflow('benchOurNode0001', {
			type: 'n8n-nodes-huawei-nice-groups.niceExpertGroup', typeVersion: 1,
			parameters: { resource: 'group', operation: 'update', group: byId(group.id), newName: 'bench renamed', role: 'Contributor' },
			credentials: { niceExpertApi: { id: 'expertEmulatorCr', name: 'NICE Expert (local emulator)' } },
		})));
		writeFileSync(join(benchDir, 'http.json'), JSON.stringify(workflow('benchHttpNode001', {
			type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2,
			parameters: {
				method: 'PUT', url: `${sandbox.expert.url}/@api/deki/groups/${group.id}?authenticate=true`,
				authentication: 'genericCredentialType', genericAuthType: 'httpBasicAuth',
				sendBody: true, contentType: 'raw', rawContentType: 'application/xml',
				body: '<group><name>bench renamed</name><permissions.group><role>Contributor</role></permissions.group></group>', options: {},
			},
			credentials: { httpBasicAuth: { id: 'benchBasicAuth01', name: 'Expert Basic' } },
		})));
		writeFileSync(join(benchDir, 'credentials.json'), JSON.stringify([{ id: 'benchBasicAuth01', name: 'Expert Basic', type: 'httpBasicAuth', data: { user: 'admin', password: 'demo-password' } }]));
		await sandbox.cli('import:credentials', `--input=${join(benchDir, 'credentials.json')}`);
		await sandbox.cli('import:workflow', '--separate', `--input=${benchDir}`);
		const nodeTime = async (id: string) => {
			const output = await sandbox.cli('execute', `--id=${id}`, '--rawOutput');
			const run = JSON.parse(output.slice(output.search(/^\{/m)));
			const task = run.data.resultData.runData['Under test'][0];
			if (task.error || task.data.main[0].length !== count) throw new Error(`${id}: ${JSON.stringify(task.error ?? task.data.main[0][0])}`);
			return task.executionTime as number;
		};
		return { ours: await nodeTime('benchOurNode0001'), httpRequest: await nodeTime('benchHttpNode001') };
	} finally {
		await sandbox.stop();
	}
}

// ---------------------------------------------------------------- the table
async function main() {
	const rows: Array<[string, string, string, string]> = [];
	const limits: string[] = [];
	/** A row of the table; `limitedBy` says what keeps a missed target out of reach (from profiles). */
	const row = (what: string, figure: string, target: string, met: boolean, limitedBy?: string) => {
		rows.push([what, figure, target, met ? 'met' : 'NOT met']);
		console.log(`${what}: ${figure} (target ${target}) ${met ? 'met' : 'NOT met'}`);
		if (!met && limitedBy) limits.push(`- ${what}: ${limitedBy}`);
	};

	const remote = await remoteEmulators(50);
	try {
		const limit = (1000 * 50) / 10;
		await remoteUpdates('huawei', 100, 10, remote); // warm-up
		const huawei = await remoteUpdates('huawei', 1000, 10, remote);
		row('1,000 Huawei updates, emulator in its own process at 50 ms latency, 10 under way', `${Math.round(huawei)} ms, ${(limit / huawei).toFixed(3)} of the 5,000 ms limit`, '>= 0.87', limit / huawei >= 0.87,
			"the node's CPU for a round of ten requests runs one after another on the event loop between round trips");
		const nice = await remoteUpdates('expert', 1000, 10, remote);
		row('1,000 Expert updates, emulator in its own process at 50 ms latency, 10 under way', `${Math.round(nice)} ms, ${(limit / nice).toFixed(3)} of the 5,000 ms limit`, '>= 0.87', limit / nice >= 0.87,
			"the emulator answers all ten requests of a round together, and the node's CPU for them (n8n's request helper, then building and parsing XML) runs one after another on the event loop before the next round leaves");
	} finally {
		remote.stop();
	}

	await withEmulators(async (cms) => {
		await huaweiUpdates(cms, 300, 10); // warm-up
		const node = 3000 / ((await huaweiUpdates(cms, 3000, 10)) / 1000);
		const raw = 3000 / ((await rawClient(cms, 3000, 10)) / 1000);
		row('Huawei updates at zero latency, 10 at a time: node in n8n-core vs raw keep-alive client', `${Math.round(node)} vs ${Math.round(raw)} items/s = ${(node / raw).toFixed(2)}`, '>= 0.80', node / raw >= 0.8,
			"n8n's request helper (which the node must use) builds a new axios request, HTTP agent and TCP connection for every call and resolves the proxy settings each time: most of the node's CPU in a profile, where the node's own code (parameters, checks, signing, JSON) is a few percent. The raw client reuses one keep-alive connection per slot.");
	});
	await stopExpressionEngine();

	const adds = inChild('memberAdds', 10000);
	row('10,000 member adds to 5 groups', `${adds.requests} requests, ${adds.members} members, ${adds.outputs} output items`, '<= 100 requests', (adds.requests as number) <= 100 && adds.members === 10000);

	for (const name of ['getMany', 'update']) {
		const small = inChild(name, 10000);
		const large = inChild(name, 100000);
		const ratio = (large.ms as number) / (small.ms as number);
		row(`${name === 'getMany' ? 'Group Get Many' : 'Group Update'}: 100,000 vs 10,000 items`, `${Math.round(large.ms as number)} ms / ${Math.round(small.ms as number)} ms = ${ratio.toFixed(1)}; peak RSS ${large.peakRssMb} MB (10k: ${small.peakRssMb} MB)`, 'ratio <= 11, RSS < 1 GiB', ratio <= 11 && (large.peakRssMb as number) < 1024);
	}

	if (!process.argv.includes('--skip-n8n')) {
		const count = 2000;
		const { ours, httpRequest: http } = await realN8n(count);
		const ratio = http / ours;
		row(`Real n8n, ${count} sequential Expert updates: our node vs HTTP Request node`, `${Math.round((count / ours) * 1000)} vs ${Math.round((count / http) * 1000)} items/s = ${ratio.toFixed(1)}x`, '>= 4x', ratio >= 4,
			`with fixed parameters (no expressions) the HTTP Request node costs ${(http / count).toFixed(1)} ms an item here, not the ~8 ms measured with expressions; ours costs ${(ours / count).toFixed(1)} ms, close to the floor of n8n's own request helper (~1.2 ms for a bare request inside n8n), so 4x would mean bypassing n8n's helpers.`);
	}

	const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
	const table = ['| scenario | figure | target | |', '|---|---|---|---|', ...rows.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');
	const notes = limits.length ? `\n\nWhat limits the targets not met:\n\n${limits.join('\n')}\n` : '\n';
	writeFileSync(join(PACKAGE_ROOT, 'docs/benchmarks.md'), `# Benchmarks\n\nLatest \`npm run bench\` on ${machine}.\n\n${table}${notes}`);
	console.log(`\nMachine: ${machine}\n\n${table}${notes}\nWritten to docs/benchmarks.md`);
}

if (process.argv[2] === '--scenario') {
	scenario(process.argv[3], Number(process.argv[4]))
		.then(async (figures) => {
			console.log(JSON.stringify(figures));
			await stopExpressionEngine();
			process.exit(0);
		})
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
} else {
	main().then(
		() => process.exit(0),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
