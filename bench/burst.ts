/**
 * `npm run bench:burst -- [flags]`: a burst against a real n8n 2.41.1 with the packed package, linking fresh groups
 * against the simulator at RyzeAPI's real limits: 100 requests per minute per token, 1 s per linked group (and a
 * fresh link shows in the subgroup list after 2 s). Prints figures; it is not a test. `--help` lists the flags
 * (bench/burstOptions.ts); BENCHMARKS.md's Burst section has the figures and the commands that made them.
 *
 * - **Workload.** `webhook` (default): N calls at once to a webhook workflow, each posting one community and its 1–2
 *   groups (`--groups one`: 1 each). `trigger`: N `group.flow` events of RyzeAPI at once, one fresh group each,
 *   delivered by the simulator (`sim.emitEvent`, with its retries: 2, after 10 s without an answer or a non-2xx) to
 *   a published `examples/trigger-auto-link.json`, whose trigger answers each delivery at once and whose Link Groups
 *   links that group (Verify on, as shipped; each group to its own community: bench/burstWorkflows.ts).
 * - **Setup** (`--setup`): `queue` (default; main + `--workers` workers at n8n's default concurrency of 10, Redis),
 *   `regular` (one n8n process as installed: every execution starts at once) or `regular-limit`
 *   (`N8N_CONCURRENCY_PRODUCTION_LIMIT=--limit`: the others wait in n8n's queue); PostgreSQL in all three.
 * - **Webhook variants** (`--variants`, run one after the other on the same n8n, each with a fresh simulator):
 *   `when-done` (the shipped `examples/webhook-link-groups.json`: the caller gets the per-group result, or the
 *   error, when the execution ends), `at-once` (the same answering 202 at once; a call that cannot be linked fails
 *   its execution, where n8n's Error Workflow would report it), and, for the default run, `no-wait` (the node before
 *   it waited: `maxRateLimitWait: 0`) and `by-name` (Link Groups v2 by community and group names; it reads the
 *   number's group list, `GET /api/group/list/main`, and keeps it for 60 s per n8n process).
 *
 * Without flags: 150 webhook calls in queue mode, variants when-done, no-wait and by-name: the run BENCHMARKS.md's
 * first Burst figures were made with.
 *
 * **Each call's outcome**, from the simulator's world (are its groups subgroups of its community now?) and from what
 * anyone was told: the caller's answer (`when-done`: 200 with one linked item per group is done, any other status a
 * failure, none nothing), the call's failed execution (`at-once`, `trigger`: n8n's executions, matched to the call by
 * the group JIDs their stored data names), or a non-2xx answer (`at-once`). Processed correctly = linked and told
 * so (or, at once, told nothing bad); told = not linked and told it failed; lost = not linked and nobody told.
 * Groups linked twice = groups RyzeAPI processed in more than one link request answered 200, and how many such
 * repeated requests there were (a group processed three times counts once, with two repeats).
 *
 * **The physical bound** is what no client can beat: every call needs one link request, RyzeAPI admits `limit` per
 * window, so the calls it turned away first wait for the window that admits them (the first window starts with the
 * first request), and the slowest of those then still takes its link time (1 s per group). By name, the requests
 * counted are the link requests plus one group-list request: no client can turn names into JIDs without reading the
 * list at least once, and it draws on the same 100 per minute. Any further list request (one per worker, another
 * when a worker's copy is a minute old) is the node's own cost, so it is left out of the bound and shows in
 * wall / bound. Wall is until the last caller's answer (`when-done`), or until the last link request was answered
 * (`at-once`, `trigger`: the callers have their answer long before). A second bound counts every request the
 * workflow had RyzeAPI answer (not 429): the same formula with Verify's listings and every list request in it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { ensureRuntime } from '../e2e/lib/n8n';
import { burstCalls, burstNames, burstSeed, loggedExecutions, postWebhook, type BurstCall, type CallResult } from '../e2e/lib/queue';
import { EXAMPLES, packPackage, PROJECT_ROOT, STATE_DIR, triggerWebhook } from '../e2e/lib/ryzeapi';
import { ensureServices } from '../e2e/lib/services';
import { DEMO, startSimulator, type RecordedRequest, type RunningSimulator } from '../simulator';
import { describeFlags, parseBurstOptions, UsageError, USAGE, type BurstOptions, type VariantName } from './burstOptions';
import { FINISHED_STATUSES, startSetup, watchMemory, type BenchN8n, type ExecutionRow } from './burstSetups';
import { triggerWorkflow, WEBHOOK_WORKFLOWS, webhookWorkflow } from './burstWorkflows';
import { watchRequestTimes, type RequestClock } from './requestClock';
import { watchRequestSenders, type SentRequest } from './requestSenders';

const RUN_DIR = path.join(STATE_DIR, 'bench-burst');
/** RyzeAPI's documented figures (the simulator's defaults, spelled out). */
const RATE_LIMIT = { limit: 100, windowMs: 60_000 };
const LINK_DELAY_MS = 1000;
const TARGET_RATIO = 1.1;
/** Callers and proxies give up after 60–100 s: the answers slower than these are counted. */
const CALLER_PATIENCE_S = [60, 100];
/** Once no execution is unfinished and nothing changed this long, the run is over even if fewer came than expected. */
const SETTLE_STALL_MS = 30_000;
/** Longer than a window (60 s) plus the node's spread (1 s) and a link: executions waiting for a reset change nothing. */
const STUCK_MS = 150_000;
const LIST_PATH = `/api/group/list/${DEMO.instances.main.name}`;
const LINK_PREFIX = '/api/community/link/';
const SUBGROUPS_PREFIX = '/api/community/listSubGroups/';

