/**
 * The packed package in a real n8n in queue mode (main + 2 workers, Redis, PostgreSQL), installed like a user
 * install, under bursts of webhook calls against the simulator with a shortened rate-limit window: every call is
 * answered with its per-group results, each group is linked exactly once, executions run on the workers, a
 * worker killed mid-burst costs only a re-send, and the token stays out of logs, Redis and stored executions.
 * Needs dist/, the prepared runtime and the services (npm test prepares all three first).
 */
import * as fs from 'fs';
import * as path from 'path';

import { createUserFolder, ensureRuntime } from '../../e2e/lib/n8n';
import {
	burstCalls,
	burstSeed,
	loggedExecutions,
	postWebhook,
	prepareQueueUserFolder,
	startQueueMode,
	type BurstCall,
	type CallResult,
	type RunningQueueMode,
	type RunningWorker,
} from '../../e2e/lib/queue';
import { EXAMPLES, packPackage, readExample, STATE_DIR } from '../../e2e/lib/ryzeapi';
import { ensureServices, startPostgres, startRedis, type RunningPostgres, type RunningRedis } from '../../e2e/lib/services';
import { DEMO, startSimulator, type RecordedRequest, type RunningSimulator } from '../../simulator';

const RUN_DIR = path.join(STATE_DIR, 'queue-e2e');
const TOKEN = DEMO.instances.main.token;
/** 10 requests per 4 s: a burst of 25 needs three windows, so most executions meet a 429 and must wait. */
const RATE_LIMIT = { limit: 10, windowMs: 4000 };
const BURST = 25;
const KILL_BURST = 12;
/** Long enough for a killed worker's calls: n8n answers them after Bull's stall check plus its own 30 s recheck. */
const CALL_TIMEOUT_MS = 90_000;
jest.setTimeout(240_000);

let simulator: RunningSimulator;
let redis: RunningRedis;
let postgres: RunningPostgres;
let queue: RunningQueueMode;

beforeAll(async () => {
	// Each run starts from nothing: PostgreSQL's and Redis' data and the user folder of earlier runs would pile up.
	fs.rmSync(RUN_DIR, { recursive: true, force: true });
	await Promise.all([ensureRuntime(), ensureServices()]);
	const tarball = packPackage(RUN_DIR);
	simulator = await startSimulator({ seed: burstSeed(BURST + KILL_BURST), rateLimit: RATE_LIMIT, linkDelayMs: 200, propagationDelayMs: 0 });
	// One after the other: each is assigned as soon as it runs, so afterAll stops it even if the next one fails.
	redis = await startRedis(path.join(RUN_DIR, 'redis'));
	postgres = await startPostgres(path.join(RUN_DIR, 'postgres'));
	const services = { redis, postgres };
	const userFolder = createUserFolder(RUN_DIR);
	const workflows = [readExample('webhook')];
	await prepareQueueUserFolder({ userFolder, tarball, baseUrl: simulator.url, token: TOKEN, workflows }, services);
	queue = await startQueueMode(userFolder, services, { workers: 2, fastStallDetection: true });
});

afterAll(async () => {
	// n8n first: PostgreSQL's shutdown waits for its clients to leave.
	await queue?.stop();
	await Promise.all([redis?.stop(), postgres?.stop()]);
	await simulator?.close();
});

function send(webhookPath: string, calls: BurstCall[]): Promise<CallResult[]> {
	return Promise.all(calls.map((call) => postWebhook(`${queue.main.url}/webhook/${webhookPath}`, call, CALL_TIMEOUT_MS)));
}

function isLink(request: RecordedRequest): boolean {
	return request.path.startsWith('/api/community/link/');
}

/** The groups of every link request the simulator answered 200, in order (429s are not processed). */
function linkedByAnswers200(): string[] {
	return simulator.requests
		.filter((request) => isLink(request) && request.status === 200)
		.flatMap((request) => (request.body as { groupJid: string[] }).groupJid);
}

function linkStatuses(): number[] {
	return simulator.requests.filter(isLink).map((request) => request.status);
}

function parentOf(groupJid: string): string | undefined {
	return simulator.world.groups.get(groupJid)?.parentJid;
}

function inFlight(worker: RunningWorker): number {
	return loggedExecutions(worker.logFile, 'started').length - loggedExecutions(worker.logFile, 'finished').length;
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
		await delay(100);
	}
}

