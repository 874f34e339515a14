/** n8n's REST API (the editor's), for what the CLI cannot do to a running server. */
import * as http from 'http';

import { delay } from './processes';
import type { RunningN8n } from './server';

/** Test-only owner account; n8n wants 8+ characters with a digit and a capital letter. */
const TEST_OWNER = { email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: 'E2e-owner-Passw0rd' };

export interface RestSession {
	/** One call to `<url>/rest<path>` as the owner: the answer's `data`; rejects on a non-2xx status. */
	call<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** Sets up the owner of a fresh n8n (who then owns the imported workflows) and returns a session as that owner. */
export async function setUpOwner(n8n: Pick<RunningN8n, 'url'>): Promise<RestSession> {
	const setup = await restRequest(`${n8n.url}/rest/owner/setup`, 'POST', {}, TEST_OWNER);
	const cookie = (setup.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]).join('; ');
	if (cookie === '') throw new Error('n8n set up the owner but issued no session cookie');
	return {
		call: async <T>(method: 'GET' | 'POST' | 'DELETE', restPath: string, body?: unknown) => {
			const answer = await restRequest(`${n8n.url}/rest${restPath}`, method, { cookie }, body);
			return (answer.body as { data: T }).data;
		},
	};
}

/**
 * Deactivates (unpublishes) a workflow in a running n8n, which runs its trigger nodes' webhook `delete`.
 * `n8n unpublish:workflow` cannot: it only changes the database, for the next start.
 */
export async function deactivateWorkflow(session: RestSession, id: string): Promise<void> {
	await session.call('POST', `/workflows/${id}/deactivate`, {});
}

interface RestAnswer {
	headers: http.IncomingHttpHeaders;
	body: unknown;
}

function restRequest(url: string, method: string, headers: http.OutgoingHttpHeaders, body?: unknown): Promise<RestAnswer> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method, headers: { ...headers, 'Content-Type': 'application/json' } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString();
				const status = response.statusCode ?? 0;
				if (status < 200 || status > 299) reject(new Error(`${method} ${new URL(url).pathname} answered HTTP ${status}: ${text.slice(0, 300)}`));
				else resolve({ headers: response.headers, body: JSON.parse(text || 'null') as unknown });
			});
		});
		request.on('error', reject);
		request.end(body === undefined ? undefined : JSON.stringify(body));
	});
}

/**
 * Listens for a test event, as the editor's "Execute workflow" from a trigger does: n8n registers the trigger's test
 * webhook (its `create`, in manual mode). `stopListening` is the editor's stop: n8n removes it (`delete`).
 */
export async function listenForTestEvent(session: RestSession, workflowId: string, triggerName: string): Promise<void> {
	const answer = await session.call<{ waitingForWebhook?: boolean }>('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: triggerName } });
	if (answer?.waitingForWebhook !== true) throw new Error(`n8n did not wait for a test event: ${JSON.stringify(answer)}`);
}

export async function stopListening(session: RestSession, workflowId: string): Promise<void> {
	await session.call('DELETE', `/test-webhook/${workflowId}`);
}

/** Polls condition every 100 ms until it holds; fails naming what it waited for after timeoutMs. */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
		await delay(100);
	}
}

/**
 * Runs a workflow from one of its Manual Triggers, as the editor's "Execute workflow" button for that trigger does,
 * and waits until the execution ends; resolves with its status (`success`, `error`...). This is also how a node
 * n8n cannot run under `n8n execute` gets run: in 2.41 the CLI does not start n8n's modules, so the Data Table node
 * fails there ("the module is disabled").
 */
export async function runFromManualTrigger(session: RestSession, workflowId: string, triggerName: string, timeoutMs = 30_000): Promise<string> {
	const { executionId } = await session.call<{ executionId: string }>('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: triggerName } });
	let status = '';
	await waitUntil(`execution ${executionId} of ${workflowId} ends`, async () => {
		const execution = await session.call<{ finished: boolean; status: string }>('GET', `/executions/${executionId}`);
		status = execution.status;
		return !['new', 'running', 'waiting'].includes(status);
	}, timeoutMs);
	return status;
}

export interface ExecutionSummary {
	id: string;
	/** `manual`, `webhook`, `trigger`... */
	mode: string;
	/** `new` (queued), `running`, `success`, `error`... */
	status: string;
}

/** The workflow's executions, newest first. */
export async function workflowExecutions(session: RestSession, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const { results } = await session.call<{ results: ExecutionSummary[] }>('GET', `/executions?filter=${filter}`);
	return results;
}

export interface DataTableInfo {
	id: string;
	name: string;
	projectId: string;
	columns: Array<{ name: string; type: string }>;
}

/** The data tables (n8n's Data Tables) the owner can see that are named exactly `name`. */
export async function dataTablesNamed(session: RestSession, name: string): Promise<DataTableInfo[]> {
	const { data } = await session.call<{ data: DataTableInfo[] }>('GET', `/data-tables-global?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
	return data.filter((table) => table.name === name);
}

/** Every row of the one data table named `name`, in insertion order (with n8n's `id`, `createdAt`, `updatedAt`). */
export async function dataTableRows(session: RestSession, name: string): Promise<Array<Record<string, unknown>>> {
	const tables = await dataTablesNamed(session, name);
	if (tables.length !== 1) throw new Error(`expected one data table named "${name}", found ${tables.length}`);
	const [{ id, projectId }] = tables;
	const { data } = await session.call<{ data: Array<Record<string, unknown>> }>('GET', `/projects/${projectId}/data-tables/${id}/rows`);
	return [...data].sort((a, b) => Number(a.id) - Number(b.id));
}