/** What anyone was told about a call: done, failed, nothing, or a success status without any result (`empty`). */
type Report = 'done' | 'failed' | 'none' | 'empty';

interface Variant {
	name: VariantName | 'trigger';
	label: string;
	workflowId: string;
	/** Group-list requests the bound counts (the least a client of this variant needs). */
	listRequestsInBound: number;
}

const VARIANT_LABELS: Record<VariantName, string> = {
	'when-done': 'when-done: the shipped webhook example, answering with the result (the node waits for the rate-limit reset)',
	'at-once': 'at-once: the webhook example answering 202 at once, a failure failing the execution',
	'no-wait': 'as it was before (options.maxRateLimitWait: 0)',
	'by-name': 'by name (node version 2: community and groups by name, waits for the rate-limit reset)',
};

interface Outcomes {
	correct: number;
	/** Not linked, and the caller (or the execution's failure) told so; by how. */
	told: Map<string, number>;
	/** Not linked, nobody told (or told it was done). */
	lost: number;
	lostToldDone: number;
	/** Not linked, answered 2xx without any per-group result (e.g. n8n echoing the call's own request). */
	lostEmpty: number;
	linkedEmpty: number;
	/** Linked, yet told it failed (or, when-done, no answer). */
	linkedToldFailed: number;
	linkedNoAnswer: number;
}

interface Figures {
	outcomes: Outcomes;
	/** Calls answered (or deliveries accepted) by status; 0 = no answer. */
	answerStatuses: Map<number, number>;
	wallMs: number;
	/** When the last caller got its answer. */
	answeredMs: number;
	/** When the last link request was answered 200. */
	linksDoneMs?: number;
	/** When the last execution stopped. */
	executionsDoneMs?: number;
	boundMs: number;
	/** The same bound counting every request answered with something else than 429. */
	requestsBoundMs: number;
	latenciesMs: number[];
	/** Groups in more than one link request answered 200, and the requests beyond each group's first. */
	linkedTwice: { groups: number; repeats: number };
	requests: { kind: string; total: number; answers429: number }[];
	executions: { byStatus: Map<string, number>; settled: Settled; total: number };
	answerMessages: Map<string, number>;
	/** What n8n logged during the run, by line (numbers as N), most frequent first. */
	logLines: Map<string, number>;
	perWorker: number[];
	memoryPeaks: Map<string, number>;
	listRequests: { total: number; answers429: number; sent: SentRequest[]; startedAt: number };
	deliveries?: { attempts: number; retried: number; timeouts: number; neverAccepted: number };
}