describe('in n8n queue mode (main + 2 workers, Redis, PostgreSQL), installed from the packed tarball', () => {
	it('a burst past the rate limit: every call gets its groups linked, each group linked once, all run on workers', async () => {
		const calls = burstCalls(BURST);

		const answers = await send(EXAMPLES.webhook.path, calls);

		expect(answers.map((answer) => answer.status)).toEqual(calls.map(() => 200));
		answers.forEach((answer, index) => {
			const { communityJid, groups } = calls[index];
			expect(answer.body).toEqual(groups.map((groupJid) => expect.objectContaining({ instance: 'main', communityJid, groupJid, status: 'linked' })));
		});
		const groups = calls.flatMap((call) => call.groups);
		expect([...linkedByAnswers200()].sort()).toEqual([...groups].sort());
		expect(linkStatuses().filter((status) => status === 429).length).toBeGreaterThan(0);
		expect(calls.every((call) => call.groups.every((groupJid) => parentOf(groupJid) === call.communityJid))).toBe(true);

		// Main enqueued every execution and the workers ran exactly those; PostgreSQL holds them all as successes.
		const enqueued = loggedExecutions(queue.main.logFile, 'enqueued');
		const ranOnWorkers = queue.workers.flatMap((worker) => loggedExecutions(worker.logFile, 'started'));
		expect(enqueued).toHaveLength(BURST);
		expect([...ranOnWorkers].sort()).toEqual([...enqueued].sort());
		const statuses = await postgres.query(`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${EXAMPLES.webhook.id}' GROUP BY status`);
		expect(statuses.trim()).toBe(`success|${BURST}`);
	});

	it('a worker killed mid-burst: re-sent calls report every group linked, those already linked as alreadyLinked', async () => {
		const calls = burstCalls(KILL_BURST, BURST);
		// Links of 1 s per group keep executions in flight long enough to kill a worker in the middle of some; a
		// fresh rate-limit window lets most links in at once, so the killed worker is caught linking, not waiting.
		simulator.options.linkDelayMs = 1000;
		await delay(RATE_LIMIT.windowMs);
		const sentBefore = simulator.requests.length;
		const pending = send(EXAMPLES.webhook.path, calls);

		await until('both workers run executions and RyzeAPI has linked some groups', () => {
			const linked = simulator.requests.slice(sentBefore).filter((request) => isLink(request) && request.status === 200).length;
			return linked >= 3 && queue.workers.every((worker) => inFlight(worker) > 0);
		});
		const victim = [...queue.workers].sort((a, b) => inFlight(b) - inFlight(a))[0];
		victim.kill('SIGKILL');
		const first = await pending;

		const lost = calls.filter((_, index) => first[index].status !== 200);
		expect(lost.length).toBeGreaterThan(0);
		// n8n answers a call whose worker died with its generic failure once Bull and its own recheck give up.
		expect(first.filter((answer) => answer.status !== 200).map((answer) => [answer.status, answer.body])).toEqual(
			lost.map(() => [500, { message: 'Error in workflow' }]),
		);
		const linkedBeforeResend = new Set(lost.flatMap((call) => call.groups.filter((groupJid) => parentOf(groupJid) === call.communityJid)));
		const resent = await send(EXAMPLES.webhook.path, lost);

		expect(resent.map((answer) => answer.status)).toEqual(lost.map(() => 200));
		const final = calls.map((call, index) => (first[index].status === 200 ? first[index] : resent[lost.indexOf(call)]));
		final.forEach((answer, index) => {
			const { communityJid, groups } = calls[index];
			const expected = groups.map((groupJid) =>
				expect.objectContaining({ communityJid, groupJid, status: 'linked', alreadyLinked: linkedBeforeResend.has(groupJid) }),
			);
			expect(answer.body).toEqual(expected);
		});
		expect(linkedBeforeResend.size).toBeGreaterThan(0);
		expect(calls.every((call) => call.groups.every((groupJid) => parentOf(groupJid) === call.communityJid))).toBe(true);
	});

	it('the token is nowhere: not in n8n logs (main and workers), stored executions, Redis or a request URL', async () => {
		const logs = queue.logFiles().map((file) => fs.readFileSync(file, 'utf8'));
		const executions = await postgres.dumpExecutionData();
		const keys = await redis.dump();

		expect(logs.join('\n')).toContain('Worker started execution');
		expect(executions).toContain(EXAMPLES.webhook.id);
		expect(logs.filter((log) => log.includes(TOKEN))).toEqual([]);
		expect(executions).not.toContain(TOKEN);
		expect(keys).not.toContain(TOKEN);
		expect(simulator.requests.filter((request) => request.url.includes(TOKEN))).toEqual([]);
		expect(simulator.requests.every((request) => request.headers.token === TOKEN)).toBe(true);
	});
});
