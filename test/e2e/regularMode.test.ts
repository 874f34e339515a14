/**
 * The packed package in a real n8n in regular mode (n8n's default: one process, `n8n start`; SQLite here), under a
 * burst of webhook calls against the simulator with a shortened rate-limit window, with n8n's production
 * concurrency limit (`N8N_CONCURRENCY_PRODUCTION_LIMIT`) and without it. The limit only applies to production
 * executions (webhooks, triggers), not to manual or CLI runs, so everything here goes through webhooks.
 *
 * The window is 15 times shorter than RyzeAPI's (10 requests per 4 s instead of 100 per 60 s), and so is Link
 * Groups' Max Rate-Limit Wait (8 s instead of 120 s): 30 calls need three windows, as 300 calls at the real rate
 * do. Without the limit every execution starts at once and its wait counts from the first second, so the calls of
 * the third window pass 8 s and are answered 429 (as 15 of 300 real calls were, BENCHMARKS.md / issue 16). With
 * the limit (5, half a window's requests) the others wait in n8n's queue and each running execution waits at most
 * one window. Needs dist/ and the prepared runtime (npm test prepares both first).
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { createUserFolder, ensureRuntime, freePort, importWorkflow, publishWorkflow, startN8n, waitUntil, type RunningN8n, type WorkflowJson } from '../../e2e/lib/n8n';
import { burstCalls, burstSeed, postWebhook, webhookVariant, type BurstCall, type CallResult } from '../../e2e/lib/queue';
import { EXAMPLES, packPackage, readExample, setUpUserFolder, STATE_DIR } from '../../e2e/lib/ryzeapi';
import { DEMO, startSimulator, type RunningSimulator } from '../../simulator';

const RUN_DIR = path.join(STATE_DIR, 'regular-e2e');
const RATE_LIMIT = { limit: 10, windowMs: 4000 };
/**
 * RyzeAPI's pause per group (its contract: 1 s). An execution holds its slot that long after RyzeAPI accepts its
 * link, so executions that start as others end cannot use up a fresh window before those waiting for it return.
 */
const LINK_DELAY_MS = 1000;
/** The example's Max Rate-Limit Wait (120 s) scaled like the window (60 s → 4 s). */
const MAX_RATE_LIMIT_WAIT_S = (120 * RATE_LIMIT.windowMs) / 60_000;
const BURST = 30;
const CONCURRENCY_LIMIT = 5;
const SCALED = { id: 'ryzeLinkScaled01', name: 'Webhook → link groups, Max Rate-Limit Wait scaled (regular-mode test)', path: 'ryzeapi-link-groups-scaled' };
const CALL_TIMEOUT_MS = 60_000;
jest.setTimeout(120_000);

let simulator: RunningSimulator;
let userFolder: string;
/** Link requests RyzeAPI refused (429) during the burst under the limit. */
let refusedWithLimit: number | undefined;

beforeAll(async () => {
	fs.rmSync(RUN_DIR, { recursive: true, force: true });
	await ensureRuntime();
	const tarball = packPackage(RUN_DIR);
	simulator = await startSimulator({ seed: burstSeed(2 * BURST), rateLimit: RATE_LIMIT, linkDelayMs: LINK_DELAY_MS, propagationDelayMs: 0 });
	userFolder = createUserFolder(RUN_DIR);
	await setUpUserFolder({ userFolder, tarball, baseUrl: simulator.url, token: DEMO.instances.main.token });
	// Verify off: one request per call, so the windows a burst needs are known (the example's Verify lists after linking).
	await importWorkflow(userFolder, webhookVariant({ ...SCALED, linkOptions: { maxRateLimitWait: MAX_RATE_LIMIT_WAIT_S, verify: false } }));
	await publishWorkflow(userFolder, SCALED.id);
	await publishWorkflow(userFolder, EXAMPLES.webhookAsync.id);
	await importWorkflow(userFolder, triggerAnsweringAtOnce());
	await publishWorkflow(userFolder, TRIGGER_AT_ONCE.id);
});

