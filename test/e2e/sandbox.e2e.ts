import { randomUUID } from 'crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { IDataObject } from 'n8n-workflow';

import {
	SYNC_EXAMPLE,
	exampleExpectations,
	exampleFiles,
	expectTeamsSynced,
	readExample,
} from '../examples';
import { WRONG_SECRET } from '../integration/fixtures';
import { findSecrets } from '../secrets';
import { CREDENTIAL_IDS, IS_N8N_1, N8nSandbox, ROOT } from '../sandbox/n8nSandbox';
import { browserChecks } from './browser';

// The package inside a real n8n: installed like a community package, example workflows executed by
// n8n's CLI, credentials tested by n8n's own endpoint, and the editor driven in Chromium.

const sandbox = new N8nSandbox({ port: 5690, log: (line) => process.stdout.write(`${line}\n`) });

beforeAll(
	async () => {
		await sandbox.install();
		await sandbox.prepare();
		await sandbox.start();
	},
	30 * 60 * 1000,
);

afterAll(async () => await sandbox.stop(), 60000);

/**
 * `n8n execute --rawOutput` prints log lines, then the run as JSON (pretty-printed: from a line
 * that opens with "{" to the last line that is "}"); a log line may still follow it.
 */
function parseRun(output: string): {
	status: string;
	data: { resultData: { runData: Record<string, any[]>; error?: IDataObject } };
} {
	return JSON.parse(output.slice(output.search(/^\{/m), output.lastIndexOf('\n}') + 2));
}

describe('example workflows, executed by the n8n CLI', () => {
	it.each(exampleFiles())('%s', async (file) => {
		const run = parseRun(
			await sandbox.cli('execute', `--id=${readExample(file).id}`, '--rawOutput'),
		);
		expect(run.data.resultData.error).toBeUndefined();
		expect(run.status).toBe('success');
		const output = (nodeName: string) =>
			run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0]?.map(
				(item: { json: IDataObject }) => item.json,
			);
		exampleExpectations[file](output, sandbox.cms, sandbox.expert);
	});
});

describe('example workflows: examples/sync/sync-teams.json, executed twice by the n8n CLI', () => {
	it('makes both systems match the team list; the second run plans and sends nothing', async () => {
		const execute = async () =>
			parseRun(await sandbox.cli('execute', `--id=${readExample(SYNC_EXAMPLE).id}`, '--rawOutput'));
		const summary = (run: ReturnType<typeof parseRun>, node: string) =>
			(run.data.resultData.runData[node]?.[0]?.data?.main?.[0] ?? [])
				.map((item: { json: IDataObject }) => item.json)
				.filter((json: IDataObject) => json.summary);
		const first = await execute();
		expect(first.data.resultData.error).toBeUndefined();
		expect(first.status).toBe('success');
		expectTeamsSynced(sandbox.cms, sandbox.expert);
		const cmsWrites = () =>
			sandbox.cms.requests.filter((request) => !/query/.test(request.url)).length;
		const expertWrites = () =>
			sandbox.expert.requests.filter((request) => request.method !== 'GET').length;
		const before = [cmsWrites(), expertWrites()];
		const second = await execute();
		expect(second.status).toBe('success');
		for (const node of ['Sync CMS groups', 'Sync Expert groups'])
			expect(summary(second, node)).toEqual([
				expect.objectContaining({ summary: true, changes: 0, requests: 0, unchanged: 2 }),
			]);
		expect([cmsWrites(), expertWrites()]).toEqual(before);
		expectTeamsSynced(sandbox.cms, sandbox.expert);
	});
});

