import './userFolder';

import { join } from 'path';
import {
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import {
	Expression,
	ICredentialsHelper,
	NodeConnectionTypes,
	Workflow,
	createRunExecutionData,
} from 'n8n-workflow';

// Runs workflows in n8n's real engine (n8n-core's WorkflowExecute, real execute contexts, real
// httpRequestWithAuthentication calling our credentials' authenticate), with the node and
// credential types loaded from the built package exactly as package.json's "n8n" section lists them.

import { PACKAGE_ROOT } from '../packageRoot';

export { PACKAGE_ROOT };
const manifest = require(join(PACKAGE_ROOT, 'package.json')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

function load<T>(file: string, suffix: string): T {
	const className = file.split('/').pop()!.replace(suffix, '');
	const module = require(join(PACKAGE_ROOT, file)) as Record<string, new () => T>;
	return new module[className]();
}

export const nodeTypesByName: Record<string, INodeType> = {};
export const credentialTypesByName: Record<string, ICredentialType> = {};

/**
 * The package's node and credential types, made (again) from their classes. n8n makes each once per
 * process; the harness makes them before every test as well, so that their declarations (fields, the
 * credential test, the trigger's options) are read within the test: a mutation run (docs/testing.md)
 * then knows which tests read them, instead of taking them for code run once when a file loads.
 */
function makeTypes(): void {
	for (const file of manifest.n8n.nodes) {
		const nodeType = load<INodeType>(file, '.node.js');
		nodeTypesByName[`${manifest.name}.${nodeType.description.name}`] = nodeType;
	}
	for (const file of manifest.n8n.credentials) {
		const credentialType = load<ICredentialType>(file, '.credentials.js');
		credentialTypesByName[credentialType.name] = credentialType;
	}
	Object.assign(allNodeTypes, nodeTypesByName);
}

export const nodeType = (name: string) => `${manifest.name}.${name}`;

/**
 * Stand-in for n8n-nodes-base's Manual Trigger (not installed here): it starts the run and hands on
 * the items the test gives it, as the real one hands on the empty item of a manual run.
 */
class ManualTrigger implements INodeType {
	description = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

const allNodeTypes: Record<string, INodeType> = {
	'n8n-nodes-base.manualTrigger': new ManualTrigger(),
};
makeTypes();
if (typeof beforeEach === 'function') beforeEach(makeTypes);

/** Adds a node type the harness can run (the benchmark's bare-request-helper node). */
export function addNodeType(type: string, nodeType: INodeType): void {
	allNodeTypes[type] = nodeType;
}

const nodeTypes: INodeTypes = {
	getByName: (type) => allNodeTypes[type],
	getByNameAndVersion: (type) => allNodeTypes[type],
	getKnownTypes: () => ({}),
};

/** Serves the credentials a test gives, by type, and signs with the credential type's own authenticate. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes = () => [];

	isCredentialUsableByNode = () => true;

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	) {
		const authenticate = credentialTypesByName[typeName].authenticate;
		if (typeof authenticate !== 'function')
			throw new Error(`${typeName} has no authenticate function`);
		return await authenticate(credentials, requestOptions);
	}

	preAuthentication = async () => undefined;

	runPreAuthentication = async () => undefined;

	getCredentials = async () => {
		throw new Error('not used by these nodes');
	};

	async getDecrypted(_data: unknown, _nodeCredentials: unknown, type: string) {
		const credentials = this.credentials[type];
		if (!credentials) throw new Error(`No test credentials of type ${type}`);
		return { ...credentials };
	}

	updateCredentials = async () => {};

	updateCredentialsOauthTokenData = async () => {};

	getCredentialsProperties = () => [];
}

let engineStarted = false;

/** n8n 2.x evaluates expressions in isolated-vm by default (n8n's defaults below): tests use the same engine. */
export async function startExpressionEngine(): Promise<void> {
	if (engineStarted) return;
	await Expression.initExpressionEngine({
		engine: 'vm',
		bridgeTimeout: 5000,
		bridgeMemoryLimit: 128,
		poolSize: 1,
		maxCodeCacheSize: 1024,
	});
	engineStarted = true;
}

export async function stopExpressionEngine(): Promise<void> {
	if (!engineStarted) return;
	await Expression.disposeExpressionEngine();
	engineStarted = false;
}

export interface WorkflowDefinition {
	name?: string;
	nodes: INode[];
	connections: IWorkflowBase['connections'];
}

export interface WorkflowRun {
	run: IRun;
	/** The items a node put out (first run, first output), or undefined when it did not run. */
	output(nodeName: string): IDataObject[] | undefined;
	/** Full output items (json and pairedItem) of an output: 0, or 1 for the error output (On Error: Continue (using error output)). */
	items(nodeName: string, output?: number): INodeExecutionData[] | undefined;
	/** The error that stopped the run, if any. */
	error?: IRun['data']['resultData']['error'];
}

function buildWorkflow(definition: WorkflowDefinition): Workflow {
	return new Workflow({
		id: 'test',
		name: definition.name ?? 'test',
		nodes: definition.nodes,
		connections: definition.connections,
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});
}

function buildAdditionalData(
	definition: WorkflowDefinition,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): IWorkflowExecuteAdditionalData {
	const workflowData = {
		id: 'test',
		name: 'test',
		nodes: definition.nodes,
		connections: definition.connections,
	} as IWorkflowBase;
	return {
		credentialsHelper: new CredentialsHelper(credentials),
		hooks: new ExecutionLifecycleHooks('manual', 'test-execution', workflowData),
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * The context n8n gives a node's dropdown loaders and list searches while the user edits it
 * (n8n-core's LoadOptionsContext), for the node named `nodeName` of the workflow.
 */
export async function loadOptionsContext(
	definition: WorkflowDefinition,
	nodeName: string,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): Promise<ILoadOptionsFunctions> {
	await startExpressionEngine();
	const workflow = buildWorkflow(definition);
	const node = workflow.getNode(nodeName)!;
	// The editor sends the node's parameters as they are on screen along with the request.
	const additionalData = {
		...buildAdditionalData(definition, credentials),
		currentNodeParameters: node.parameters,
	};
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters');
}

/** Every run of this process, for the secret scan (test/secretScan.ts) to read. */
export const recordedRuns: IRun[] = [];

/** Runs a workflow from its Manual Trigger, which passes `input` on. */
export async function runWorkflow(
	definition: WorkflowDefinition,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	input: IDataObject[] = [{}],
): Promise<WorkflowRun> {
	return await (
		await startWorkflow(definition, credentials, input)
	).finished;
}

/** Starts a workflow as runWorkflow does; `cancel()` is n8n's Stop (the execution's cancel signal aborts). */
export async function startWorkflow(
	definition: WorkflowDefinition,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	input: IDataObject[] = [{}],
): Promise<{ cancel: () => void; finished: Promise<WorkflowRun> }> {
	await startExpressionEngine();
	const workflow = buildWorkflow(definition);
	const additionalData = buildAdditionalData(definition, credentials);

	const trigger = definition.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error('The workflow needs a Manual Trigger');
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: trigger, data: { main: [input.map((json) => ({ json }))] }, source: null },
			],
		},
	});
	const running = new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	const finished = (async (): Promise<WorkflowRun> => {
		const run = await running;
		recordedRuns.push(run);
		const items = (nodeName: string, output = 0) =>
			run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[output] ?? undefined;
		return {
			run,
			items,
			output: (nodeName) => items(nodeName)?.map((item) => item.json),
			error: run.data.resultData.error,
		};
	})();
	return { cancel: () => running.cancel(), finished };
}

/** A Manual Trigger followed by one node: the shape of most tests. */
export function singleNodeWorkflow(
	node: Omit<INode, 'id' | 'position' | 'typeVersion'> & Partial<INode>,
): WorkflowDefinition {
	return {
		nodes: [
			{
				id: 'trigger',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{ id: 'node', typeVersion: 1, position: [200, 0], ...node } as INode,
		],
		connections: {
			Start: { main: [[{ node: node.name, type: NodeConnectionTypes.Main, index: 0 }]] },
		},
	};
}

/**
 * A trigger node as n8n's poller runs it: an active workflow's polls all get the one PollContext
 * (n8n-core's activatePollTrigger makes it once, and every tick calls poll with it), so the node's
 * static data (its snapshot) and anything the node keys on its context carry from one poll to the
 * next. A manual "Fetch Test Event" gets a context of its own. `pollBudgetMs`: n8n's budget of a
 * poll (5 minutes by default). `poll()` gives what the poll emitted (null: nothing), or throws its error.
 */
export async function poller(
	node: Omit<INode, 'id' | 'position' | 'typeVersion'> & Partial<INode>,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	{ pollBudgetMs }: { pollBudgetMs?: number } = {},
) {
	await startExpressionEngine();
	const definition: WorkflowDefinition = {
		nodes: [{ id: 'trigger', typeVersion: 1, position: [0, 0], ...node } as INode],
		connections: {},
	};
	const workflow = buildWorkflow(definition);
	const additionalData = buildAdditionalData(definition, credentials);
	const triggerNode = workflow.getNode(node.name)!;
	const contextFor = (mode: 'trigger' | 'manual') =>
		new PollContext(
			workflow,
			triggerNode,
			additionalData,
			mode,
			mode === 'manual' ? 'manual' : 'activate',
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
			pollBudgetMs === undefined ? undefined : () => pollBudgetMs,
		);
	let active: PollContext | undefined;
	return {
		workflow,
		async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<IDataObject[] | null> {
			const context = mode === 'manual' ? contextFor('manual') : (active ??= contextFor('trigger'));
			const emitted = await allNodeTypes[node.type].poll!.call(context);
			return emitted ? emitted[0].map((item) => item.json) : null;
		},
		/** What the node keeps between polls. */
		staticData: () => workflow.getStaticData('node', triggerNode),
	};
}