async function main(): Promise<void> {
	let options: BurstOptions;
	try {
		options = parseBurstOptions(process.argv.slice(2));
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		if (error.message === '') {
			console.log(USAGE);
			return;
		}
		console.error(`bench:burst: ${error.message}\n\n${USAGE}`);
		process.exitCode = 2;
		return;
	}
	fs.rmSync(RUN_DIR, { recursive: true, force: true });
	await Promise.all([ensureRuntime(), ensureServices()]);
	const tarball = packPackage(RUN_DIR);
	const calls = burstCalls(options.calls, 0, options.groups);
	const simulator = await startSimulator({ seed: burstSeed(options.calls, options.groups), rateLimit: RATE_LIMIT, linkDelayMs: LINK_DELAY_MS });
	let n8n: BenchN8n | undefined;
	try {
		const workflows = options.workload === 'trigger' ? [triggerWorkflow(options.linkOptions, options.triggerAnswer)] : options.variants.map((name) => webhookWorkflow(name, options.linkOptions));
		const token = DEMO.instances.main.token;
		n8n = await startSetup(options, { runDir: RUN_DIR, tarball, baseUrl: simulator.url, token, workflows });
		printHeader(options, n8n, calls);
		if (options.workload === 'trigger') {
			const variant: Variant = { name: 'trigger', label: 'trigger: RyzeAPI group.flow deliveries to the trigger example', workflowId: EXAMPLES.trigger.id, listRequestsInBound: 0 };
			printFigures(options, variant, await triggerBurst(options, n8n, simulator, variant, calls));
		} else {
			for (const name of options.variants) {
				// A fresh window and world for each run: the same groups, all free again.
				simulator.reset();
				const variant: Variant = { name, label: VARIANT_LABELS[name], workflowId: WEBHOOK_WORKFLOWS[name].id, listRequestsInBound: name === 'by-name' ? 1 : 0 };
				printFigures(options, variant, await webhookBurst(options, n8n, simulator, variant, calls));
			}
		}
	} finally {
		await n8n?.stop();
		await simulator.close();
	}
}

/** What every run watches while it goes, and reads back after. */
interface Watch {
	started: number;
	deadline: number;
	afterId: number;
	clock: RequestClock;
	listSenders: ReturnType<typeof watchRequestSenders>;
	memory: ReturnType<typeof watchMemory>;
	workerStartsBefore: number[];
	/** Each n8n log's size when the run began: what n8n logged during the run comes after. */
	logSizes: number[];
}

async function startWatching(options: BurstOptions, n8n: BenchN8n, simulator: RunningSimulator): Promise<Watch> {
	const afterId = await n8n.executions.lastId();
	const started = Date.now();
	return {
		started,
		deadline: started + options.maxMinutes * 60_000,
		afterId,
		clock: watchRequestTimes(simulator),
		listSenders: watchRequestSenders(simulator.port, n8n.processes, (url) => url.split('?')[0] === LIST_PATH),
		memory: watchMemory(n8n.processes),
		workerStartsBefore: n8n.workerLogs.map((log) => loggedExecutions(log, 'started').length),
		logSizes: n8n.logFiles.map((log) => fs.statSync(log).size),
	};
}

async function webhookBurst(options: BurstOptions, n8n: BenchN8n, simulator: RunningSimulator, variant: Variant, calls: BurstCall[]): Promise<Figures> {
	const name = variant.name as VariantName;
	const url = `${n8n.url}/webhook/${WEBHOOK_WORKFLOWS[name].path}`;
	const payload = name === 'by-name' ? burstNames : (call: BurstCall): unknown => call;
	const watch = await startWatching(options, n8n, simulator);
	const answers = await Promise.all(calls.map((call) => postWebhook(url, payload(call), Math.max(1000, watch.deadline - Date.now()))));
	const answeredMs = Date.now() - watch.started;
	const answered = answers.filter((answer) => answer.status !== 0).length;
	const settled = await settleExecutions(n8n, simulator, variant.workflowId, watch, answered);
	const executions = await n8n.executions.rows(variant.workflowId, watch.afterId);
	const reports = calls.map((call, index) => webhookReport(name, call, answers[index], executions));
	const saved = calls.map((call, index) => ({ groups: call.groups, ...answers[index] }));
	fs.writeFileSync(path.join(RUN_DIR, `answers-${name}.json`), JSON.stringify(saved, null, 1));
	return figuresOf(options, n8n, simulator, variant, calls, watch, {
		reports,
		answerMessages: countBy(answers.filter((answer, index) => answer.status !== 0 && reports[index] !== 'done').map(answerMessage)),
		callStatuses: answers.map((answer) => answer.status),
		answerStatuses: countBy(answers.map((answer) => answer.status)),
		latenciesMs: answers.map((answer) => answer.ms),
		answeredMs,
		wallFromLinks: name === 'at-once',
		executions,
		settled,
	});
}