describe("credential tests through n8n's own endpoint", () => {
	// n8n 1.x answers a refused test request (401) with its own words before reading the credential's rules.
	const refused = (ours: string) =>
		IS_N8N_1 ? 'Authorization failed - please check your credentials' : ours;

	const test = async (type: keyof typeof CREDENTIAL_IDS, data: IDataObject) =>
		(
			await sandbox.rest('POST', 'credentials/test', {
				credentials: { id: CREDENTIAL_IDS[type], name: 'test', type, data },
			})
		).body.data;

	it('Huawei: green with the right AK/SK, a clear failure with a wrong SK', async () => {
		const data = {
			baseUrl: sandbox.cms.url,
			accessKey: 'demoAK',
			defaultCcId: 1,
			testVdn: 113,
			ignoreSslIssues: false,
		};
		expect(await test('huaweiCmsApi', { ...data, secretKey: 'demoSK' })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(await test('huaweiCmsApi', { ...data, secretKey: WRONG_SECRET })).toEqual({
			status: 'Error',
			message: refused(
				'The CMS refused the signature: check the Access Key (AK), the Secret Key (SK) and the clock of the n8n host',
			),
		});
	});

	it.each([
		[
			'Basic',
			{ authentication: 'basic', username: 'admin', password: 'demo-password' },
			{ password: WRONG_SECRET },
		],
		[
			'Server API Token',
			{
				authentication: 'serverToken',
				tokenKey: 'demokey',
				tokenSecret: 'demo-token-secret',
				actAsUser: 'admin',
			},
			{ tokenSecret: WRONG_SECRET },
		],
	])(
		'Expert (%s): green with the right secrets, a clear failure with a wrong one',
		async (_auth, good, wrong) => {
			const data = { siteUrl: sandbox.expert.url, ignoreSslIssues: false, ...good };
			expect(await test('niceExpertApi', data)).toEqual({
				status: 'OK',
				message: 'Connection successful!',
			});
			expect(await test('niceExpertApi', { ...data, ...wrong })).toEqual({
				status: 'Error',
				message: refused(
					'Expert did not accept the credentials: check the username and password, or the token key, secret and user',
				),
			});
		},
	);
});

describe("dropdowns and list searches through n8n's own endpoints (what the editor asks for)", () => {
	const ask = async (
		endpoint: 'options' | 'resource-locator-results',
		node: 'niceExpertGroup' | 'huaweiCmsGroup',
		methodName: string,
		path: string,
		currentNodeParameters: IDataObject,
	) => {
		const credentialType = node === 'niceExpertGroup' ? 'niceExpertApi' : 'huaweiCmsApi';
		const { status, body } = await sandbox.rest('POST', `dynamic-node-parameters/${endpoint}`, {
			nodeTypeAndVersion: { name: `n8n-nodes-huawei-nice-groups.${node}`, version: 2 },
			methodName,
			path,
			currentNodeParameters,
			credentials: { [credentialType]: { id: CREDENTIAL_IDS[credentialType], name: 'emulator' } },
		});
		expect(status).toBe(200);
		return body.data;
	};

	it('Expert: the Role dropdown from the site, the group and user list searches', async () => {
		const roles = await ask('options', 'niceExpertGroup', 'getRolesForCreate', 'role', {
			resource: 'group',
			operation: 'create',
		});
		expect(roles.map((role: { name: string }) => role.name)).toEqual(
			expect.arrayContaining(['Viewer', 'Contributor', 'Admin']),
		);
		const groups = await ask(
			'resource-locator-results',
			'niceExpertGroup',
			'searchGroups',
			'group',
			{ resource: 'group', operation: 'get' },
		);
		expect(groups.results).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					name: expect.stringContaining('LDAP Agents'),
					value: expect.anything(),
				}),
			]),
		);
		const users = await ask('resource-locator-results', 'niceExpertGroup', 'searchUsers', 'user', {
			resource: 'member',
			operation: 'remove',
		});
		expect(users.results).toEqual(
			expect.arrayContaining([expect.objectContaining({ name: expect.stringContaining('admin') })]),
		);
	});

	it("Huawei: the group list search of the node's VDN, and the traffic groups dropdown", async () => {
		const groups = await ask(
			'resource-locator-results',
			'huaweiCmsGroup',
			'searchGroups',
			'groupId',
			{ resource: 'group', operation: 'update', vdn: 113 },
		);
		expect(groups.results).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ name: 'Inbound Traffic (Traffic group)' }),
			]),
		);
		const traffic = await ask(
			'options',
			'huaweiCmsGroup',
			'getTrafficGroups',
			'inspectedGroupIds',
			{ resource: 'inspectionRelation', operation: 'set', vdn: 113 },
		);
		expect(traffic.map((group: { name: string }) => group.name)).toContain(
			'Inbound Traffic (Traffic group)',
		);
		expect(traffic.map((group: { name: string }) => group.name).join()).not.toContain(
			'Quality inspection group',
		);
	});
});