const TRIGGER_AT_ONCE = { id: 'ryzeTriggerAtOnc', name: 'RyzeAPI Trigger answering At Once (regular-mode test)' };

/** The trigger example with Answer RyzeAPI = At Once, its Max Rate-Limit Wait scaled, under an id of its own. */
function triggerAnsweringAtOnce(): WorkflowJson {
	const workflow = readExample('trigger');
	for (const node of workflow.nodes as Array<{ type: string; webhookId?: string; parameters: Record<string, unknown> }>) {
		if (node.type === 'n8n-nodes-ryzeapi.ryzeApiTrigger') {
			node.webhookId = randomUUID();
			node.parameters.options = { answerDeliveries: 'atOnce' };
		}
		if (node.type === 'n8n-nodes-ryzeapi.ryzeApi') node.parameters.options = { ...(node.parameters.options as object), maxRateLimitWait: MAX_RATE_LIMIT_WAIT_S };
	}
	return { ...workflow, ...TRIGGER_AT_ONCE };
}

afterAll(async () => {
	await simulator?.close();
});

function send(n8n: RunningN8n, webhookPath: string, calls: unknown[]): Promise<CallResult[]> {
	return Promise.all(calls.map((call) => postWebhook(`${n8n.url}/webhook/${webhookPath}`, call, CALL_TIMEOUT_MS)));
}

const isLink = (request: { path: string }) => request.path.startsWith('/api/community/link/');

/** The groups of every link request RyzeAPI answered 200, in order (a 429 links nothing). */
function linkedByAnswers200(): string[] {
	return simulator.requests.filter((request) => isLink(request) && request.status === 200).flatMap((request) => (request.body as { groupJid: string[] }).groupJid);
}

function refusedLinks(): number {
	return simulator.requests.filter((request) => isLink(request) && request.status === 429).length;
}

function perGroupLinked(call: BurstCall): unknown {
	return call.groups.map((groupJid) => expect.objectContaining({ instance: 'main', communityJid: call.communityJid, groupJid, status: 'linked' }));
}

