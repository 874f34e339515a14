/**
 * Runs the RyzeAPI Trigger as n8n does, with n8n-core's own contexts: activation and deactivation call the node's
 * webhook lifecycle through a HookContext (requests go over real HTTP to the simulator), and every request to the
 * node's webhook URL, served here on 127.0.0.1, goes through a WebhookContext to the node's `webhook()`, answering
 * as n8n does for "respond when received": the node's own answer, or 200 when the workflow starts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { RyzeApi as RyzeApiCredential } from '../../credentials/RyzeApi.credentials';
import { RyzeApiTrigger } from '../../nodes/RyzeApiTrigger/RyzeApiTrigger.node';
import { additionalData, TestCredentialsHelper, type RyzeCredentials } from './engine';

const TRIGGER_TYPE = 'n8n-nodes-ryzeapi.ryzeApiTrigger';

export type WebhookKind = 'production' | 'test';

export interface Answer {
	status: number;
	body: unknown;
}

export interface RunningTrigger {
	/** The node's production webhook URL, served by this harness. */
	webhookUrl: string;
	workflow: Workflow;
	/** The items each accepted delivery started the workflow with, in order. */
	started: IDataObject[][];
	/** The node's test webhook URL (Listen for test event). */
	testWebhookUrl: string;
	/**
	 * Runs checkExists, then create when it said no, as n8n does when the workflow is activated (production) or the
	 * editor listens for a test event (test); returns whether create ran.
	 */
	activate(kind?: WebhookKind): Promise<boolean>;
	/** Runs delete as n8n does for either kind: in "internal" mode, the webhook's own URL telling which. */
	deactivate(kind?: WebhookKind): Promise<boolean>;
	/** What the node keeps in its workflow static data. */
	staticData(): IDataObject;
	close(): Promise<void>;
}

export interface TriggerOptions {
	credentials: RyzeCredentials;
	parameters: INodeParameters;
	/** A fixed workflow id, so a test can run two workflows side by side. */
	workflowId?: string;
}

export async function startTrigger({ credentials, parameters, workflowId = 'wfTrigger0000001' }: TriggerOptions): Promise<RunningTrigger> {
	const nodeType = new RyzeApiTrigger();
	const node: INode = {
		id: '7f3e9a2c-5b14-4d8e-9a61-0c2b3d4e5f60',
		name: 'RyzeAPI Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
		parameters: {},
		credentials: { ryzeApi: { id: 'cred-1', name: 'RyzeAPI account' } },
	};
	// Defaults filled the way the editor does.
	node.parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, parameters, true, false, node, nodeType.description) ?? {};
	const nodeTypes = {
		getByName: () => nodeType as INodeType,
		getByNameAndVersion: () => nodeType as INodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ id: workflowId, nodes: [node], connections: {}, active: true, nodeTypes, staticData: {} });
	const helper = new TestCredentialsHelper({ ryzeApi: new RyzeApiCredential() }, { ryzeApi: { tokenType: 'instance', ...credentials } });
	const started: IDataObject[][] = [];

	const server = http.createServer((request, response) => {
		void deliver(request, response).catch(() => response.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const surroundings = (mode: WorkflowExecuteMode): IWorkflowExecuteAdditionalData => ({
		...additionalData(helper, `trigger-${mode}`, mode),
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
	});
	// As n8n describes the node's one webhook (n8n 2.x keeps the helper for this in its server package).
	const webhookData = (kind: WebhookKind, mode: WorkflowExecuteMode): IWebhookData => ({
		httpMethod: 'POST',
		node: node.name,
		path: `${node.webhookId}/webhook`,
		webhookDescription: nodeType.description.webhooks?.[0] as IWebhookData['webhookDescription'],
		workflowId,
		workflowExecuteAdditionalData: surroundings(mode),
		webhookId: node.webhookId,
		isTest: kind === 'test',
	});
	// The modes n8n's webhook service uses: activation "trigger", a test "manual", removal "internal" for both.
	const hookContext = (kind: WebhookKind, mode: WorkflowExecuteMode, activation: WorkflowActivateMode) =>
		new HookContext(workflow, node, surroundings(mode), mode, activation, webhookData(kind, mode));
	const webhookUrl = hookContext('production', 'trigger', 'activate').getNodeWebhookUrl('default') as string;
	const testWebhookUrl = hookContext('test', 'manual', 'manual').getNodeWebhookUrl('default') as string;

	async function deliver(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		let body: unknown = {};
		try {
			body = text === '' ? {} : JSON.parse(text);
		} catch {
			body = text;
		}
		// The parts of Express' request and response that n8n's webhook context hands to the node.
		const res = {
			status(code: number) {
				response.statusCode = code;
				return res;
			},
			json(payload: unknown) {
				response.setHeader('Content-Type', 'application/json');
				response.end(JSON.stringify(payload));
			},
		};
		// n8n runs a test webhook's deliveries (Listen for test event) in manual mode.
		const kind: WebhookKind = request.url?.startsWith('/webhook-test/') ? 'test' : 'production';
		const mode: WorkflowExecuteMode = kind === 'test' ? 'manual' : 'webhook';
		const data = {
			...surroundings(mode),
			httpRequest: { headers: request.headers, body, query: {}, params: {} },
			httpResponse: res,
		} as unknown as IWorkflowExecuteAdditionalData;
		const context = new WebhookContext(workflow, node, data, mode, webhookData(kind, mode), [], null);
		const result = await nodeType.webhook.call(context);
		// As n8n does: workflowData starts an execution whether or not the node answered the delivery itself.
		if (result.workflowData) started.push(result.workflowData[0].map((item) => item.json));
		if (!result.noWebhookResponse) res.status(200).json({ message: 'Workflow was started' });
	}

	return {
		webhookUrl,
		testWebhookUrl,
		workflow,
		started,
		async activate(kind = 'production') {
			const context = kind === 'test' ? hookContext(kind, 'manual', 'manual') : hookContext(kind, 'trigger', 'activate');
			const { checkExists, create } = nodeType.webhookMethods.default;
			if (await checkExists.call(context)) return false;
			return await create.call(context);
		},
		async deactivate(kind = 'production') {
			return await nodeType.webhookMethods.default.delete.call(hookContext(kind, 'internal', 'update'));
		},
		staticData: () => workflow.getStaticData('node', node),
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** POSTs JSON to `url` with `headers`, the way RyzeAPI (or someone forging it) would. */
export async function postDelivery(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
	const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
	const text = await response.text();
	let answer: unknown = text === '' ? undefined : text;
	try {
		answer = JSON.parse(text) as unknown;
	} catch {
		// not JSON (or empty): kept as text
	}
	return { status: response.status, body: answer };
}