describe('On Error: Continue (using error output), in a real n8n', () => {
	// User 3 joins every group; the external one (LDAP) refuses: its members are managed by its authentication service (400).
	const node = (name: string, type: string, position: number, extra: IDataObject = {}) => ({
		id: `e0e0e0e0-0000-4000-8000-00000000000${position}`,
		name,
		type,
		typeVersion: 1,
		position: [position * 220, 0],
		parameters: {},
		...extra,
	});
	const workflow = {
		id: 'errorOutputE2E01',
		name: 'Error output (e2e)',
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1),
			node('All groups', 'n8n-nodes-huawei-nice-groups.niceExpertGroup', 2, {
				parameters: { resource: 'group', operation: 'getAll', returnAll: true },
				credentials: {
					niceExpertApi: { id: CREDENTIAL_IDS.niceExpertApi, name: 'NICE Expert (local emulator)' },
				},
			}),
			node('Add member', 'n8n-nodes-huawei-nice-groups.niceExpertGroup', 3, {
				parameters: {
					resource: 'member',
					operation: 'add',
					group: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					userIds: '3',
				},
				credentials: {
					niceExpertApi: { id: CREDENTIAL_IDS.niceExpertApi, name: 'NICE Expert (local emulator)' },
				},
				onError: 'continueErrorOutput',
			}),
			node('Added', 'n8n-nodes-base.noOp', 4),
			node('Failed', 'n8n-nodes-base.noOp', 5),
		],
		connections: {
			Start: { main: [[{ node: 'All groups', type: 'main', index: 0 }]] },
			'All groups': { main: [[{ node: 'Add member', type: 'main', index: 0 }]] },
			'Add member': {
				main: [
					[{ node: 'Added', type: 'main', index: 0 }],
					[{ node: 'Failed', type: 'main', index: 0 }],
				],
			},
		},
		settings: { executionOrder: 'v1' },
	};

	it('the failed item runs the error branch, with its input and the error; the others the main branch', async () => {
		const file = join(ROOT, 'error-output.json');
		writeFileSync(file, JSON.stringify(workflow));
		await sandbox.cli('import:workflow', `--input=${file}`);
		rmSync(file);
		const run = parseRun(await sandbox.cli('execute', `--id=${workflow.id}`, '--rawOutput'));
		expect(run.status).toBe('success');
		const input = (nodeName: string) =>
			run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0]?.map(
				(item: { json: IDataObject }) => item.json,
			);
		const groups = input('All groups')!;
		const ldap = groups.findIndex((group: IDataObject) => group.name === 'LDAP Agents');
		expect(ldap).toBeGreaterThanOrEqual(0);
		// The same on n8n 1.x and 2.x: the failed item, merged with its input item, on the error output only.
		expect(input('Added')!.map((group: IDataObject) => group.name)).toEqual(
			groups
				.filter((_: IDataObject, n: number) => n !== ldap)
				.map((group: IDataObject) => group.name),
		);
		expect(input('Failed')).toEqual([
			{
				...groups[ldap],
				error: 'Expert rejected the request as invalid (HTTP 400)',
				message: expect.stringContaining('external group'),
			},
		]);
	});
});

/**
 * Imports a workflow of 400 Expert renames (distinct groups made for it, removed by `cleanUp`)
 * behind the given start node: what the Stop and timeout tests cut short.
 */
