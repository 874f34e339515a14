/**
 * The RyzeAPI Trigger inside a real n8n (2.41.1 on Node 24, from e2e/runtime), installed from the packed tarball,
 * with the simulator in-process as RyzeAPI, running the example examples/trigger-auto-link.json: publishing
 * registers the webhook, a joined (or created) event starts an execution that links the group, a left, promoted,
 * demoted or group-details event starts one that stops at the example's filter (no link request), forged deliveries
 * start nothing, deactivating disables the webhook, and the instance's token (in every delivery's instanceData) stays
 * out of n8n's stored executions and log. Needs dist/ and the prepared runtime (npm test does both first).
 */
import { parse } from 'flatted';
import * as fs from 'fs';
import * as path from 'path';

import {
	createUserFolder,
	deactivateWorkflow,
	ensureRuntime,
	freePort,
	listenForTestEvent,
	publishWorkflow,
	setUpOwner,
	startN8n,
	stopListening,
	waitUntil,
	type RestSession,
	type RunningN8n,
} from '../../e2e/lib/n8n';
import { EXAMPLES, packPackage, setUpUserFolder, STATE_DIR, triggerWebhook } from '../../e2e/lib/ryzeapi';
import { DEMO, startSimulator, type RunningSimulator } from '../../simulator';
import { postDelivery } from '../support/trigger';

// Its own folder: the other real-n8n tests empty theirs when they start, and jest runs test files in parallel.
const E2E_DIR = path.join(STATE_DIR, 'trigger-e2e');
const TOKEN = DEMO.instances.main.token;
const GROUP = DEMO.freeGroups[0];
/** The example's filter between the trigger and Link Groups: only joined or created groups get linked. */
const FILTER = 'Only joined or created';
/** Long enough for a delivery n8n accepted to reach the link request; a forged one must show nothing by then. */
const SETTLE_MS = 2_000;
jest.setTimeout(180_000);

let simulator: RunningSimulator;
let userFolder: string;
let n8n: RunningN8n;
let owner: RestSession;
let webhook: { label: string; url: string };

beforeAll(async () => {
	fs.rmSync(E2E_DIR, { recursive: true, force: true });
	await ensureRuntime();
	const tarball = packPackage(E2E_DIR);
	// No retries: a refused delivery shows as it was answered.
	simulator = await startSimulator({ linkDelayMs: 0, propagationDelayMs: 0, deliveryRetries: 0 });
	userFolder = createUserFolder(E2E_DIR);
	await setUpUserFolder({ userFolder, tarball, baseUrl: simulator.url, token: TOKEN });
	await publishWorkflow(userFolder, EXAMPLES.trigger.id);
	n8n = await startN8n(userFolder, { port: await freePort() });
	owner = await setUpOwner(n8n);
	webhook = triggerWebhook(n8n.url);
});

afterAll(async () => {
	await n8n?.stop();
	await simulator?.close();
});

interface ExecutionSummary {
	id: string;
	status: string;
}

async function executions(): Promise<ExecutionSummary[]> {
	const filter = JSON.stringify({ workflowId: EXAMPLES.trigger.id });
	const { results } = await owner.call<{ results: ExecutionSummary[] }>('GET', `/executions?filter=${encodeURIComponent(filter)}`);
	return results;
}

/** Everything n8n stored of each execution (its run data included), as text. */
async function storedExecutions(): Promise<string> {
	const stored = await Promise.all((await executions()).map((execution) => owner.call('GET', `/executions/${execution.id}`)));
	return JSON.stringify(stored);
}

/** n8n's own files in <userFolder>/.n8n whose names match, as one text (bytes as latin1: SQLite pages are binary). */
function n8nDataFiles(names: RegExp): string {
	const dataDir = path.join(userFolder, '.n8n');
	const files = fs.readdirSync(dataDir).filter((name) => names.test(name));
	return files.map((name) => fs.readFileSync(path.join(dataDir, name)).toString('latin1')).join('\n');
}