async function triggerBurst(options: BurstOptions, n8n: BenchN8n, simulator: RunningSimulator, variant: Variant, calls: BurstCall[]): Promise<Figures> {
	// A fresh window and request log, with the webhook the trigger registered when n8n started kept.
	const webhooks = structuredClone(simulator.world.webhooksOf(DEMO.instances.main.name));
	if (!webhooks.some((webhook) => webhook.enabled)) throw new Error('the trigger registered no webhook at the simulator');
	simulator.reset();
	for (const webhook of webhooks) simulator.world.saveWebhook(webhook);
	const { label } = triggerWebhook(n8n.url);
	const watch = await startWatching(options, n8n, simulator);
	const deliveries = await Promise.all(
		calls.map(async (call) => {
			const sent = Date.now();
			const lasts = await simulator.emitEvent(DEMO.instances.main.name, 'group.flow', { action: 'joined', jid: call.groups[0] });
			return { status: lasts.find((attempt) => attempt.label === label)?.status ?? 0, ms: Date.now() - sent };
		}),
	);
	const answeredMs = Date.now() - watch.started;
	const attempts = simulator.deliveries.filter((attempt) => attempt.label === label);
	const accepted = attempts.filter((attempt) => attempt.status >= 200 && attempt.status < 300).length;
	const settled = await settleExecutions(n8n, simulator, variant.workflowId, watch, accepted);
	const executions = await n8n.executions.rows(variant.workflowId, watch.afterId);
	const reports = calls.map((call) => executionReport(call, executions) ?? 'none');
	const attemptsOf = (call: BurstCall) => attempts.filter((attempt) => attempt.body.data.jid === call.groups[0]);
	const figures = await figuresOf(options, n8n, simulator, variant, calls, watch, {
		reports,
		callStatuses: deliveries.map((delivery) => delivery.status),
		answerStatuses: countBy(deliveries.map((delivery) => delivery.status)),
		latenciesMs: deliveries.map((delivery) => delivery.ms),
		answeredMs,
		wallFromLinks: true,
		executions,
		settled,
	});
	figures.deliveries = {
		attempts: attempts.length,
		retried: calls.filter((call) => attemptsOf(call).length > 1).length,
		timeouts: attempts.filter((attempt) => attempt.error?.startsWith('no answer within') === true).length,
		neverAccepted: deliveries.filter((delivery) => delivery.status < 200 || delivery.status >= 300).length,
	};
	return figures;
}

/** How waiting for the executions ended. */
type Settled = 'complete' | 'fewer' | 'stuck' | 'deadline';

const SETTLED_NOTES: Record<Settled, string> = {
	complete: '',
	fewer: ` (fewer than calls answered or deliveries accepted; nothing changed for ${SETTLE_STALL_MS / 1000} s)`,
	stuck: ` (some still new or running in the database, though nothing changed for ${STUCK_MS / 1000} s: n8n lost track of them)`,
	deadline: ' (stopped waiting at --max-minutes)',
};

/**
 * Waits until every execution of the run has stopped and at least `expected` exist; or, with none running, nothing
 * changed (executions by status, requests to RyzeAPI) for a while; or, with some still marked running, nothing
 * changed for longer than a rate-limit window plus its spread (n8n marks an execution it lost track of, e.g. after
 * a database error, only at its next start); or the deadline.
 */
