/**
 * `npm run bench:burst`: 150 webhook calls at once into a real n8n in queue mode (main + 2 workers, Redis,
 * PostgreSQL), with the packed package linking 1–2 fresh groups per call against the simulator at RyzeAPI's real
 * limits: 100 requests per minute per token, 1 s per linked group. Run three times, each with a fresh window: the
 * node as it is (it waits for the rate-limit reset and re-sends), as it was before (`options.maxRateLimitWait: 0`:
 * the first 429 fails the call), and the node at version 2 given the community and the groups by name (it reads the
 * number's group list, `GET /api/group/list/main`, and keeps it for 60 s per n8n process). Prints figures; it is
 * not a test.
 *
 * The physical bound is what no client can beat: every call needs one link request, RyzeAPI admits `limit` per
 * window, so the calls it turned away first wait for the window that admits them (the first window starts with the
 * first request), and the slowest of those then still takes its link time (1 s per group). By name, the requests
 * counted are the link requests plus one group-list request: no client can turn names into JIDs without reading the
 * list at least once, and it draws on the same 100 per minute. Any further list request (one per worker, another
 * when a worker's copy is a minute old) is the node's own cost, so it is left out of the bound and shows in
 * wall / bound.
 */
import * as fs from 'fs';
import * as path from 'path';

import { createUserFolder, ensureRuntime } from '../e2e/lib/n8n';
import {
	burstCalls,
	burstNames,
	burstSeed,
	loggedExecutions,
	postWebhook,
	prepareQueueUserFolder,
	startQueueMode,
	webhookByNameVariant,
	webhookVariant,
	type BurstCall,
	type CallResult,
	type RunningQueueMode,
} from '../e2e/lib/queue';
import { EXAMPLES, packPackage, readExample, STATE_DIR } from '../e2e/lib/ryzeapi';
import { ensureServices, startPostgres, startRedis, type RunningPostgres, type RunningRedis } from '../e2e/lib/services';
import { DEMO, startSimulator, type RunningSimulator } from '../simulator';
import { watchRequestSenders, type SentRequest } from './requestSenders';

const RUN_DIR = path.join(STATE_DIR, 'bench-burst');
const CALLS = 150;
const WORKERS = 2;
/** RyzeAPI's documented figures (the simulator's defaults, spelled out). */
const RATE_LIMIT = { limit: 100, windowMs: 60_000 };
const LINK_DELAY_MS = 1000;
const TARGET_RATIO = 1.15;
/** Far above the longest wait a call can meet (one window), so a slow answer is measured, not cut off. */
const CALL_TIMEOUT_MS = 300_000;
const NO_WAIT = { id: 'ryzeLinkNoWait01', name: 'Webhook → link groups, no rate-limit wait (burst bench)', path: 'ryzeapi-link-groups-no-wait' };
const BY_NAME = { id: 'ryzeLinkByName01', name: 'Webhook → link groups by name (burst bench)', path: 'ryzeapi-link-groups-by-name' };
const LIST_PATH = `/api/group/list/${DEMO.instances.main.name}`;

interface Variant {
	label: string;
	webhookPath: string;
	/** What each call posts. */
	payload(call: BurstCall): unknown;
	/** Whether the answer is right for the call: 200, one item per group in order, each linked, … */
	answeredCorrectly(call: BurstCall, answer: CallResult): boolean;
	/** Group-list requests the bound counts (the least a client of this variant needs). */
	listRequestsInBound: number;
}

const BY_JID = { payload: (call: BurstCall) => call, answeredCorrectly: answeredCorrectlyByJid, listRequestsInBound: 0 };

const VARIANTS: Variant[] = [
	{ label: 'the node as it is (waits for the rate-limit reset)', webhookPath: EXAMPLES.webhook.path, ...BY_JID },
	{ label: 'as it was before (options.maxRateLimitWait: 0)', webhookPath: NO_WAIT.path, ...BY_JID },
	{
		label: 'by name (node version 2: community and groups by name, waits for the rate-limit reset)',
		webhookPath: BY_NAME.path,
		payload: burstNames,
		answeredCorrectly: answeredCorrectlyByName,
		listRequestsInBound: 1,
	},
];

interface Figures {
	correct: number;
	/** Calls not answered correctly, by HTTP status (0: no answer). */
	failures: Map<number, number>;
	wallMs: number;
	boundMs: number;
	p50Ms: number;
	p95Ms: number;
	answers429: number;
	/** Groups RyzeAPI processed in more than one link request (would be a double link). */
	linkedTwice: number;
	/** Executions each worker started during the run. */
	perWorker: number[];
	/** `GET /api/group/list/main` during the run: how many, how many answered 429, who sent them and when. */
	listRequests: { total: number; answers429: number; sent: SentRequest[]; startedAt: number };
}

