/**
 * The three n8n setups bench/burst.ts compares, each on a PostgreSQL of its own (the executions are read from it):
 * regular mode as installed (one process, no concurrency limit), regular mode with n8n's production concurrency
 * limit, and queue mode (main + workers, Redis). Also what the bench reads back: executions by status and the
 * burst groups each one names, and the n8n processes' memory.
 */
import * as fs from 'fs';
import * as path from 'path';

import { createUserFolder, type WorkflowJson } from '../e2e/lib/n8n';
import { prepareQueueUserFolder, prepareRegularUserFolder, startQueueMode, startRegularMode } from '../e2e/lib/queue';
import { startPostgres, startRedis, type RunningPostgres, type RunningRedis } from '../e2e/lib/services';
import type { BurstOptions } from './burstOptions';

export interface BenchN8n {
	/** One line: the mode and its concurrency. */
	description: string;
	/** Where production webhooks are served. */
	url: string;
	/** Every n8n process by name (main, worker 1, …): for who sent what, and memory. */
	processes: Map<string, number>;
	/** Queue mode's workers' log files (executions each one ran); none in regular mode. */
	workerLogs: string[];
	postgres: RunningPostgres;
	stop(): Promise<void>;
}

export interface SetupInput {
	runDir: string;
	tarball: string;
	baseUrl: string;
	token: string;
	/** Imported and published before n8n starts (webhooks and triggers are registered at start). */
	workflows: WorkflowJson[];
}

/** Starts PostgreSQL (and Redis for queue mode), prepares a user folder, then n8n; on failure stops what started. */
export async function startSetup(options: BurstOptions, input: SetupInput): Promise<BenchN8n> {
	let redis: RunningRedis | undefined;
	let postgres: RunningPostgres | undefined;
	const stopServices = async (): Promise<void> => {
		await Promise.all([redis?.stop(), postgres?.stop()]);
	};
	try {
		// One after the other: each is assigned as soon as it runs, so the cleanup stops it even if the next one fails.
		postgres = await startPostgres(path.join(input.runDir, 'postgres'));
		if (options.setup === 'queue') redis = await startRedis(path.join(input.runDir, 'redis'));
		const userFolder = createUserFolder(input.runDir);
		const folder = { userFolder, tarball: input.tarball, baseUrl: input.baseUrl, token: input.token, workflows: input.workflows };
		if (options.setup === 'queue') {
			const services = { redis: redis as RunningRedis, postgres };
			await prepareQueueUserFolder(folder, services);
			const queue = await startQueueMode(userFolder, services, { workers: options.workers });
			const concurrency = queue.workers.map((worker) => /Concurrency: (\d+)/.exec(fs.readFileSync(worker.logFile, 'utf8'))?.[1] ?? '?');
			const running = postgres;
			return {
				description: `queue mode: main + ${options.workers} workers (concurrency ${concurrency.join(' and ')}, n8n's default), Redis, PostgreSQL`,
				url: queue.main.url,
				processes: new Map([['main', queue.main.pid], ...queue.workers.map((worker, index): [string, number] => [`worker ${index + 1}`, worker.pid])]),
				workerLogs: queue.workers.map((worker) => worker.logFile),
				postgres: running,
				stop: async () => {
					await queue.stop();
					await stopServices();
				},
			};
		}
		await prepareRegularUserFolder(folder, postgres);
		const limit = options.setup === 'regular-limit' ? options.limit : undefined;
		const n8n = await startRegularMode(userFolder, postgres, { productionConcurrencyLimit: limit });
		return {
			description:
				limit === undefined
					? 'regular mode as installed: one process, no production concurrency limit (n8n\'s default), PostgreSQL'
					: `regular mode: one process, N8N_CONCURRENCY_PRODUCTION_LIMIT=${limit}, PostgreSQL`,
			url: n8n.url,
			processes: new Map([['main', n8n.pid]]),
			workerLogs: [],
			postgres,
			stop: async () => {
				await n8n.stop();
				await stopServices();
			},
		};
	} catch (error) {
		await stopServices();
		throw error;
	}
}

export interface ExecutionRow {
	id: number;
	status: string;
	/** The burst group JIDs its stored data names (its input: the call's or the event's groups). */
	groups: string[];
}

/** The workflow's executions with an id above `afterId`, each with the burst groups its data names. */
export async function executionsOf(postgres: RunningPostgres, workflowId: string, afterId: number): Promise<ExecutionRow[]> {
	const sql =
		`SELECT e.id || '|' || e.status || '|' || coalesce((SELECT string_agg(DISTINCT m[1], ',') FROM regexp_matches(d.data, '(120363610[0-9]{9}@g\\.us)', 'g') AS m), '') ` +
		`FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id ` +
		`WHERE e."workflowId" = '${workflowId}' AND e.id > ${afterId} ORDER BY e.id`;
	const text = await postgres.query(sql);
	return text
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => {
			const [id, status, groups] = line.split('|');
			return { id: Number(id), status, groups: groups === '' ? [] : groups.split(',') };
		});
}

/** Executions of the workflow above `afterId`, by status (cheap: no data read). */
export async function executionCounts(postgres: RunningPostgres, workflowId: string, afterId: number): Promise<Map<string, number>> {
	const text = await postgres.query(`SELECT status || '|' || count(*) FROM execution_entity WHERE "workflowId" = '${workflowId}' AND id > ${afterId} GROUP BY status`);
	return new Map(
		text
			.split('\n')
			.filter((line) => line !== '')
			.map((line): [string, number] => {
				const [status, count] = line.split('|');
				return [status, Number(count)];
			}),
	);
}

/** When the workflow's last execution above `afterId` stopped (Date.now() scale), if any did. */
export async function lastStoppedAt(postgres: RunningPostgres, workflowId: string, afterId: number): Promise<number | undefined> {
	const text = (await postgres.query(`SELECT extract(epoch from max("stoppedAt")) * 1000 FROM execution_entity WHERE "workflowId" = '${workflowId}' AND id > ${afterId}`)).trim();
	return text === '' ? undefined : Math.round(Number(text));
}

export async function lastExecutionId(postgres: RunningPostgres): Promise<number> {
	return Number((await postgres.query('SELECT coalesce(max(id), 0) FROM execution_entity')).trim());
}

/** Statuses of an execution that will not change any more. */
export const FINISHED_STATUSES = ['success', 'error', 'crashed', 'canceled'];

/** Samples the resident memory of each process (and its children: n8n's task runner) every second; peak per name. */
export function watchMemory(processes: Map<string, number>): { stop(): Map<string, number> } {
	const peaks = new Map<string, number>([...processes.keys()].map((name) => [name, 0]));
	const sample = (): void => {
		for (const [name, pid] of processes) peaks.set(name, Math.max(peaks.get(name) ?? 0, treeRssBytes(pid)));
	};
	sample();
	const timer = setInterval(sample, 1000);
	return {
		stop: () => {
			clearInterval(timer);
			sample();
			return peaks;
		},
	};
}

function treeRssBytes(pid: number): number {
	let total = rssBytes(pid);
	let children: string[] = [];
	try {
		children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
	} catch {
		// gone, or no children file
	}
	for (const child of children) total += treeRssBytes(Number(child));
	return total;
}

function rssBytes(pid: number): number {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}