async function settleExecutions(n8n: BenchN8n, simulator: RunningSimulator, workflowId: string, watch: Watch, expected: number): Promise<Settled> {
	let last = '';
	let changedAt = Date.now();
	for (;;) {
		const counts = await n8n.executions.counts(workflowId, watch.afterId);
		const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
		const unfinished = [...counts].filter(([status]) => !FINISHED_STATUSES.includes(status)).reduce((sum, [, count]) => sum + count, 0);
		const key = JSON.stringify([[...counts].sort(), simulator.requests.length]);
		if (key !== last) {
			last = key;
			changedAt = Date.now();
		}
		const still = Date.now() - changedAt;
		if (unfinished === 0 && total >= expected) return 'complete';
		if (unfinished === 0 && still > SETTLE_STALL_MS) return 'fewer';
		if (still > STUCK_MS) return 'stuck';
		if (Date.now() > watch.deadline) return 'deadline';
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

/** What the caller of a webhook call was told. */
function webhookReport(name: VariantName, call: BurstCall, answer: CallResult, executions: ExecutionRow[]): Report {
	if (name === 'at-once') {
		if (answer.status >= 300) return 'failed';
		const byExecution = executionReport(call, executions);
		if (byExecution === 'failed') return 'failed';
		return answer.status === 0 ? 'none' : 'done';
	}
	if (answer.status === 0) return 'none';
	const correct = name === 'by-name' ? answeredCorrectlyByName(call, answer) : answeredCorrectlyByJid(call, answer);
	if (correct) return 'done';
	const items = Array.isArray(answer.body) ? (answer.body as Array<Record<string, unknown>>) : [];
	// 2xx, but no item with a status: nothing says whether the groups were linked.
	return answer.status < 300 && !items.some((item) => typeof item.status === 'string') ? 'empty' : 'failed';
}

/** 'failed' when an execution naming one of the call's groups failed; 'done' when one succeeded; else undefined. */
function executionReport(call: BurstCall, executions: ExecutionRow[]): Report | undefined {
	const own = executions.filter((execution) => execution.groups.some((group) => call.groups.includes(group)));
	if (own.some((execution) => ['error', 'crashed', 'canceled'].includes(execution.status))) return 'failed';
	return own.some((execution) => execution.status === 'success') ? 'done' : undefined;
}

interface Observed {
	reports: Report[];
	/** What the answers that were not a success said, by text. */
	answerMessages?: Map<string, number>;
	/** Each call's answer status (0: none), or each delivery's last. */
	callStatuses: number[];
	answerStatuses: Map<number, number>;
	latenciesMs: number[];
	answeredMs: number;
	/** Wall = until the last link request was answered (the callers were answered before the work was done). */
	wallFromLinks: boolean;
	executions: ExecutionRow[];
	settled: Settled;
}

async function figuresOf(
	options: BurstOptions,
	n8n: BenchN8n,
	simulator: RunningSimulator,
	variant: Variant,
	calls: BurstCall[],
	watch: Watch,
	observed: Observed,
): Promise<Figures> {
	const { clock, started } = watch;
	clock.stop();
	watch.listSenders.stop();
	const memoryPeaks = watch.memory.stop();
	const requests = simulator.requests;
	const links = requests.filter((request) => request.path.startsWith(LINK_PREFIX));
	const lists = requests.filter((request) => request.method === 'GET' && request.path === LIST_PATH);
	const firstRequestMs = (clock.firstSeenAt() ?? started) - started;
	const linksDoneAt = Math.max(0, ...links.filter((request) => request.status === 200).map((request) => clock.times.get(request)?.answeredAt ?? 0));
	const stoppedAt = await n8n.executions.lastStoppedAt(variant.workflowId, watch.afterId);
	const linksDoneMs = linksDoneAt > 0 ? linksDoneAt - started : undefined;
	const answered429 = (request: RecordedRequest): boolean => request.status === 429;
	const byKind = (kind: string, match: (request: RecordedRequest) => boolean) => {
		const matching = requests.filter(match);
		return { kind, total: matching.length, answers429: matching.filter(answered429).length };
	};
	const notRefused = requests.filter((request) => request.status !== 429).length;
	return {
		outcomes: outcomesOf(simulator, calls, observed.reports, options.workload === 'trigger' ? 'failed execution' : undefined, observed),
		answerStatuses: observed.answerStatuses,
		wallMs: observed.wallFromLinks ? (linksDoneMs ?? observed.answeredMs) : observed.answeredMs,
		answeredMs: observed.answeredMs,
		linksDoneMs,
		executionsDoneMs: stoppedAt === undefined ? undefined : stoppedAt - started,
		boundMs: physicalBound(calls, simulator, firstRequestMs, calls.length + variant.listRequestsInBound),
		requestsBoundMs: physicalBound(calls, simulator, firstRequestMs, notRefused),
		latenciesMs: [...observed.latenciesMs].sort((a, b) => a - b),
		linkedTwice: repeatsOf(links.filter((request) => request.status === 200).flatMap((request) => groupsOf(request.body))),
		requests: [
			byKind('link', (request) => request.path.startsWith(LINK_PREFIX)),
			byKind('listSubGroups', (request) => request.path.startsWith(SUBGROUPS_PREFIX)),
			byKind('group list', (request) => request.method === 'GET' && request.path === LIST_PATH),
			byKind('other', (request) => !request.path.startsWith(LINK_PREFIX) && !request.path.startsWith(SUBGROUPS_PREFIX) && request.path !== LIST_PATH),
		],
		executions: { byStatus: countBy(observed.executions.map((execution) => execution.status)), settled: observed.settled, total: observed.executions.length },
		answerMessages: observed.answerMessages ?? new Map(),
		logLines: loggedLines(n8n.logFiles, watch.logSizes),
		perWorker: n8n.workerLogs.map((log, index) => loggedExecutions(log, 'started').length - watch.workerStartsBefore[index]),
		memoryPeaks,
		listRequests: { total: lists.length, answers429: lists.filter(answered429).length, sent: watch.listSenders.sent, startedAt: started },
	};
}

/** Each call's outcome: are its groups in its community now, and what was anyone told. */
function outcomesOf(simulator: RunningSimulator, calls: BurstCall[], reports: Report[], failedBy: string | undefined, observed: Observed): Outcomes {
	const outcomes: Outcomes = { correct: 0, told: new Map(), lost: 0, lostToldDone: 0, lostEmpty: 0, linkedEmpty: 0, linkedToldFailed: 0, linkedNoAnswer: 0 };
	for (const [index, call] of calls.entries()) {
		const linked = call.groups.every((group) => simulator.world.groups.get(group)?.parentJid === call.communityJid);
		const report = reports[index];
		if (linked && report === 'done') outcomes.correct += 1;
		else if (linked && report === 'failed') outcomes.linkedToldFailed += 1;
		else if (linked && report === 'empty') outcomes.linkedEmpty += 1;
		else if (linked) outcomes.linkedNoAnswer += 1;
		else if (report === 'failed') {
			const how = failedBy ?? howTold(call, index, observed);
			outcomes.told.set(how, (outcomes.told.get(how) ?? 0) + 1);
		} else if (report === 'done') outcomes.lostToldDone += 1;
		else if (report === 'empty') outcomes.lostEmpty += 1;
		else outcomes.lost += 1;
	}
	return outcomes;
}

/** For a webhook call told it failed: by its answer's status, or (at once, answered 2xx) by its failed execution. */
function howTold(call: BurstCall, index: number, observed: Observed): string {
	const status = observed.callStatuses[index];
	return status >= 300 || executionReport(call, observed.executions) !== 'failed' ? `HTTP ${status}` : 'failed execution';
}

/** What an answer that was not a success said: its first item not linked, or its error; shortened. */
function answerMessage(answer: CallResult): string {
	const { body } = answer;
	let text: string;
	if (Array.isArray(body)) {
		const items = body as Array<Record<string, unknown>>;
		const item = items.find((each) => each.status !== 'linked') ?? {};
		if (items.every((each) => typeof each.status !== 'string')) text = `no per-group result, ${items.some((each) => 'headers' in each && 'body' in each) ? "the call's own request echoed (the Webhook node's item)" : JSON.stringify(items).slice(0, 100)}`;
		else text = `${String(item.status ?? '?')}: ${String(item.reason ?? item.error ?? '')}`;
	} else if (typeof body === 'object' && body !== null) {
		const { error, message, description } = body as Record<string, unknown>;
		text = [error ?? message, description].filter((part) => part !== undefined && part !== '').map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' — ');
	} else text = String(body);
	// Numbers as N: answers that differ only in times and counts count together.
	const shown = text.replace(/\d+(\.\d+)?/g, 'N').replace(/N-N-NTN:N:N(\.N)?Z/g, '<time>');
	return `HTTP ${answer.status} ${shown.length > 150 ? `${shown.slice(0, 150)}…` : shown}`;
}

/** The lines n8n's processes logged after `sizes`, stack frames and the per-execution queue lines left out. */
function loggedLines(files: string[], sizes: number[]): Map<string, number> {
	const lines: string[] = [];
	for (const [index, file] of files.entries()) {
		const text = fs.readFileSync(file).subarray(sizes[index]).toString('utf8');
		for (const line of text.split('\n')) {
			if (line.trim() === '' || /^\s/.test(line) || line === 'Error' || /^(Enqueued|Worker (started|finished)) execution/.test(line)) continue;
			lines.push(line.replace(/\d+/g, 'N').slice(0, 160));
		}
	}
	return new Map([...countBy(lines)].sort(([, a], [, b]) => b - a));
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
 * First request + one window per `limit` requests after the first `limit` (`requests`: the link requests plus the
 * group-list requests the variant cannot do without, or every request answered) + the link time of the slowest call
 * that RyzeAPI turned away first (those go in a later window). With no call turned away: the slowest call's link
 * time.
 */
function physicalBound(calls: BurstCall[], simulator: RunningSimulator, firstRequestMs: number, requests: number): number {
	const { limit, windowMs } = simulator.options.rateLimit;
	const firstAnswer = new Map<string, number>();
	for (const request of simulator.requests) {
		const [group] = groupsOf(request.body);
		if (request.path.startsWith(LINK_PREFIX) && group !== undefined && !firstAnswer.has(group)) firstAnswer.set(group, request.status);
	}
	const turnedAway = calls.filter((call) => firstAnswer.get(call.groups[0]) === 429);
	const laterWindows = Math.max(0, Math.ceil(requests / limit) - 1);
	const slowest = Math.max(...(turnedAway.length > 0 ? turnedAway : calls).map((call) => call.groups.length)) * simulator.options.linkDelayMs;
	return firstRequestMs + laterWindows * windowMs + slowest;
}

function groupsOf(body: unknown): string[] {
	const groups = (body as { groupJid?: unknown } | undefined)?.groupJid;
	return Array.isArray(groups) ? (groups as string[]) : [];
}

function repeatsOf(values: string[]): { groups: number; repeats: number } {
	const counts = countBy(values);
	return { groups: [...counts.values()].filter((count) => count > 1).length, repeats: values.length - counts.size };
}

function countBy<T>(values: T[]): Map<T, number> {
	const counts = new Map<T, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
}

function percentile(sorted: number[], share: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

// ---------------------------------------------------------------------------------------------------------
// Printing

function printHeader(options: BurstOptions, n8n: BenchN8n, calls: BurstCall[]): void {
	const groups = calls.reduce((sum, call) => sum + call.groups.length, 0);
	const what =
		options.workload === 'trigger'
			? `${calls.length} group.flow deliveries at once, one fresh group each, to the trigger example (Verify on, as shipped)`
			: `${calls.length} webhook calls at once, ${options.groups === 'one' ? '1 fresh group each' : '1 or 2 fresh groups each'} (${groups} groups)`;
	console.log('RyzeAPI burst benchmark');
	console.log(`command: ${describeFlags(options)}`);
	console.log(`date: ${new Date().toISOString()}; ${machine()}`);
	console.log(`code: ${codeVersion()}`);
	console.log(`n8n 2.41.1 in ${n8n.description}`);
	console.log(`simulator: ${RATE_LIMIT.limit} requests per ${RATE_LIMIT.windowMs / 1000} s per token, ${LINK_DELAY_MS} ms per linked group, a link shows in listSubGroups after 2 s`);
	if (Object.keys(options.linkOptions).length > 0) console.log(`Link Groups options added: ${JSON.stringify(options.linkOptions)}`);
	console.log(what);
	console.log(`target: ${calls.length}/${calls.length} processed correctly, wall / bound ≤ ${TARGET_RATIO}`);
}

function printFigures(options: BurstOptions, variant: Variant, figures: Figures): void {
	const seconds = (ms: number | undefined): string => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
	const total = options.calls;
	const { outcomes } = figures;
	const told = [...outcomes.told].map(([how, count]) => `${count} × ${how}`).join(', ');
	const statuses = [...figures.answerStatuses].sort(([a], [b]) => a - b).map(([status, count]) => `${count} × ${status === 0 ? 'no answer' : status}`);
	const latencies = figures.latenciesMs;
	const slower = CALLER_PATIENCE_S.map((limit) => `${latencies.filter((ms) => ms > limit * 1000).length} over ${limit} s`).join(', ');
	const noun = options.workload === 'trigger' ? 'deliveries answered' : 'calls answered';
	console.log('');
	console.log(variant.label);
	console.log(`  processed correctly ${outcomes.correct}/${total}`);
	console.log(`  not linked, told    ${[...outcomes.told.values()].reduce((a, b) => a + b, 0)}${told === '' ? '' : ` (${told})`}`);
	const lostNotes = [
		outcomes.lostEmpty > 0 && `${outcomes.lostEmpty} of them answered ${options.workload === 'trigger' ? '' : '2xx '}without any result`,
		outcomes.lostToldDone > 0 && `${outcomes.lostToldDone} of them told it was done`,
	].filter((note): note is string => note !== false);
	console.log(`  lost                ${outcomes.lost + outcomes.lostToldDone + outcomes.lostEmpty} (not linked, nobody told${lostNotes.map((note) => `; ${note}`).join('')})`);
	if (outcomes.linkedToldFailed + outcomes.linkedNoAnswer + outcomes.linkedEmpty > 0) {
		console.log(`  linked, but         ${outcomes.linkedToldFailed} told it failed, ${outcomes.linkedEmpty} answered without any result, ${outcomes.linkedNoAnswer} never answered`);
	}
	console.log(`  groups linked twice ${figures.linkedTwice.groups}${figures.linkedTwice.repeats > figures.linkedTwice.groups ? ` (${figures.linkedTwice.repeats} repeated link requests)` : ''}`);
	console.log(`  ${noun.padEnd(20)}${statuses.join(', ')}; the last after ${seconds(figures.answeredMs)}`);
	console.log(`  caller's wait       p50 ${seconds(percentile(latencies, 0.5))}, p95 ${seconds(percentile(latencies, 0.95))}, max ${seconds(latencies.at(-1))}; ${slower}`);
	console.log(`  links done          ${seconds(figures.linksDoneMs)} (last link request answered 200); executions done ${seconds(figures.executionsDoneMs)}`);
	console.log(`  wall time           ${seconds(figures.wallMs)}${variant.name === 'at-once' || variant.name === 'trigger' ? ' (until the links were done)' : ''}`);
	console.log(`  physical bound      ${seconds(figures.boundMs)}`);
	console.log(`  wall / bound        ${(figures.wallMs / figures.boundMs).toFixed(2)}`);
	const answeredRequests = figures.requests.reduce((sum, kind) => sum + kind.total - kind.answers429, 0);
	console.log(`  bound, all requests ${seconds(figures.requestsBoundMs)} for the ${answeredRequests} requests RyzeAPI answered (not 429); wall / that ${(figures.wallMs / figures.requestsBoundMs).toFixed(2)}`);
	const requestLine = figures.requests.filter((kind) => kind.total > 0).map((kind) => `${kind.kind} ${kind.total} (${kind.answers429} × 429)`);
	console.log(`  RyzeAPI requests    ${requestLine.join(', ')}`);
	const byStatus = [...figures.executions.byStatus].map(([status, count]) => `${count} ${status}`).join(', ');
	console.log(`  executions          ${figures.executions.total}: ${byStatus}${SETTLED_NOTES[figures.executions.settled]}`);
	const top = (counts: Map<string, number>, count: number): string[] =>
		[...counts].sort(([, a], [, b]) => b - a).slice(0, count).map(([text, times]) => `${times} × ${text}`);
	for (const [index, line] of top(figures.answerMessages, 4).entries()) console.log(`  ${index === 0 ? 'answers said' : ''}`.padEnd(22) + line);
	for (const [index, line] of top(figures.logLines, 6).entries()) console.log(`  ${index === 0 ? 'n8n logged' : ''}`.padEnd(22) + line);
	if (figures.deliveries) {
		const { attempts, retried, timeouts, neverAccepted } = figures.deliveries;
		console.log(`  delivery attempts   ${attempts}: ${retried} deliveries retried, ${timeouts} attempts unanswered after 10 s, ${neverAccepted} never accepted`);
	}
	if (variant.listRequestsInBound > 0) printListRequests(figures.listRequests);
	if (figures.perWorker.length > 0) console.log(`  executions run by   ${figures.perWorker.map((count, index) => `worker ${index + 1}: ${count}`).join(', ')}`);
	console.log(`  peak memory         ${[...figures.memoryPeaks].map(([name, bytes]) => `${name} ${Math.round(bytes / 1024 ** 2)} MB`).join(', ')}`);
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

function machine(): string {
	const [one] = os.loadavg();
	return `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}, load average ${one.toFixed(2)} at start`;
}

/** The commit, and whether the packed sources differ from it. */
function codeVersion(): string {
	const git = (...args: string[]): string => execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
	try {
		const dirty = git('status', '--porcelain', '--', 'nodes', 'credentials', 'package.json') !== '';
		return `commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ', with uncommitted changes in nodes/, credentials/ or package.json' : ''}`;
	} catch {
		return 'unknown (no git)';
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
