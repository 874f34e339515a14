/**
 * A real n8n in queue mode, as large installs run it: a main process (`n8n start`: editor, API and production
 * webhooks; it only enqueues executions) and N workers (`n8n worker`: they run them), sharing Redis (Bull's job
 * queue, pub/sub) and PostgreSQL (workflows, credentials, executions) from ./services. Every process gets its own
 * ports (HTTP, task broker, worker health check) and logs to <userFolder>/logs. For comparison, the same n8n in
 * regular mode (one process) on PostgreSQL, with or without n8n's production concurrency limit.
 *
 * Also the burst workload the queue-mode test and bench/burst.ts both send: many webhook calls at once, each
 * linking its own fresh groups to one of several communities.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';

import { DEMO, demoSeed, type SimGroup, type SimulatorSeed } from '../../simulator';
import {
	freePort,
	httpStatus,
	importCredentials,
	importWorkflow,
	installCommunityPackage,
	n8nEnv,
	newLogFile,
	publishWorkflow,
	runtimePaths,
	startBackground,
	startN8n,
	type BackgroundProcess,
	type RunningN8n,
	type WorkflowJson,
} from './n8n';
import { DEMO_CREDENTIAL, readExample } from './ryzeapi';
import { POSTGRES_DATABASE, POSTGRES_USER, type RunningPostgres, type RunningRedis } from './services';

const START_TIMEOUT_MS = 120_000;

export interface QueueServices {
	redis: RunningRedis;
	postgres: RunningPostgres;
}

/** What every n8n process of one setup shares (main, workers and the CLI imports alike). */
export function queueEnv({ redis, postgres }: QueueServices): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		...postgresEnv(postgres),
	};
}

/** n8n's database settings for one of ours (queue mode's, or a regular-mode n8n on PostgreSQL). */
export function postgresEnv(postgres: RunningPostgres): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: POSTGRES_DATABASE,
		DB_POSTGRESDB_USER: POSTGRES_USER,
		DB_POSTGRESDB_PASSWORD: '',
	};
}

/**
 * Bull's defaults (lock 60 s, renewed every 10 s, stall check every 30 s) fail a dead worker's jobs only after
 * about 95 s. With these, within about 8 s; n8n then still rechecks the execution for up to 30 s before it gives up.
 */
const FAST_STALL_DETECTION = {
	QUEUE_WORKER_LOCK_DURATION: '5000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '1000',
	QUEUE_WORKER_STALLED_INTERVAL: '2000',
};

export interface QueueUserFolder {
	userFolder: string;
	tarball: string;
	/** Where the credential points: the simulator's URL. */
	baseUrl: string;
	token: string;
	/** Imported and published (webhooks must be published before main starts). */
	workflows: WorkflowJson[];
}

/** Installs the packed package as n8n's installer would, then imports the credential and workflows into PostgreSQL. */
export async function prepareQueueUserFolder(setup: QueueUserFolder, services: QueueServices): Promise<void> {
	await prepareUserFolderWith(setup, queueEnv(services));
}

/** The same for an n8n in regular mode (one process, no Redis) on PostgreSQL, or without it on n8n's default SQLite. */
export async function prepareRegularUserFolder(setup: QueueUserFolder, postgres: RunningPostgres | undefined): Promise<void> {
	await prepareUserFolderWith(setup, postgres ? postgresEnv(postgres) : {});
}

async function prepareUserFolderWith(setup: QueueUserFolder, env: Record<string, string>): Promise<void> {
	const { userFolder, tarball, baseUrl, token, workflows } = setup;
	const options = { env };
	await installCommunityPackage(userFolder, tarball);
	await importCredentials(userFolder, [{ ...DEMO_CREDENTIAL, data: { tokenType: 'instance', token, baseUrl } }], options);
	await importWorkflow(userFolder, workflows, options);
	for (const workflow of workflows) await publishWorkflow(userFolder, workflow.id, options);
}

export interface RunningWorker extends BackgroundProcess {
	/** The worker's health server: GET /healthz/readiness. */
	healthUrl: string;
}

export interface RunningQueueMode {
	main: RunningN8n;
	workers: RunningWorker[];
	/** main's and every worker's log file. */
	logFiles(): string[];
	/** Stops main and every worker (each SIGTERM, then SIGKILL after a bound), all at once. */
	stop(): Promise<void>;
}

export interface QueueModeOptions {
	workers: number;
	/** Short Bull lock and stall settings, for tests that kill a worker. Default false (n8n's own). */
	fastStallDetection?: boolean;
}

