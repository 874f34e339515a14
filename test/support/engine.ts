/**
 * Runs the RyzeAPI node inside n8n-core's real WorkflowExecute: an input node feeds the node, credentials come
 * from a helper that applies the credential's own `authenticate` block, and requests go over real HTTP.
 */
import { DirectoryLoader, ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowExecuteAdditionalData,
	type ExecutionError,
	type IDataObject,
	type INodeParameters,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { RyzeApi as RyzeApiCredential } from '../../credentials/RyzeApi.credentials';
import { RyzeApi } from '../../nodes/RyzeApi/RyzeApi.node';

const INPUT_NODE_TYPE = 'test.input';
const RYZE_NODE_TYPE = 'n8n-nodes-ryzeapi.ryzeApi';
export const RYZE_NODE_NAME = 'RyzeAPI';

/** A source node that emits the items a test hands it. */
class InputNode implements INodeType {
	description = {
		displayName: 'Input',
		name: 'input',
		group: ['input'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Input' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

function nodeTypeRegistry(): INodeTypes {
	const ryzeApi = new RyzeApi();
	// As n8n's loader does at start-up: adds the hidden "Request Options" (batching, timeout, proxy).
	DirectoryLoader.applyDeclarativeNodeOptionParameters(ryzeApi);
	const types: Record<string, INodeType> = { [INPUT_NODE_TYPE]: new InputNode(), [RYZE_NODE_TYPE]: ryzeApi };
	return {
		getByName: (name) => types[name],
		getByNameAndVersion: (name) => types[name],
		getKnownTypes: () => ({}),
	};
}

const credentialTypes: Record<string, ICredentialType> = { ryzeApi: new RyzeApiCredential() };

/**
 * n8n's credentials helper, reduced to what a run needs: decrypted data per credential type, and each type's
 * `authenticate` block applied as n8n applies it (generic: resolve the `={{...}}` keys and values and set them).
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.types[typeName];
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		const resolve = (value: string): unknown =>
			workflow && node
				? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials })
				: value;
		const sections = authenticate.properties as Record<string, Record<string, string>>;
		const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [section, values] of Object.entries(sections)) {
			options[section] ??= {};
			for (const [key, value] of Object.entries(values)) options[section][String(resolve(key))] = resolve(value);
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used: credentials come decrypted');
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		return { ...this.data[type] };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string) {
		return this.types[type].properties;
	}
}

export interface RyzeCredentials {
	token: string;
	baseUrl: string;
	tokenType?: 'account' | 'instance';
}

export interface RunOptions {
	credentials: RyzeCredentials;
	parameters: INodeParameters;
	/** The node's version; 1 (saved workflows' JID fields) by default. */
	typeVersion?: number;
	/** The JSON of the input items; one empty item by default. */
	items?: IDataObject[];
	continueOnFail?: boolean;
}

export interface RunResult {
	/** The node's output items, when it produced any. */
	items: INodeExecutionData[];
	/** The error that stopped the node, when it stopped. */
	error?: ExecutionError;
	/** The whole run, to check nothing secret leaked anywhere. */
	run: IRun;
}

/** The execution's surroundings: a plain object, since fields that merely look set send the engine down other paths. */
export function additionalData(
	credentialsHelper: ICredentialsHelper,
	executionId: string,
	mode: WorkflowExecuteMode,
): IWorkflowExecuteAdditionalData {
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: 'test',
		name: 'test',
		active: false,
		isArchived: false,
		nodes: [],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	});
	return {
		credentialsHelper,
		hooks,
		executionId,
		variables: {},
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
	} as unknown as IWorkflowExecuteAdditionalData;
}

function ryzeApiAdditionalData(credentials: RyzeCredentials, executionId: string): IWorkflowExecuteAdditionalData {
	const helper = new TestCredentialsHelper(credentialTypes, { ryzeApi: { tokenType: 'instance', ...credentials } });
	return additionalData(helper, executionId, 'manual');
}

/** A context of the editor's pickers, on a node whose fields are set to `parameters` so far. */
function pickerContext(credentials: RyzeCredentials, parameters: INodeParameters, typeVersion: number, path: string): LoadOptionsContext {
	const { workflow } = buildWorkflow({ parameters, typeVersion });
	const node = workflow.getNode(RYZE_NODE_NAME) as INode;
	const data = ryzeApiAdditionalData(credentials, 'picker');
	// As the editor sends them: the node's fields as set so far, expressions unresolved.
	data.currentNodeParameters = node.parameters;
	return new LoadOptionsContext(workflow, node, data, path);
}

type ListSearchMethod = keyof RyzeApi['methods']['listSearch'];
type LoadOptionsMethod = keyof RyzeApi['methods']['loadOptions'];

/** Runs a resourceLocator's list search (`method`) as the editor does while the user types `filter`. */
export async function searchList(credentials: RyzeCredentials, method: ListSearchMethod, parameters: INodeParameters = {}, filter?: string) {
	const context = pickerContext(credentials, parameters, 2, 'parameter');
	return await new RyzeApi().methods.listSearch[method].call(context, filter);
}

/** Loads a multiOptions field's options (`method`) as the editor does when the list opens. */
export async function loadOptions(credentials: RyzeCredentials, method: LoadOptionsMethod, parameters: INodeParameters = {}) {
	const context = pickerContext(credentials, parameters, 2, 'groups');
	return await new RyzeApi().methods.loadOptions[method].call(context);
}

let executionCount = 0;

function buildWorkflow(options: Pick<RunOptions, 'parameters' | 'items' | 'continueOnFail' | 'typeVersion'>) {
	const nodeTypes = nodeTypeRegistry();
	const ryzeType = nodeTypes.getByName(RYZE_NODE_TYPE) as INodeType;
	const ryzeNode: INode = {
		id: 'ryze',
		name: RYZE_NODE_NAME,
		type: RYZE_NODE_TYPE,
		typeVersion: options.typeVersion ?? 1,
		position: [200, 0],
		parameters: {},
		credentials: { ryzeApi: { id: 'cred-1', name: 'RyzeAPI account' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	// Fill defaults the way the editor does: RoutingNode only routes parameters present on the node.
	ryzeNode.parameters =
		NodeHelpers.getNodeParameters(ryzeType.description.properties, options.parameters, true, false, ryzeNode, ryzeType.description) ?? {};
	const inputNode: INode = {
		id: 'input',
		name: 'Input',
		type: INPUT_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(options.items ?? [{}]) },
	};
	const workflow = new Workflow({
		id: 'test',
		nodes: [inputNode, ryzeNode],
		connections: { Input: { main: [[{ node: RYZE_NODE_NAME, type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes,
	});
	return { workflow, inputNode };
}

/** Runs Input → RyzeAPI through n8n-core's WorkflowExecute. */
export async function runRyzeApi(options: RunOptions): Promise<RunResult> {
	const { workflow, inputNode } = buildWorkflow(options);
	const executionId = `test-${++executionCount}`;
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: inputNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const run = await new WorkflowExecute(ryzeApiAdditionalData(options.credentials, executionId), 'manual', runData).processRunExecutionData(
		workflow,
	);
	const task = run.data.resultData.runData[RYZE_NODE_NAME]?.[0];
	return {
		items: task?.data?.main?.[0] ?? [],
		error: task?.error ?? run.data.resultData.error,
		run,
	};
}

/** Evaluates an expression of the node's description (e.g. its subtitle) on a node with `parameters`, as the editor does. */
export function evaluateOnNode(parameters: INodeParameters, expression: string): unknown {
	const { workflow } = buildWorkflow({ parameters });
	return workflow.expression.getSimpleParameterValue(workflow.getNode(RYZE_NODE_NAME) as INode, expression, 'internal', {});
}

/** Runs the Instance picker's list search as the editor would. */
export async function searchInstanceList(credentials: RyzeCredentials, filter?: string) {
	return await searchList(credentials, 'searchInstances', {}, filter);
}