async function main(): Promise<void> {
	fs.rmSync(RUN_DIR, { recursive: true, force: true });
	await Promise.all([ensureRuntime(), ensureServices()]);
	const tarball = packPackage(RUN_DIR);
	const calls = burstCalls(CALLS);
	const simulator = await startSimulator({ seed: burstSeed(CALLS), rateLimit: RATE_LIMIT, linkDelayMs: LINK_DELAY_MS });
	let redis: RunningRedis | undefined;
	let postgres: RunningPostgres | undefined;
	let queue: RunningQueueMode | undefined;
	try {
		// One after the other: each is assigned as soon as it runs, so the cleanup stops it even if the next one fails.
		redis = await startRedis(path.join(RUN_DIR, 'redis'));
		postgres = await startPostgres(path.join(RUN_DIR, 'postgres'));
		const services = { redis, postgres };
		const userFolder = createUserFolder(RUN_DIR);
		const workflows = [
			readExample('webhook'),
			webhookVariant({ ...NO_WAIT, linkOptions: { maxRateLimitWait: 0 } }),
			webhookByNameVariant({ ...BY_NAME, linkOptions: {} }),
		];
		await prepareQueueUserFolder({ userFolder, tarball, baseUrl: simulator.url, token: DEMO.instances.main.token, workflows }, services);
		queue = await startQueueMode(userFolder, services, { workers: WORKERS });
		printSetup(queue);
		for (const variant of VARIANTS) {
			// A fresh window and world for each run: the same groups, all free again.
			simulator.reset();
			printFigures(variant, await burst(queue, simulator, variant, calls));
		}
	} finally {
		await queue?.stop();
		await Promise.all([redis?.stop(), postgres?.stop()]);
		await simulator.close();
	}
}

async function burst(queue: RunningQueueMode, simulator: RunningSimulator, variant: Variant, calls: BurstCall[]): Promise<Figures> {
	const url = `${queue.main.url}/webhook/${variant.webhookPath}`;
	const startedOn = (): number[] => queue.workers.map((worker) => loggedExecutions(worker.logFile, 'started').length);
	const startedBefore = startedOn();
	const processes = new Map([['main', queue.main.pid], ...queue.workers.map((worker, index): [string, number] => [`worker ${index + 1}`, worker.pid])]);
	const listSenders = watchRequestSenders(simulator.port, processes, (url) => url.split('?')[0] === LIST_PATH);
	const started = Date.now();
	const firstRequestAt = watchFirstRequest(simulator);
	const answers = await Promise.all(calls.map((call) => postWebhook(url, variant.payload(call), CALL_TIMEOUT_MS)));
	const wallMs = Date.now() - started;
	listSenders.stop();
	const firstRequestMs = (firstRequestAt() ?? started) - started;
	const correct = calls.filter((call, index) => variant.answeredCorrectly(call, answers[index]));
	const failures = new Map<number, number>();
	for (const [index, answer] of answers.entries()) {
		if (!correct.includes(calls[index])) failures.set(answer.status, (failures.get(answer.status) ?? 0) + 1);
	}
	const latencies = answers.map((answer) => answer.ms).sort((a, b) => a - b);
	const links = simulator.requests.filter((request) => request.path.startsWith('/api/community/link/'));
	const lists = simulator.requests.filter((request) => request.method === 'GET' && request.path === LIST_PATH);
	return {
		correct: correct.length,
		failures,
		wallMs,
		boundMs: physicalBound(calls, simulator, firstRequestMs, variant.listRequestsInBound),
		p50Ms: percentile(latencies, 0.5),
		p95Ms: percentile(latencies, 0.95),
		answers429: links.filter((request) => request.status === 429).length,
		linkedTwice: countRepeats(links.filter((request) => request.status === 200).flatMap((request) => groupsOf(request.body))),
		perWorker: startedOn().map((count, index) => count - startedBefore[index]),
		listRequests: {
			total: lists.length,
			answers429: lists.filter((request) => request.status === 429).length,
			sent: listSenders.sent,
			startedAt: started,
		},
	};
}

/**
 * Polls for the simulator's first request of this run (it records no times; ±5 ms); the returned function stops
 * polling and tells when it came, if it did.
 */
function watchFirstRequest(simulator: RunningSimulator): () => number | undefined {
	let seenAt: number | undefined;
	const timer = setInterval(() => {
		if (simulator.requests.length === 0) return;
		seenAt = Date.now();
		clearInterval(timer);
	}, 5);
	return () => {
		clearInterval(timer);
		return seenAt;
	};
}

/** 200, and one item per group of the call, in order, each linked to the call's community. */
function answeredCorrectlyByJid(call: BurstCall, answer: CallResult): boolean {
	return perGroupItems(call, answer)?.every((item, index) => item.communityJid === call.communityJid && item.groupJid === call.groups[index]) ?? false;
}

/** The same, and each item names its group as the call did (the names resolved to the right JIDs). */
function answeredCorrectlyByName(call: BurstCall, answer: CallResult): boolean {
	const names = burstNames(call).groups;
	return (
		perGroupItems(call, answer)?.every(
			(item, index) => item.communityJid === call.communityJid && item.groupJid === call.groups[index] && item.groupName === names[index],
		) ?? false
	);
}