/** The nodes that ran in execution `id`, with how many items each output (n8n keeps the run data flatted). */
async function nodesRun(id: string): Promise<Record<string, number>> {
	const execution = await owner.call<{ data: string }>('GET', `/executions/${id}`);
	const { resultData } = parse(execution.data) as { resultData: { runData: Record<string, Array<{ data?: { main?: unknown[][] } }>> } };
	return Object.fromEntries(Object.entries(resultData.runData).map(([name, [task]]) => [name, task.data?.main?.[0]?.length ?? 0]));
}

function linkRequests() {
	return simulator.requests.filter((request) => request.path.startsWith('/api/community/link/'));
}

function delivery(data: Record<string, unknown>) {
	return { event: 'group.flow', data, instanceData: { baseUrl: simulator.url, instance: 'main', token: TOKEN } };
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('the RyzeAPI Trigger in a real n8n, installed from the packed tarball', () => {
	it('publishing registers its webhook at RyzeAPI: enabled, at n8n\'s production URL, for group.flow, with a secret of its own', () => {
		expect(simulator.world.webhooksOf('main')).toEqual([
			{
				instance: 'main',
				label: webhook.label,
				enabled: true,
				url: webhook.url,
				authorization: expect.stringMatching(/^Bearer [A-Za-z0-9]{40}$/),
				byEvents: false,
				events: ['group.flow'],
				mediaBase64: false,
			},
		]);
	});

	it('a group.flow joined event from RyzeAPI is accepted and starts one execution, which passes the filter and links that group', async () => {
		const [answered] = await simulator.emitEvent('main', 'group.flow', { action: 'joined', jid: GROUP });

		expect({ url: answered.url, status: answered.status }).toEqual({ url: webhook.url, status: 200 });
		await waitUntil('the execution succeeded', async () => (await executions()).some((execution) => execution.status === 'success'));
		expect((await executions()).map((execution) => execution.status)).toEqual(['success']);
		expect(linkRequests().map((request) => request.body)).toEqual([{ communityJid: DEMO.communityJid, groupJid: [GROUP] }]);
		expect(simulator.world.groups.get(GROUP)?.parentJid).toBe(DEMO.communityJid);
		const [execution] = await executions();
		expect(await nodesRun(execution.id)).toEqual({ 'RyzeAPI Trigger': 1, [FILTER]: 1, 'Link Groups': 1 });
	});

	it('a delivery without the secret, or with a wrong one, gets 401 and starts nothing', async () => {
		const forged = delivery({ action: 'joined', jid: DEMO.freeGroups[1] });
		const wrongSecret = `Bearer ${'x'.repeat(40)}`;

		const statuses = [(await postDelivery(webhook.url, forged)).status, (await postDelivery(webhook.url, forged, { Authorization: wrongSecret })).status];
		await delay(SETTLE_MS);

		expect(statuses).toEqual([401, 401]);
		expect(linkRequests()).toHaveLength(1);
		expect(await executions()).toHaveLength(1);
		expect(simulator.world.groups.get(DEMO.freeGroups[1])?.parentJid).toBeUndefined();
	});

	it('left, promoted, demoted and group-details events of a free group each start an execution that stops at the filter: no link request', async () => {
		const group = DEMO.freeGroups[3];
		const participant = '5511900000009@s.whatsapp.net';
		const events = [
			{ action: 'left', jid: group, participants: [participant] },
			{ action: 'promoted', jid: group, participants: [participant] },
			{ action: 'demoted', jid: group, participants: [participant] },
			// A details change: "metadata (name, topic, announce, link, etc.)" in RyzeAPI's words.
			{ jid: group, name: 'Street 1 to 9', topic: 'New rules' },
		];
		const before = (await executions()).map((execution) => execution.id);

		for (const data of events) {
			const [answered] = await simulator.emitEvent('main', 'group.flow', data);
			expect(answered.status).toBe(200);
		}
		await waitUntil('four more executions succeeded', async () => (await executions()).filter((execution) => execution.status === 'success').length === before.length + 4);
		await delay(SETTLE_MS);

		const added = (await executions()).filter((execution) => !before.includes(execution.id));
		expect(added.map((execution) => execution.status)).toEqual(['success', 'success', 'success', 'success']);
		for (const execution of added) expect(await nodesRun(execution.id)).toEqual({ 'RyzeAPI Trigger': 1, [FILTER]: 0 });
		expect(linkRequests()).toHaveLength(1);
		expect(simulator.world.groups.get(group)?.parentJid).toBeUndefined();
	});

	it('a created event links its group too', async () => {
		const group = DEMO.freeGroups[4];

		const [answered] = await simulator.emitEvent('main', 'group.flow', { action: 'created', jid: group });

		expect(answered.status).toBe(200);
		await waitUntil(`${group} is linked`, () => simulator.world.groups.get(group)?.parentJid === DEMO.communityJid);
		expect(linkRequests().map((request) => request.body)).toEqual([
			{ communityJid: DEMO.communityJid, groupJid: [GROUP] },
			{ communityJid: DEMO.communityJid, groupJid: [group] },
		]);
	});

	it('the instance token is nowhere in what n8n stored (executions, database, event log) nor in its log; the secret is not logged', async () => {
		const stored = await storedExecutions();
		const database = n8nDataFiles(/^database\.sqlite/);
		const eventLog = n8nDataFiles(/^n8nEventLog/);
		const log = fs.readFileSync(n8n.logFile, 'utf8');
		const secret = simulator.world.webhook('main', webhook.label)?.authorization.replace('Bearer ', '') ?? '';

		// Each holds the execution (so this looks at the right data), none holds instanceData.token.
		expect(stored).toContain(GROUP);
		expect(database).toContain(GROUP);
		expect(eventLog).toContain('n8n.audit.workflow.executed');
		for (const text of [stored, database, eventLog, log]) expect(text).not.toContain(TOKEN);
		expect(secret).toHaveLength(40);
		expect(log).not.toContain(secret);
	});

	it("listening for a test event registers a -test webhook of its own; stopping leaves the active workflow's webhook as it was", async () => {
		const active = simulator.world.webhook('main', webhook.label);
		const activeAuthorization = active?.authorization;
		const testLabel = `${webhook.label}-test`;

		await listenForTestEvent(owner, EXAMPLES.trigger.id, EXAMPLES.trigger.node);
		await waitUntil('the test webhook is registered', () => simulator.world.webhook('main', testLabel)?.enabled === true);
		const test = simulator.world.webhook('main', testLabel);
		expect(test?.url).toBe(webhook.url.replace('/webhook/', '/webhook-test/'));
		expect(test?.authorization).toEqual(expect.stringMatching(/^Bearer [A-Za-z0-9]{40}$/));
		expect(test?.authorization).not.toBe(activeAuthorization);
		await stopListening(owner, EXAMPLES.trigger.id);
		await waitUntil('the test webhook is disabled', () => simulator.world.webhook('main', testLabel)?.enabled === false);

		expect(simulator.world.webhook('main', webhook.label)).toMatchObject({ enabled: true, url: webhook.url, authorization: activeAuthorization });
	});

	it('deactivating the workflow (REST API, as the owner) disables its webhook at RyzeAPI, and events go nowhere', async () => {
		await deactivateWorkflow(owner, EXAMPLES.trigger.id);

		// n8n ran the node's webhook delete: it disabled its label, nothing more.
		expect(simulator.requests.filter((request) => request.method === 'POST' && request.path === '/api/events/webhook/main').at(-1)?.body).toEqual({
			label: webhook.label,
			enabled: false,
		});
		expect(simulator.world.webhook('main', webhook.label)).toMatchObject({ enabled: false, url: '', authorization: '', events: [] });
		expect(await simulator.emitEvent('main', 'group.flow', { action: 'joined', jid: DEMO.freeGroups[2] })).toEqual([]);
		expect((await postDelivery(webhook.url, delivery({ action: 'joined', jid: DEMO.freeGroups[2] }))).status).toBe(404);
	});
});