/** Starts main and the workers side by side; resolves when all are ready, or stops those that started and throws. */
export async function startQueueMode(userFolder: string, services: QueueServices, options: QueueModeOptions): Promise<RunningQueueMode> {
	const env = queueEnv(services);
	const workerEnv = { ...env, ...(options.fastStallDetection ? FAST_STALL_DETECTION : {}) };
	const starting = [
		startN8n(userFolder, { port: await freePort(), env, timeoutMs: START_TIMEOUT_MS }),
		...Array.from({ length: options.workers }, (_, index) => startWorker(userFolder, index + 1, workerEnv)),
	];
	const settled = await Promise.allSettled(starting);
	const started = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
	const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
	if (failure) {
		await Promise.all(started.map((child) => child.stop()));
		throw failure.reason;
	}
	const [main, ...workers] = started as [RunningN8n, ...RunningWorker[]];
	return {
		main,
		workers,
		logFiles: () => [main.logFile, ...workers.map((worker) => worker.logFile)],
		stop: async () => {
			await Promise.all(started.map((child) => child.stop()));
		},
	};
}

export interface RegularModeOptions {
	/**
	 * n8n's `N8N_CONCURRENCY_PRODUCTION_LIMIT`: production executions (webhooks, triggers) run at most this many at a
	 * time; the others wait in n8n's in-memory queue. Absent: n8n's default, no limit.
	 */
	productionConcurrencyLimit?: number;
}

/**
 * `n8n start` in regular mode (the default: one process runs everything) on PostgreSQL, or without it on n8n's
 * default SQLite (<userFolder>/.n8n/database.sqlite): resolves when it serves the published workflows' webhooks.
 */
export async function startRegularMode(userFolder: string, postgres: RunningPostgres | undefined, options: RegularModeOptions = {}): Promise<RunningN8n> {
	const limit = options.productionConcurrencyLimit;
	const env = { ...(postgres ? postgresEnv(postgres) : {}), ...(limit === undefined ? {} : { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(limit) }) };
	return startN8n(userFolder, { port: await freePort(), env, timeoutMs: START_TIMEOUT_MS });
}

