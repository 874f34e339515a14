/**
 * Runs one node behind an input node through n8n-core's real WorkflowExecute, as test/support/engine.ts does for
 * the tests, but for any of the benchmarked node types and with the input items handed over in memory (so input
 * parsing costs nothing and is the same for every variant).
 */
import { DirectoryLoader, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeCredentials,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { additionalData, TestCredentialsHelper } from '../test/support/engine';

const INPUT_TYPE = 'bench.input';
// Production-like: 'manual' would add editor-only work (e.g. the HTTP Request node's request log for the UI).
const MODE: WorkflowExecuteMode = 'trigger';

/** Emits the items the benchmark hands it before each run. */
class InputNode implements INodeType {
	items: IDataObject[] = [];

	description = {
		displayName: 'Input',
		name: 'input',
		group: ['input'],
		version: 1,
		description: 'Emits benchmark items',
		defaults: { name: 'Input' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	// An arrow function: n8n calls `execute` with its own context as `this`, and this one needs the instance.
	execute = async (): Promise<INodeExecutionData[][]> => [this.items.map((json) => ({ json }))];
}

export interface BenchNode {
	/** Node type name as registered, e.g. `n8n-nodes-base.httpRequest`. */
	type: string;
	typeVersion: number;
	parameters: INodeParameters;
	credentials: INodeCredentials;
}

export interface EngineSetup {
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes: Record<string, ICredentialType>;
	/** Decrypted credential data per credential type. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
}

export interface NodeRun {
	/** The node's own execution time as n8n records it (runData[node][0].executionTime). */
	nodeMs: number;
	/** processRunExecutionData from start to end, input node included. */
	workflowMs: number;
	outputItems: number;
	error?: string;
}

export class BenchEngine {
	private readonly input = new InputNode();
	private readonly registry: INodeTypes;
	private readonly helper: TestCredentialsHelper;
	private executions = 0;

	constructor(setup: EngineSetup) {
		const types: Record<string, INodeType | IVersionedNodeType> = { [INPUT_TYPE]: this.input };
		for (const [name, type] of Object.entries(setup.nodeTypes)) {
			// As n8n's loader does at start-up: declarative nodes get the hidden "Request Options" collection
			// (it leaves programmatic nodes alone; versioned ones hold no properties at the top).
			if (!('nodeVersions' in type)) DirectoryLoader.applyDeclarativeNodeOptionParameters(type);
			types[name] = type;
		}
		this.registry = {
			getByName: (name) => types[name],
			getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(types[name], version),
			getKnownTypes: () => ({}),
		};
		this.helper = new TestCredentialsHelper(setup.credentialTypes, setup.credentials);
	}

	/** The node with its parameter defaults filled in as the editor does (RoutingNode only routes what is present). */
	private node(bench: BenchNode): INode {
		const { description } = this.registry.getByNameAndVersion(bench.type, bench.typeVersion);
		const node: INode = {
			id: 'bench',
			name: 'Node',
			type: bench.type,
			typeVersion: bench.typeVersion,
			position: [200, 0],
			parameters: {},
			credentials: bench.credentials,
		};
		node.parameters =
			NodeHelpers.getNodeParameters(description.properties, bench.parameters, true, false, node, description) ?? {};
		return node;
	}

	async run(bench: BenchNode, items: IDataObject[]): Promise<NodeRun> {
		const node = this.node(bench);
		this.input.items = items;
		const inputNode: INode = { id: 'input', name: 'Input', type: INPUT_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
		const workflow = new Workflow({
			id: 'bench',
			nodes: [inputNode, node],
			connections: { Input: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
			active: false,
			nodeTypes: this.registry,
		});
		const executionId = `bench-${++this.executions}`;
		const runData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node: inputNode, data: { main: [[{ json: {} }]] }, source: null }] },
		});
		const started = performance.now();
		const run = await new WorkflowExecute(additionalData(this.helper, executionId, MODE), MODE, runData).processRunExecutionData(workflow);
		const workflowMs = performance.now() - started;
		const task = run.data.resultData.runData[node.name]?.[0];
		const error = task?.error ?? run.data.resultData.error;
		return {
			nodeMs: task?.executionTime ?? Number.NaN,
			workflowMs,
			outputItems: task?.data?.main?.[0]?.length ?? 0,
			...(error && { error: error.message }),
		};
	}
}