/** The answer's items when it is 200 with one item per group of the call, each linked; else undefined. */
function perGroupItems(call: BurstCall, answer: CallResult): Array<Record<string, unknown>> | undefined {
	if (answer.status !== 200 || !Array.isArray(answer.body) || answer.body.length !== call.groups.length) return undefined;
	const items = answer.body as Array<Record<string, unknown>>;
	return items.every((item) => item.status === 'linked') ? items : undefined;
}

/**
 * First request + one window per `limit` requests after the first `limit` (the link requests plus the group-list
 * requests the variant cannot do without) + the link time of the slowest call that RyzeAPI turned away first (those
 * go in a later window). With no call turned away: the slowest call's link time.
 */
function physicalBound(calls: BurstCall[], simulator: RunningSimulator, firstRequestMs: number, listRequests: number): number {
	const { limit, windowMs } = simulator.options.rateLimit;
	const firstAnswer = new Map<string, number>();
	for (const request of simulator.requests) {
		const [group] = groupsOf(request.body);
		if (request.path.startsWith('/api/community/link/') && group !== undefined && !firstAnswer.has(group)) firstAnswer.set(group, request.status);
	}
	const turnedAway = calls.filter((call) => firstAnswer.get(call.groups[0]) === 429);
	const laterWindows = Math.ceil((calls.length + listRequests) / limit) - 1;
	const slowest = Math.max(...(turnedAway.length > 0 ? turnedAway : calls).map((call) => call.groups.length)) * simulator.options.linkDelayMs;
	return firstRequestMs + laterWindows * windowMs + slowest;
}

function groupsOf(body: unknown): string[] {
	const groups = (body as { groupJid?: unknown } | undefined)?.groupJid;
	return Array.isArray(groups) ? (groups as string[]) : [];
}

function countRepeats(values: string[]): number {
	return values.length - new Set(values).size;
}

function percentile(sorted: number[], share: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

function printSetup(queue: RunningQueueMode): void {
	const concurrency = queue.workers.map((worker) => /Concurrency: (\d+)/.exec(fs.readFileSync(worker.logFile, 'utf8'))?.[1] ?? '?');
	console.log('RyzeAPI burst benchmark (npm run bench:burst)');
	console.log(`n8n 2.41.1 in queue mode: main + ${WORKERS} workers (concurrency ${concurrency.join(' and ')}, n8n's default), Redis, PostgreSQL`);
	console.log(`simulator: ${RATE_LIMIT.limit} requests per ${RATE_LIMIT.windowMs / 1000} s per token, ${LINK_DELAY_MS} ms per linked group`);
	console.log(`${CALLS} webhook calls at once, 1 or 2 fresh groups each (${burstCalls(CALLS).reduce((sum, call) => sum + call.groups.length, 0)} groups)`);
	console.log(`target: ${CALLS}/${CALLS} answered correctly, wall / bound ≤ ${TARGET_RATIO}; by name also ≤ 1 group-list request per n8n process per minute`);
	console.log('bound: link requests only; by name, plus 1 group-list request (the least a by-name client needs; the list');
	console.log('  requests draw on the same 100 per 60 s; further ones are the node\'s cost, left out of the bound)');
}

function printFigures(variant: Variant, figures: Figures): void {
	const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
	const failed = CALLS - figures.correct;
	const byStatus = [...figures.failures].map(([status, count]) => `${count} × ${status === 0 ? 'no answer' : `HTTP ${status}`}`).join(', ');
	console.log('');
	console.log(variant.label);
	console.log(`  answered correctly  ${figures.correct}/${CALLS}`);
	console.log(`  failed              ${failed}${failed > 0 ? ` (${byStatus})` : ''}`);
	console.log(`  wall time           ${seconds(figures.wallMs)}`);
	console.log(`  physical bound      ${seconds(figures.boundMs)}`);
	console.log(`  wall / bound        ${(figures.wallMs / figures.boundMs).toFixed(2)}`);
	console.log(`  latency p50 / p95   ${seconds(figures.p50Ms)} / ${seconds(figures.p95Ms)}`);
	console.log(`  RyzeAPI answers     ${figures.answers429} × 429 to link requests; groups linked twice: ${figures.linkedTwice}`);
	if (variant.listRequestsInBound > 0) printListRequests(figures.listRequests);
	console.log(`  executions run by   ${figures.perWorker.map((count, index) => `worker ${index + 1}: ${count}`).join(', ')}`);
}

/** The by-name variant's two extra lines: the group-list requests, then who sent them and when (s after the burst began). */
function printListRequests({ total, answers429, sent, startedAt }: Figures['listRequests']): void {
	const bySender = new Map<string, number[]>([['main', []]]);
	for (const request of sent) bySender.set(request.sender, [...(bySender.get(request.sender) ?? []), request.at - startedAt]);
	const senders = [...bySender].sort(([a], [b]) => a.localeCompare(b));
	const described = senders.map(([sender, times]) =>
		times.length === 0 ? `${sender}: 0` : `${sender}: ${times.length} (at ${times.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s)`,
	);
	console.log(`  group-list requests ${total} (GET ${LIST_PATH}), ${answers429} × 429`);
	console.log(`  list requests by    ${described.join(', ')}${sent.length === total ? '' : ` (${sent.length} of ${total} traced)`}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