async function importRenames(
	id: string,
	start: IDataObject,
	settings: IDataObject,
): Promise<{ groups: Array<{ id: number }>; cleanUp: () => void }> {
	const groups = Array.from({ length: 400 }, (_, n) =>
		sandbox.expert.addGroup(`${id} ${n}`, 'Viewer'),
	);
	const node = (n: number, extra: IDataObject) => ({
		id: randomUUID(),
		typeVersion: 1,
		position: [n * 220, 0],
		...extra,
	});
	const workflow = {
		id,
		name: `Renames cut short (e2e ${id})`,
		nodes: [
			node(1, { name: 'Start', ...start }),
			node(2, {
				name: 'Groups',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: {
					jsCode: `return ${JSON.stringify(groups.map((group) => ({ json: { id: group.id } })))};`,
				},
			}),
			node(3, {
				name: 'Rename',
				type: 'n8n-nodes-huawei-nice-groups.niceExpertGroup',
				parameters: {
					resource: 'group',
					operation: 'update',
					group: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					newName: `={{ "${id} " + $json.id }}`,
					role: 'Viewer',
				},
				credentials: {
					niceExpertApi: { id: CREDENTIAL_IDS.niceExpertApi, name: 'NICE Expert (local emulator)' },
				},
			}),
		],
		connections: {
			Start: { main: [[{ node: 'Groups', type: 'main', index: 0 }]] },
			Groups: { main: [[{ node: 'Rename', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', ...settings },
	};
	const file = join(ROOT, `${id}.json`);
	writeFileSync(file, JSON.stringify(workflow));
	await sandbox.cli('import:workflow', `--input=${file}`);
	rmSync(file);
	// The other tests list the site's groups: these leave no trace.
	const cleanUp = () => {
		const others = sandbox.expert.groups.filter((group) => !groups.includes(group));
		sandbox.expert.groups.splice(0, sandbox.expert.groups.length, ...others);
	};
	return { groups, cleanUp };
}

describe("n8n's execution timeout, in a real n8n: the node's work ends with it", () => {
	/** 400 Expert renames (distinct groups) with an execution timeout of 2 s, run by the CLI. */
	const timedRun = async (id: string) => {
		const { groups, cleanUp } = await importRenames(
			id,
			{ type: 'n8n-nodes-base.manualTrigger', parameters: {} },
			{ executionTimeout: 2 },
		);
		const started = Date.now();
		await sandbox
			.cli('execute', `--id=${id}`, '--rawOutput')
			.catch((error: Error) => error.message);
		const took = Date.now() - started;
		// Nothing in the background: wait, then look at what reached the server.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		cleanUp();
		const renames = sandbox.expert.requests.filter(
			(request) =>
				request.method === 'PUT' &&
				request.url.includes('/groups/') &&
				groups.some((group) => request.url.includes(`/groups/${group.id}?`)),
		);
		// The CLI takes seconds to start: the execution (and its 2 s) begins about when the first rename arrives.
		const timedOutAt = (renames[0]?.received ?? started) + 2000;
		return { took, timedOutAt, renames };
	};

	afterEach(() => {
		sandbox.expert.latencyMs = 0;
		sandbox.expert.queuedReplies.length = 0;
	});

	it('a free run: the timeout stops it, and no request leaves after it', async () => {
		// 400 ms a request: even at the widest pace (64) the run would take 2.5 s, past the 2 s timeout.
		sandbox.expert.latencyMs = 400;
		const { took, timedOutAt, renames } = await timedRun('execTimeoutFree1');
		expect(renames.length).toBeGreaterThan(0);
		expect(renames.length).toBeLessThan(400);
		// n8n's CLI itself takes seconds to start and stop; what matters: no request after the timeout (plus the requests then under way).
		expect(renames.filter((request) => request.received > timedOutAt + 1500)).toEqual([]);
		expect(took).toBeLessThan(30000);
	});

	it('a run parked on a Retry-After of 60 s ends with the timeout, not after the wait', async () => {
		sandbox.expert.queuedReplies.push({
			status: 503,
			headers: { 'Retry-After': '60' },
			body: 'busy',
		});
		const { took, renames } = await timedRun('execTimeoutPark1');
		expect(took).toBeLessThan(45000);
		// The requests under way when the 503 came (the pace starts eight wide); none after, no retry.
		expect(renames.length).toBeLessThanOrEqual(8);
	});
});

describe("n8n's Stop, in a real n8n: a running execution stopped through n8n's REST API sends nothing more", () => {
	it('400 renames started by a webhook, stopped after 2 s: no request after Stop, and none later', async () => {
		const id = 'stopE2EWorkflow1';
		const { cleanUp } = await importRenames(
			id,
			{
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				webhookId: 'c0c0c0c0-0000-4000-8000-0000000000aa',
				parameters: {
					httpMethod: 'POST',
					path: 'stop-e2e',
					responseMode: 'onReceived',
					options: {},
				},
			},
			{},
		);
		await sandbox.publish(id);
		sandbox.expert.latencyMs = 400;
		try {
			let started: Response | undefined;
			for (let tries = 0; tries < 60 && started?.status !== 200; tries++) {
				started = await fetch(`${sandbox.url}/webhook/stop-e2e`, {
					method: 'POST',
					body: '{}',
					headers: { 'Content-Type': 'application/json' },
				});
				if (started.status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
			}
			expect(started?.status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, 2000));
			const filter = encodeURIComponent(JSON.stringify({ workflowId: id }));
			const { body } = await sandbox.rest('GET', `executions?filter=${filter}`);
			const running = (body.data.results as Array<{ id: string; status: string }>).find(
				(execution) => execution.status === 'running',
			);
			expect(running).toBeDefined();
			const stoppedAt = Date.now();
			const stopped = await sandbox.rest('POST', `executions/${running!.id}/stop`, {});
			expect(stopped.status).toBe(200);
			// Nothing in the background: a pause, then what reached the server.
			await new Promise((resolve) => setTimeout(resolve, 3000));
			const renames = sandbox.expert.requests.filter(
				(request) => request.method === 'PUT' && request.body.includes(`${id} `),
			);
			expect(renames.length).toBeGreaterThan(0);
			expect(renames.length).toBeLessThan(400);
			// The requests under way at Stop may arrive a moment later; none after that.
			expect(renames.filter((request) => request.received > stoppedAt + 500)).toEqual([]);
		} finally {
			sandbox.expert.latencyMs = 0;
			await sandbox.unpublish(id);
			cleanUp();
		}
	});
});

describe("n8n's HTTP Request node with each credential (Predefined Credential Type): calls the nodes do not cover", () => {
	const httpNode = (
		name: string,
		position: number,
		credentialType: keyof typeof CREDENTIAL_IDS,
		parameters: IDataObject,
	) => ({
		id: `f0f0f0f0-0000-4000-8000-00000000000${position}`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [position * 220, 0],
		parameters: {
			authentication: 'predefinedCredentialType',
			nodeCredentialType: credentialType,
			options: {},
			...parameters,
		},
		credentials: { [credentialType]: { id: CREDENTIAL_IDS[credentialType], name: 'emulator' } },
	});

	it('signs a Huawei GET and a POST with a JSON body, and authenticates an Expert GET, as the nodes do', async () => {
		const someGroup = [...sandbox.cms.groups.values()].find((group) => group.vdn === 113)!;
		const cmsApi = `${sandbox.cms.url}/rest/cmsapp/v1/openapi/qcrelationconf`;
		const workflow = {
			id: 'httpRequestCred1',
			name: 'HTTP Request with the credentials (e2e)',
			nodes: [
				{
					id: 'f0f0f0f0-0000-4000-8000-000000000000',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				httpNode('CMS groups', 1, 'huaweiCmsApi', {
					method: 'GET',
					url: `${cmsApi}/queryallccgroup/1/113`,
				}),
				httpNode('CMS members', 2, 'huaweiCmsApi', {
					method: 'POST',
					url: `${cmsApi}/querygroupmemberbycondition`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: JSON.stringify({ vdn: 113, groupId: someGroup.id, limit: 10, offset: 0 }),
				}),
				httpNode('Expert groups', 3, 'niceExpertApi', {
					method: 'GET',
					url: `${sandbox.expert.url}/@api/deki/groups`,
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'authenticate', value: 'true' }] },
				}),
			],
			connections: {
				Start: { main: [[{ node: 'CMS groups', type: 'main', index: 0 }]] },
				'CMS groups': { main: [[{ node: 'CMS members', type: 'main', index: 0 }]] },
				'CMS members': { main: [[{ node: 'Expert groups', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
		const file = join(ROOT, 'http-request.json');
		writeFileSync(file, JSON.stringify(workflow));
		await sandbox.cli('import:workflow', `--input=${file}`);
		rmSync(file);
		const run = parseRun(await sandbox.cli('execute', `--id=${workflow.id}`, '--rawOutput'));
		expect(run.data.resultData.error).toBeUndefined();
		const output = (nodeName: string) =>
			run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0]?.map(
				(item: { json: IDataObject }) => item.json,
			);
		// The emulator checks every signature (a wrong one is HTTP 401): these went through signed, the POST's body included.
		expect(output('CMS groups')).toEqual([
			expect.objectContaining({
				resultCode: '0100000',
				resultDesc: expect.arrayContaining([expect.objectContaining({ id: someGroup.id })]),
			}),
		]);
		expect(output('CMS members')).toEqual([expect.objectContaining({ resultCode: '0100000' })]);
		const groupsXml = String(output('Expert groups')![0].data);
		// Seeded groups there are (else the loop below would check nothing), and each is listed.
		expect(sandbox.expert.groups.length).toBeGreaterThan(0);
		for (const group of sandbox.expert.groups)
			expect(groupsXml).toContain(`<group id="${group.id}"`);
	});
});

describe('both triggers, published in a real n8n: a poll sees the changes and starts the workflow', () => {
	const cmsTriggerWorkflow = {
		id: 'cmsTriggerE2E001',
		name: 'CMS group changes (e2e)',
		nodes: [
			{
				id: 'd0d0d0d0-0000-4000-8000-000000000001',
				name: 'CMS group changed',
				type: 'n8n-nodes-huawei-nice-groups.huaweiCmsGroupTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					vdn: 113,
					events: ['groupCreated', 'memberAdded', 'memberRemoved'],
					watchedGroups: [] as string[],
				},
				credentials: {
					huaweiCmsApi: { id: CREDENTIAL_IDS.huaweiCmsApi, name: 'Huawei CMS (local emulator)' },
				},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
	const EXPERT_RENAME_WORKFLOW = 'expertRenameCms1'; // examples/triggers/expert-rename-to-cms.json

	afterAll(async () => {
		for (const id of [cmsTriggerWorkflow.id, EXPERT_RENAME_WORKFLOW]) await sandbox.unpublish(id);
	});

	it('each emits the changes made after it was published (n8n polls once a minute: up to two minutes)', async () => {
		const { cms, expert } = sandbox;
		const cmsTwin = cms.addGroup({ vdn: 113, groupName: 'Escalations', groupType: 3 });
		const expertTwin = expert.addGroup('Escalations', 'Viewer');
		const watched = cms.addGroup({ vdn: 113, groupName: 'Night Shift', groupType: 3 });
		const [agent] = cms.addAgents(113, 57100, 1);
		cmsTriggerWorkflow.nodes[0].parameters.watchedGroups = [watched.id];
		const file = join(ROOT, 'cms-trigger.json');
		writeFileSync(file, JSON.stringify(cmsTriggerWorkflow));
		await sandbox.cli('import:workflow', `--input=${file}`);
		rmSync(file);

		// Publishing runs each trigger's first poll soon after (n8n applies it in the background): the
		// baseline, no execution. The changes come once both emulators have answered that poll's last read.
		const published = Date.now();
		for (const id of [cmsTriggerWorkflow.id, EXPERT_RENAME_WORKFLOW]) await sandbox.publish(id);
		const answeredSince = (
			server: { requests: Array<{ url: string; received: number; answered?: number }> },
			path: string,
		) =>
			server.requests.some(
				(request) =>
					request.received >= published &&
					request.answered !== undefined &&
					request.url.includes(path),
			);
		for (
			let waited = 0;
			!(
				answeredSince(expert, '/@api/deki/groups') &&
				answeredSince(cms, '/querygroupmemberbycondition')
			);
			waited += 200
		) {
			if (waited > 30_000)
				throw new Error('n8n did not run the baseline polls within 30 s of publishing');
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(await sandbox.executions(EXPERT_RENAME_WORKFLOW)).toEqual([]);
		expect(await sandbox.executions(cmsTriggerWorkflow.id)).toEqual([]);

		expertTwin.name = 'Escalations - Level 2';
		const created = cms.addGroup({ vdn: 113, groupName: 'Weekend Escalations', groupType: 3 });
		cms.join(watched, [agent.workNo]);

		const deadline = Date.now() + 150_000;
		let runs = {
			expert: await sandbox.executions(EXPERT_RENAME_WORKFLOW),
			cms: await sandbox.executions(cmsTriggerWorkflow.id),
		};
		while ((runs.expert.length === 0 || runs.cms.length === 0) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 2000));
			runs = {
				expert: await sandbox.executions(EXPERT_RENAME_WORKFLOW),
				cms: await sandbox.executions(cmsTriggerWorkflow.id),
			};
		}
		const items = (run: { runData: Record<string, any[]> }, nodeName: string) =>
			run.runData[nodeName]?.[0]?.data?.main?.[0]?.map((item: { json: IDataObject }) => item.json);

		// Expert renamed -> the CMS group of the old name renamed, by the example workflow.
		expect(runs.expert).toHaveLength(1);
		expect(runs.expert[0]).toMatchObject({ status: 'success', mode: 'trigger' });
		expect(items(runs.expert[0], 'Expert group renamed')).toEqual([
			{
				event: 'groupRenamed',
				group: expect.objectContaining({
					id: expertTwin.id,
					name: 'Escalations - Level 2',
					role: expect.objectContaining({ name: 'Viewer' }),
				}),
				previous: { name: 'Escalations' },
			},
		]);
		expect(items(runs.expert[0], 'Rename CMS group')).toEqual([
			expect.objectContaining({ id: cmsTwin.id, groupName: 'Escalations - Level 2' }),
		]);
		expect(cms.groups.get(cmsTwin.id)!.groupName).toBe('Escalations - Level 2');

		// CMS: the new group, and the agent who joined the watched group.
		expect(runs.cms).toHaveLength(1);
		expect(runs.cms[0]).toMatchObject({ status: 'success', mode: 'trigger' });
		// Exactly these two events (sorted by event name), nothing else: not the rename the Expert
		// workflow made (Group Renamed is not among the trigger's events), no member removed.
		const cmsEvents = (items(runs.cms[0], 'CMS group changed') as IDataObject[]).sort((a, b) =>
			String(a.event).localeCompare(String(b.event)),
		);
		expect(cmsEvents).toEqual([
			{
				event: 'groupCreated',
				group: expect.objectContaining({ id: created.id, groupName: 'Weekend Escalations' }),
			},
			{
				event: 'memberAdded',
				group: expect.objectContaining({ id: watched.id, groupName: 'Night Shift' }),
				member: expect.objectContaining({ workNo: agent.workNo }),
			},
		]);
	}, 240_000);
});

describe('the nodes as tools of an MCP server: examples/agents/mcp-group-tools.json, published; the test is the MCP client (no language model)', () => {
	const MCP_WORKFLOW = 'mcpGroupTools01';
	const client = new Client({ name: 'e2e-mcp-client', version: '1.0.0' });
	const text = (result: Awaited<ReturnType<Client['callTool']>>) =>
		(result.content as Array<{ type: string; text: string }>).map((part) => part.text).join('\n');

	beforeAll(async () => {
		await sandbox.publish(MCP_WORKFLOW);
		// n8n registers the published workflow's webhooks in the background: connect once they answer.
		for (let waited = 0; ; waited += 500) {
			try {
				await client.connect(
					new StreamableHTTPClientTransport(new URL(`${sandbox.url}/mcp/contact-center-groups`)),
				);
				return;
			} catch (error) {
				if (waited > 30_000) throw error;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
	}, 60_000);

	afterAll(async () => {
		await client.close();
		await sandbox.unpublish(MCP_WORKFLOW);
	});

	it('lists the four tools, each described from its operation, with the input schema its $fromAI() parameters make', async () => {
		const { tools } = await client.listTools();
		const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
		expect(Object.keys(byName).sort()).toEqual([
			'add_expert_members',
			'list_cms_groups',
			'rename_cms_group',
			'rename_expert_group',
		]);
		expect(byName.rename_cms_group.description).toBe(
			'Rename a group or change its remark in Huawei CMS Group',
		);
		expect(byName.rename_expert_group.description).toBe(
			'Rename a group or change its role in NICE Expert Group',
		);
		expect(byName.add_expert_members.description).toBe('Add users to a group in NICE Expert Group');
		expect(byName.rename_cms_group.inputSchema).toMatchObject({
			type: 'object',
			properties: {
				groupId: { type: 'string', description: expect.stringContaining('ID of the CMS group') },
				newName: { type: 'string', description: 'The new name of the group' },
			},
			required: expect.arrayContaining(['groupId', 'newName']),
		});
		expect(byName.add_expert_members.inputSchema).toMatchObject({
			properties: {
				groupName: { type: 'string' },
				users: { type: 'string', description: expect.stringContaining('usernames or user IDs') },
			},
			required: expect.arrayContaining(['groupName', 'users']),
		});
		// An argument with a default is optional.
		expect(byName.list_cms_groups.inputSchema.required ?? []).not.toContain('nameContains');
	});

	it('renames a group in each system and adds members in Expert, as a model would call them; the emulators change', async () => {
		const { cms, expert } = sandbox;
		const cmsGroup = cms.addGroup({ vdn: 113, groupName: 'Agent Desk', groupType: 3 });
		const expertGroup = expert.addGroup('Agent Desk', 'Viewer');

		const found = await client.callTool({
			name: 'list_cms_groups',
			arguments: { nameContains: 'Agent Desk' },
		});
		expect(found.isError).toBeFalsy();
		expect(text(found)).toContain(cmsGroup.id);

		const renamedCms = await client.callTool({
			name: 'rename_cms_group',
			arguments: { groupId: cmsGroup.id, newName: 'Agent Desk (Level 2)' },
		});
		expect(renamedCms.isError).toBeFalsy();
		expect(cms.groups.get(cmsGroup.id)!.groupName).toBe('Agent Desk (Level 2)');

		const renamedExpert = await client.callTool({
			name: 'rename_expert_group',
			arguments: { groupName: 'Agent Desk', newName: 'Agent Desk (Level 2)' },
		});
		expect(renamedExpert.isError).toBeFalsy();
		expect(expert.groups.find((group) => group.id === expertGroup.id)).toMatchObject({
			name: 'Agent Desk (Level 2)',
			roleId: expert.role('Viewer')!.id,
		});

		const added = await client.callTool({
			name: 'add_expert_members',
			arguments: { groupName: 'Agent Desk (Level 2)', users: 'admin' },
		});
		expect(added.isError).toBeFalsy();
		expect(expert.groups.find((group) => group.id === expertGroup.id)!.userIds).toEqual([
			expert.users.find((user) => user.username === 'admin')!.id,
		]);
	});

	it('a bad argument comes back as a tool error that says what to fix, and the server goes on serving', async () => {
		const writesBefore = sandbox.cms.requests.filter((request) => request.method === 'POST').length;
		const refused = await client.callTool({
			name: 'rename_cms_group',
			arguments: { groupId: 'the big one', newName: 'X' },
		});
		expect(refused.isError).toBe(true);
		expect(text(refused)).toMatch(/Group.*must be a group ID.*the big one/s);
		expect(sandbox.cms.requests.filter((request) => request.method === 'POST').length).toBe(
			writesBefore,
		);

		const unknownUser = await client.callTool({
			name: 'add_expert_members',
			arguments: { groupName: 'Support Tier 1', users: 'nobody.here' },
		});
		expect(unknownUser.isError).toBe(true);
		expect(text(unknownUser)).toContain('nobody.here');

		expect((await client.listTools()).tools).toHaveLength(4);
	});
});

describe('the editor, in Chromium', () => {
	browserChecks(sandbox);
});

describe('secrets in the real n8n', () => {
	// Last: after every run, credential test and editor session above.
	it("none in n8n's log, the CLI's log, or its SQLite database (stored executions, their run data and errors)", async () => {
		const database = join(sandbox.userFolder, '.n8n/database.sqlite');
		const files = ['n8n.log', 'cli.log']
			.map((name) => join(ROOT, name))
			.concat([database, `${database}-wal`])
			.filter((file) => existsSync(file));
		expect(files).toContain(database);
		const texts = files.map((file): [string, string] => [
			file,
			readFileSync(file).toString('latin1'),
		]);
		// The scan reads what it should: the database's text is there to be read (the workflows imported above).
		expect(
			texts
				.filter(([file]) => file.startsWith(database))
				.some(([, text]) => text.includes('Error output (e2e)')),
		).toBe(true);
		expect(findSecrets(texts)).toEqual([]);
	});
});