async function startWorker(userFolder: string, number: number, env: Record<string, string>): Promise<RunningWorker> {
	const healthPort = await freePort();
	const { nodeBin, n8nBin } = runtimePaths();
	const worker = startBackground(nodeBin, [n8nBin, 'worker'], {
		// cwd = user folder: n8n loads a .env file from its working directory.
		cwd: userFolder,
		env: n8nEnv(userFolder, {
			...env,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		}),
		logFile: newLogFile(userFolder, `worker-${number}`),
	});
	const healthUrl = `http://127.0.0.1:${healthPort}`;
	let exitCode: number | undefined;
	void worker.exited.then((code) => (exitCode = code));
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (Date.now() < deadline && exitCode === undefined) {
		if ((await httpStatus(`${healthUrl}/healthz/readiness`)) === 200) return { ...worker, healthUrl };
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	await worker.stop();
	const log = fs.readFileSync(worker.logFile, 'utf8').trimEnd().split('\n').slice(-40).join('\n');
	throw new Error(`n8n worker ${number} did not get ready (${exitCode === undefined ? 'timed out' : `exit code ${exitCode}`})\n${log}`);
}

// ---------------------------------------------------------------------------------------------------------
// What the logs say (n8n 2.41 logs these at level info)

const LOG_LINES = {
	/** main: `Enqueued execution 12 (job 12)` */
	enqueued: /Enqueued execution (\d+) \(job/g,
	/** a worker: `Worker started execution 12 (job 12)` */
	started: /Worker started execution (\d+) \(job/g,
	/** a worker: `Worker finished execution 12 (job 12)` */
	finished: /Worker finished execution (\d+) \(job/g,
};

/** The execution ids a log names in lines of that kind, in order. */
export function loggedExecutions(logFile: string, kind: keyof typeof LOG_LINES): string[] {
	return [...fs.readFileSync(logFile, 'utf8').matchAll(LOG_LINES[kind])].map((match) => match[1]);
}

// ---------------------------------------------------------------------------------------------------------
// The burst workload

export interface BurstCall {
	communityJid: string;
	/** 1 or 2 groups, each free (the instance `main` is admin, no community yet) and used by no other call. */
	groups: string[];
}

/** Calls per community: at most 2 groups each keeps a community well under RyzeAPI's 50-subgroup cap. */
const CALLS_PER_COMMUNITY = 20;

/** 18-digit JIDs in a range the demo seed does not use: community c is ...c00, its Announcements ...c01. */
const burstJid = (community: number, slot: number): string => `120363610${String(community * 100 + slot).padStart(9, '0')}@g.us`;

/** How many groups each call links: 1 for even indexes and 2 for odd ones (the default), or 1 each. */
export type BurstGroups = 'oneOrTwo' | 'one';

/**
 * Call `index` (0-based): its community, and 1 group for even indexes, 2 for odd ones (or 1 for every index with
 * `groups: 'one'`), in slots of its own. Call `index` has the same community and first group either way.
 */
export function burstCall(index: number, groups: BurstGroups = 'oneOrTwo'): BurstCall {
	const community = Math.floor(index / CALLS_PER_COMMUNITY);
	const firstSlot = 2 + 2 * (index % CALLS_PER_COMMUNITY);
	const slots = index % 2 === 0 || groups === 'one' ? [firstSlot] : [firstSlot, firstSlot + 1];
	return { communityJid: burstJid(community, 0), groups: slots.map((slot) => burstJid(community, slot)) };
}

/** Calls first..first+count-1. */
export function burstCalls(count: number, first = 0, groups: BurstGroups = 'oneOrTwo'): BurstCall[] {
	return Array.from({ length: count }, (_, offset) => burstCall(first + offset, groups));
}

/** Community `community`'s name in the burst seed (unique, like every burst name). */
export const burstCommunityName = (community: number): string => `Burst Community ${community}`;

/** A burst group's name in the burst seed: "Burst " and its JID's 9 distinguishing digits. */
export const burstGroupName = (jid: string): string => `Burst ${jid.slice(9, 18)}`;

/** What a by-name webhook gets for a call: the community's and the groups' names, the groups in the call's order. */
export function burstNames(call: BurstCall): { community: string; groups: string[] } {
	// burstJid: the 9 digits after 120363610 are community × 100 + slot.
	const community = Number(call.communityJid.slice(9, 16));
	return { community: burstCommunityName(community), groups: call.groups.map(burstGroupName) };
}

/** The demo seed plus every community and group calls 0..calls-1 need, `main` admin of all. */
export function burstSeed(calls: number, groups: BurstGroups = 'oneOrTwo'): SimulatorSeed {
	const seed = demoSeed();
	const participants = (): SimGroup['participants'] => ({ [DEMO.instances.main.name]: 'admin' });
	const plain = { isCommunity: false, isDefaultSubGroup: false };
	for (let community = 0; community * CALLS_PER_COMMUNITY < calls; community++) {
		const communityJid = burstJid(community, 0);
		seed.groups.push(
			{ ...plain, jid: communityJid, name: burstCommunityName(community), isCommunity: true, participants: participants() },
			{ ...plain, jid: burstJid(community, 1), name: 'Announcements', isDefaultSubGroup: true, parentJid: communityJid, participants: participants() },
		);
	}
	for (const call of burstCalls(calls, 0, groups)) {
		for (const jid of call.groups) seed.groups.push({ ...plain, jid, name: burstGroupName(jid), participants: participants() });
	}
	return seed;
}

/**
 * The webhook example (webhook → Link Groups → Respond to Webhook) under another id, name and path, with options
 * merged into the Link Groups node's, e.g. `{verify: true}` or `{maxRateLimitWait: 0}`.
 */
export function webhookVariant(variant: { id: string; name: string; path: string; linkOptions: Record<string, unknown> }): WorkflowJson {
	const workflow = readExample('webhook');
	const nodes = workflow.nodes as Array<{ type: string; webhookId?: string; parameters: Record<string, unknown> }>;
	for (const node of nodes) {
		if (node.type === 'n8n-nodes-base.webhook') {
			node.parameters.path = variant.path;
			// Each webhook node needs an id of its own; n8n keys registered webhooks by it as well as by path.
			node.webhookId = randomUUID();
		}
		if (node.type === 'n8n-nodes-ryzeapi.ryzeApi') {
			node.parameters.options = { ...(node.parameters.options as Record<string, unknown>), ...variant.linkOptions };
		}
	}
	return { ...workflow, id: variant.id, name: variant.name };
}

/**
 * webhookVariant with the Link Groups node taking the community and the groups by name from the
 * payload (`{community, groups}`: a community name and a list of group names, as burstNames gives them).
 */
export function webhookByNameVariant(variant: Parameters<typeof webhookVariant>[0]): WorkflowJson {
	const workflow = webhookVariant(variant);
	const nodes = workflow.nodes as Array<{ type: string; parameters: Record<string, unknown> }>;
	for (const node of nodes) {
		if (node.type !== 'n8n-nodes-ryzeapi.ryzeApi') continue;
		const { community: _community, groups: _groups, ...parameters } = node.parameters;
		node.parameters = {
			...parameters,
			community: { __rl: true, mode: 'name', value: '={{ $json.body.community }}' },
			groupSelection: 'name',
			groupNames: '={{ $json.body.groups }}',
		};
	}
	return workflow;
}

export interface CallResult {
	/** 0 when no answer came (connection closed, or timed out). */
	status: number;
	body: unknown;
	/** From sending the request to the end of the answer. */
	ms: number;
}

/** POSTs JSON to one of main's webhooks; never rejects: a missing answer is status 0. */
export function postWebhook(url: string, body: unknown, timeoutMs: number): Promise<CallResult> {
	const started = Date.now();
	return new Promise((resolve) => {
		const done = (status: number, text: string): void => resolve({ status, body: parseJson(text), ms: Date.now() - started });
		const request = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, timeout: timeoutMs }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => done(response.statusCode ?? 0, Buffer.concat(chunks).toString()));
			response.on('error', () => done(0, ''));
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => done(0, ''));
		request.end(JSON.stringify(body));
	});
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
