/**
 * The three n8n setups bench/burst.ts compares, each on a PostgreSQL of its own (or, in regular mode, n8n's default
 * SQLite): regular mode as installed (one process, no concurrency limit), regular mode with n8n's production
 * concurrency limit, and queue mode (main + workers, Redis). Also what the bench reads back from n8n's database:
 * executions by status and the burst groups each one names; and the n8n processes' memory.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';

import { createUserFolder, type WorkflowJson } from '../e2e/lib/n8n';
import { prepareQueueUserFolder, prepareRegularUserFolder, startQueueMode, startRegularMode } from '../e2e/lib/queue';
import { startPostgres, startRedis, type RunningPostgres, type RunningRedis } from '../e2e/lib/services';
import type { BurstOptions } from './burstOptions';

const execFileAsync = promisify(execFile);

export interface BenchN8n {
	/** One line: the mode, its concurrency and database. */
	description: string;
	/** Where production webhooks are served. */
	url: string;
	/** Every n8n process by name (main, worker 1, …): for who sent what, and memory. */
	processes: Map<string, number>;
	/** Every n8n process's log file. */
	logFiles: string[];
	/** Queue mode's workers' log files (executions each one ran); none in regular mode. */
	workerLogs: string[];
	executions: ExecutionStore;
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

/** Starts the database (and Redis for queue mode), prepares a user folder, then n8n; on failure stops what started. */
export async function startSetup(options: BurstOptions, input: SetupInput): Promise<BenchN8n> {
	let redis: RunningRedis | undefined;
	let postgres: RunningPostgres | undefined;
	const stopServices = async (): Promise<void> => {
		await Promise.all([redis?.stop(), postgres?.stop()]);
	};
	try {
		// One after the other: each is assigned as soon as it runs, so the cleanup stops it even if the next one fails.
		if (options.db === 'postgres') postgres = await startPostgres(path.join(input.runDir, 'postgres'));
		if (options.setup === 'queue') redis = await startRedis(path.join(input.runDir, 'redis'));
		const userFolder = createUserFolder(input.runDir);
		const folder = { userFolder, tarball: input.tarball, baseUrl: input.baseUrl, token: input.token, workflows: input.workflows };
		if (options.setup === 'queue') {
			const services = { redis: redis as RunningRedis, postgres: postgres as RunningPostgres };
			await prepareQueueUserFolder(folder, services);
			const queue = await startQueueMode(userFolder, services, { workers: options.workers });
			const concurrency = queue.workers.map((worker) => /Concurrency: (\d+)/.exec(fs.readFileSync(worker.logFile, 'utf8'))?.[1] ?? '?');
			return {
				description: `queue mode: main + ${options.workers} workers (concurrency ${concurrency.join(' and ')}, n8n's default), Redis, PostgreSQL`,
				url: queue.main.url,
				processes: new Map([['main', queue.main.pid], ...queue.workers.map((worker, index): [string, number] => [`worker ${index + 1}`, worker.pid])]),
				logFiles: queue.logFiles(),
				workerLogs: queue.workers.map((worker) => worker.logFile),
				executions: postgresStore(services.postgres),
				stop: async () => {
					await queue.stop();
					await stopServices();
				},
			};
		}
		await prepareRegularUserFolder(folder, postgres);
		const limit = options.setup === 'regular-limit' ? options.limit : undefined;
		const n8n = await startRegularMode(userFolder, postgres, { productionConcurrencyLimit: limit });
		const database = postgres ? 'PostgreSQL' : "SQLite (n8n's default)";
		return {
			description:
				limit === undefined
					? `regular mode as installed: one process, no production concurrency limit (n8n's default), ${database}`
					: `regular mode: one process, N8N_CONCURRENCY_PRODUCTION_LIMIT=${limit}, ${database}`,
			url: n8n.url,
			processes: new Map([['main', n8n.pid]]),
			logFiles: [n8n.logFile],
			workerLogs: [],
			executions: postgres ? postgresStore(postgres) : sqliteStore(path.join(userFolder, '.n8n', 'database.sqlite')),
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

/** n8n's executions as stored, read back (never written). */
export interface ExecutionStore {
	/** The workflow's executions with an id above `afterId`, each with the burst groups its data names. */
	rows(workflowId: string, afterId: number): Promise<ExecutionRow[]>;
	/** The same by status (cheap: no data read). */
	counts(workflowId: string, afterId: number): Promise<Map<string, number>>;
	/** When the last of them stopped (Date.now() scale), if any did. */
	lastStoppedAt(workflowId: string, afterId: number): Promise<number | undefined>;
	lastId(): Promise<number>;
}

/** Statuses of an execution that will not change any more. */
export const FINISHED_STATUSES = ['success', 'error', 'crashed', 'canceled'];

const BURST_JID = '120363610[0-9]{9}@g\\.us';

function postgresStore(postgres: RunningPostgres): ExecutionStore {
	const lines = async (sql: string): Promise<string[][]> =>
		(await postgres.query(sql))
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => line.split('|'));
	const where = (workflowId: string, afterId: number): string => `"workflowId" = '${workflowId}' AND id > ${afterId}`;
	return {
		rows: async (workflowId, afterId) =>
			(
				await lines(
					`SELECT e.id || '|' || e.status || '|' || coalesce((SELECT string_agg(DISTINCT m[1], ',') FROM regexp_matches(d.data, '(${BURST_JID})', 'g') AS m), '') ` +
						`FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e.${where(workflowId, afterId)} ORDER BY e.id`,
				)
			).map(([id, status, groups]) => ({ id: Number(id), status, groups: groups === '' ? [] : groups.split(',') })),
		counts: async (workflowId, afterId) =>
			new Map(
				(await lines(`SELECT status || '|' || count(*) FROM execution_entity WHERE ${where(workflowId, afterId)} GROUP BY status`)).map(
					([status, count]): [string, number] => [status, Number(count)],
				),
			),
		lastStoppedAt: async (workflowId, afterId) => {
			const text = (await postgres.query(`SELECT extract(epoch from max("stoppedAt")) * 1000 FROM execution_entity WHERE ${where(workflowId, afterId)}`)).trim();
			return text === '' ? undefined : Math.round(Number(text));
		},
		lastId: async () => Number((await postgres.query('SELECT coalesce(max(id), 0) FROM execution_entity')).trim()),
	};
}

/** Python's sqlite3 module, read-only: no SQLite client in the project, and n8n's own copy is built for Node 24. */
const SQLITE_READER = `
import datetime, json, re, sqlite3, sys
db, kind, workflow, after = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
con = sqlite3.connect('file:' + db + '?mode=ro', uri=True, timeout=60)
where = 'e."workflowId" = ? AND e.id > ?'
if kind == 'rows':
    rows = con.execute('SELECT e.id, e.status, d.data FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE ' + where + ' ORDER BY e.id', (workflow, after))
    print(json.dumps([[i, s, sorted(set(re.findall(r'${BURST_JID}', d or '')))] for i, s, d in rows]))
elif kind == 'counts':
    print(json.dumps(con.execute('SELECT e.status, count(*) FROM execution_entity e WHERE ' + where + ' GROUP BY e.status', (workflow, after)).fetchall()))
elif kind == 'stopped':
    (value,) = con.execute('SELECT max(e."stoppedAt") FROM execution_entity e WHERE ' + where, (workflow, after)).fetchone()
    when = None if value is None else datetime.datetime.fromisoformat(str(value).replace(' ', 'T').replace('Z', '')).replace(tzinfo=datetime.timezone.utc)
    print(json.dumps(None if when is None else round(when.timestamp() * 1000)))
else:
    print(json.dumps(con.execute('SELECT coalesce(max(id), 0) FROM execution_entity').fetchone()[0]))
`;

function sqliteStore(file: string): ExecutionStore {
	const read = async <T>(kind: string, workflowId = '', afterId = 0): Promise<T> => {
		const { stdout } = await execFileAsync('python3', ['-c', SQLITE_READER, file, kind, workflowId, String(afterId)], { maxBuffer: 256 * 1024 ** 2 });
		return JSON.parse(stdout) as T;
	};
	return {
		rows: async (workflowId, afterId) =>
			(await read<Array<[number, string, string[]]>>('rows', workflowId, afterId)).map(([id, status, groups]) => ({ id, status, groups })),
		counts: async (workflowId, afterId) => new Map(await read<Array<[string, number]>>('counts', workflowId, afterId)),
		lastStoppedAt: async (workflowId, afterId) => (await read<number | null>('stopped', workflowId, afterId)) ?? undefined,
		lastId: () => read<number>('lastid'),
	};
}

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