describe('in n8n regular mode (`n8n start`, SQLite), installed from the packed tarball, a burst of 30 webhook calls past the rate limit', () => {
	describe(`with N8N_CONCURRENCY_PRODUCTION_LIMIT=${CONCURRENCY_LIMIT}`, () => {
		let n8n: RunningN8n;

		beforeAll(async () => {
			n8n = await startN8n(userFolder, { port: await freePort(), env: { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(CONCURRENCY_LIMIT) } });
		});

		afterAll(async () => {
			await n8n?.stop();
		});

		beforeEach(() => simulator.reset());

		it('answers every call 200 with its groups linked, each group linked once, no call answered 429', async () => {
			const calls = burstCalls(BURST);

			const answers = await send(n8n, SCALED.path, calls);

			expect(answers.map((answer) => answer.status)).toEqual(calls.map(() => 200));
			answers.forEach((answer, index) => expect(answer.body).toEqual(perGroupLinked(calls[index])));
			const groups = calls.flatMap((call) => call.groups);
			expect([...linkedByAnswers200()].sort()).toEqual([...groups].sort());
			expect(calls.every((call) => call.groups.every((groupJid) => simulator.world.groups.get(groupJid)?.parentJid === call.communityJid))).toBe(true);
			// The burst did meet the rate limit: RyzeAPI refused some links, which the node waited out.
			refusedWithLimit = refusedLinks();
			expect(refusedWithLimit).toBeGreaterThan(0);
		});

		// n8n 2.41 sends a Webhook's "Respond Immediately" answer only once the execution has its slot (it reserves the
		// slot before it answers, to give $execution.id): under the limit, the answer-at-once example is not immediate.
		it('the answer-at-once example answers 202 only when its execution gets a slot: callers queue behind the limit', async () => {
			simulator.options.linkDelayMs = 2000;
			try {
				const calls = DEMO.directoryGroups.slice(0, 2 * CONCURRENCY_LIMIT).map((group) => ({ communityJid: DEMO.communityJid, groups: [group.jid] }));

				const answers = await send(n8n, EXAMPLES.webhookAsync.path, calls);

				expect(answers.map((answer) => answer.status)).toEqual(calls.map(() => 202));
				const times = answers.map((answer) => answer.ms).sort((a, b) => a - b);
				// The second half waited for the first half's links (2 s each) to end before n8n answered them.
				expect(times[CONCURRENCY_LIMIT] - times[0]).toBeGreaterThan(1500);
			} finally {
				simulator.options.linkDelayMs = LINK_DELAY_MS;
			}
		});
	});

	// Under the limit n8n answers a trigger's delivery only when its execution gets a slot; RyzeAPI takes a delivery
	// unanswered after its timeout as lost and sends the event again (BENCHMARKS.md: 300 events, 826 executions).
	describe(`the RyzeAPI Trigger answering At Once, with N8N_CONCURRENCY_PRODUCTION_LIMIT=${CONCURRENCY_LIMIT}`, () => {
		const EVENTS = 20;
		/** Shorter than the queue's wait: a delivery answered only when its execution starts would be sent again. */
		const DELIVERY_TIMEOUT_MS = 2000;
		let n8n: RunningN8n;

		beforeAll(async () => {
			simulator.reset();
			// Publishing registers the trigger's webhook at the simulator when n8n starts.
			n8n = await startN8n(userFolder, { port: await freePort(), env: { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(CONCURRENCY_LIMIT) } });
		});

		afterAll(async () => {
			simulator.options.deliveryTimeoutMs = 10_000;
			await n8n?.stop();
		});

		it('RyzeAPI has every answer at once while the executions queue: no event sent twice, each group linked once', async () => {
			simulator.options.deliveryTimeoutMs = DELIVERY_TIMEOUT_MS;
			const groups = DEMO.directoryGroups.slice(0, EVENTS).map((group) => group.jid);

			const deliveries = (await Promise.all(groups.map((jid) => simulator.emitEvent('main', 'group.flow', { action: 'joined', jid })))).flat();

			expect(deliveries.map((delivery) => [delivery.status, delivery.attempt])).toEqual(groups.map(() => [200, 1]));
			await waitUntil('RyzeAPI has answered a link of every group', () => linkedByAnswers200().length >= EVENTS, 90_000);
			expect([...linkedByAnswers200()].sort()).toEqual([...groups].sort());
			expect(groups.every((jid) => simulator.world.groups.get(jid)?.parentJid === DEMO.communityJid)).toBe(true);
			expect(simulator.deliveries).toHaveLength(EVENTS);
		});
	});

	describe('without the limit (n8n as installed)', () => {
		let n8n: RunningN8n;

		beforeAll(async () => {
			simulator.reset();
			n8n = await startN8n(userFolder, { port: await freePort() });
		});

		afterAll(async () => {
			await n8n?.stop();
		});

		it('every execution starts at once and waits from the first second: the third window\'s calls are answered 429', async () => {
			const calls = burstCalls(BURST, BURST);

			const answers = await send(n8n, SCALED.path, calls);

			const refused = answers.filter((answer) => answer.status === 429);
			expect(answers.every((answer) => answer.status === 200 || answer.status === 429)).toBe(true);
			expect(refused.length).toBeGreaterThan(0);
			for (const answer of refused) {
				expect(answer.body).toEqual({ error: 'Rate limit exceeded. Try again later.', description: expect.stringContaining(`would pass Max Rate-Limit Wait (${MAX_RATE_LIMIT_WAIT_S} s)`) });
			}
			// The calls answered 200 have their groups linked, once; a call answered 429 linked nothing.
			const linkedCalls = calls.filter((_, index) => answers[index].status === 200);
			expect([...linkedByAnswers200()].sort()).toEqual(linkedCalls.flatMap((call) => call.groups).sort());
			// Every waiting execution re-sends at each reset: more refused links than under the limit.
			expect(refusedLinks()).toBeGreaterThan(refusedWithLimit ?? 0);
		});
	});
});
