/**
 * Redis and PostgreSQL for n8n's queue mode in end-to-end tests and the burst benchmark (installed by
 * e2e/services/prepare.sh). Each runs as a child process of ours on a free port of 127.0.0.1, with its data in a
 * folder the caller gives (under the git-ignored .state/), and is stopped by its PID: SIGTERM, then SIGKILL after a
 * bound. The orphan guard of ./n8n also ends them if the caller exits first.
 */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import { freePort, startBackground, type BackgroundProcess } from './n8n';

const PREPARE_SCRIPT = path.resolve(__dirname, '..', 'services', 'prepare.sh');
const START_TIMEOUT_MS = 30_000;
const COMMAND_TIMEOUT_MS = 60_000;

export interface RunningService {
	port: number;
	pid: number;
	logFile: string;
	stop(): Promise<void>;
}

/** Installs Redis and PostgreSQL when missing (a no-op, well under a second, once they are there). */
export async function ensureServices(): Promise<void> {
	await run('bash', [PREPARE_SCRIPT], { timeout: 10 * 60_000 });
}

// ---------------------------------------------------------------------------------------------------------
// Redis

export interface RunningRedis extends RunningService {
	/** Every key with its type and values, one line per key: for leak checks. */
	dump(): Promise<string>;
}

export async function startRedis(dir: string): Promise<RunningRedis> {
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	// Nothing is persisted: no RDB snapshots, no append-only file.
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
	const redis = startBackground('redis-server', args, { cwd: dir, env: process.env, logFile: path.join(dir, 'redis.log') });
	await waitFor(`Redis on port ${port}`, redis, () => redisAnswers(port));
	return { ...service(port, redis), dump: () => run('redis-cli', ['-p', String(port), '--no-auth-warning', 'EVAL', DUMP_SCRIPT, '0']) };
}

/** Lua, run inside Redis: one line per key, `<key> (<type>) <values...>`, whatever the type. */
const DUMP_SCRIPT = `
local lines = {}
local function flatten(value, out)
	if type(value) == 'table' then
		for _, item in ipairs(value) do flatten(item, out) end
	else
		out[#out + 1] = tostring(value)
	end
	return out
end
local readers = {
	string = function(key) return redis.call('GET', key) end,
	hash = function(key) return redis.call('HGETALL', key) end,
	list = function(key) return redis.call('LRANGE', key, 0, -1) end,
	set = function(key) return redis.call('SMEMBERS', key) end,
	zset = function(key) return redis.call('ZRANGE', key, 0, -1) end,
	stream = function(key) return redis.call('XRANGE', key, '-', '+') end,
}
for _, key in ipairs(redis.call('KEYS', '*')) do
	local kind = redis.call('TYPE', key).ok
	local read = readers[kind]
	local values = read and flatten(read(key), {}) or {}
	lines[#lines + 1] = key .. ' (' .. kind .. ') ' .. table.concat(values, ' ')
end
return table.concat(lines, '\\n')
`;

/** A raw PING over TCP: no client library, no redis-cli process per poll. */
function redisAnswers(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.setTimeout(1000);
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('timeout', () => socket.destroy());
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
	});
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL

/** Trust authentication on 127.0.0.1 only: the superuser needs no password. */
export const POSTGRES_USER = 'postgres';
export const POSTGRES_DATABASE = 'n8n';

export interface RunningPostgres extends RunningService {
	/** psql's unaligned, tuples-only output of one SQL statement on the n8n database. */
	query(sql: string): Promise<string>;
	/** Every execution (id, status, mode) with its stored data and workflow, as text: for leak checks. */
	dumpExecutionData(): Promise<string>;
}

/**
 * A fresh cluster (initdb), started, with an empty database `n8n`: its data in dir/data, or, when it runs as the
 * `postgres` user (we are root), in a folder of its own under the system's temporary folder, since that user may
 * not reach into the checkout (a clone in a 0700 folder); that folder is removed when it stops. Its log in dir.
 */
export async function startPostgres(dir: string): Promise<RunningPostgres> {
	const bin = postgresBinDir();
	const owner = postgresOsUser();
	fs.mkdirSync(dir, { recursive: true });
	const ownFolder = owner.uid === process.getuid?.() ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'ryzeapi-postgres-'));
	const dataDir = path.join(ownFolder ?? dir, 'data');
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.mkdirSync(dataDir, { mode: 0o700 });
	if (ownFolder) fs.chmodSync(ownFolder, 0o755);
	fs.chownSync(dataDir, owner.uid, owner.gid);
	try {
		return await startCluster(bin, dir, dataDir, owner, ownFolder);
	} catch (error) {
		if (ownFolder) fs.rmSync(ownFolder, { recursive: true, force: true });
		throw error;
	}
}

async function startCluster(
	bin: string,
	dir: string,
	dataDir: string,
	owner: { uid: number; gid: number },
	ownFolder: string | undefined,
): Promise<RunningPostgres> {
	await run(path.join(bin, 'initdb'), ['-D', dataDir, '--auth=trust', `--username=${POSTGRES_USER}`, '--encoding=UTF8', '--no-sync'], owner);

	const port = await freePort();
	// The socket lives in the data folder: the system's /var/run/postgresql may not exist or belong to another server.
	const settings = ['-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off'];
	const postgres = startBackground(path.join(bin, 'postgres'), ['-D', dataDir, ...settings], {
		cwd: dataDir,
		env: { PATH: process.env.PATH, LANG: 'C.UTF-8' },
		logFile: path.join(dir, 'postgres.log'),
		...owner,
	});
	const pgIsReady = path.join(bin, 'pg_isready');
	await waitFor(`PostgreSQL on port ${port}`, postgres, () =>
		run(pgIsReady, ['-h', '127.0.0.1', '-p', String(port), '-U', POSTGRES_USER]).then(
			() => true,
			() => false,
		),
	);
	const psql = (database: string, sql: string): Promise<string> =>
		run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', POSTGRES_USER, '-d', database, '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql]);
	await psql('postgres', `CREATE DATABASE ${POSTGRES_DATABASE}`).catch(async (error: unknown) => {
		await postgres.stop();
		throw error;
	});
	const query = (sql: string): Promise<string> => psql(POSTGRES_DATABASE, sql);
	const stopped = async (): Promise<void> => {
		await postgres.stop();
		if (ownFolder) fs.rmSync(ownFolder, { recursive: true, force: true });
	};
	return {
		...service(port, postgres),
		stop: stopped,
		query,
		dumpExecutionData: () =>
			query(
				'SELECT e.id, e.status, e.mode, d.data, d."workflowData" FROM execution_entity e ' +
					'LEFT JOIN execution_data d ON d."executionId" = e.id ORDER BY e.id',
			),
	};
}

/** Debian keeps initdb and postgres off PATH, under /usr/lib/postgresql/<major>/bin; the newest major wins. */
function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
	const newest = majors.sort((a, b) => Number(b) - Number(a)).find((major) => fs.existsSync(path.join(root, major, 'bin', 'initdb')));
	if (!newest) throw new Error(`no PostgreSQL under ${root}: run bash ${PREPARE_SCRIPT}`);
	return path.join(root, newest, 'bin');
}

/** The OS user the server runs as: `postgres` when we are root (PostgreSQL refuses root), else ourselves. */
function postgresOsUser(): { uid: number; gid: number } {
	if (process.getuid?.() !== 0) return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
	const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

// ---------------------------------------------------------------------------------------------------------
// Shared

function service(port: number, child: BackgroundProcess): RunningService {
	return { port, pid: child.pid, logFile: child.logFile, stop: child.stop };
}

/** Polls `ready` until it is true; fails early (and stops the child) if the child exits first or time runs out. */
async function waitFor(what: string, child: BackgroundProcess, ready: () => Promise<boolean>): Promise<void> {
	let exitCode: number | undefined;
	void child.exited.then((code) => (exitCode = code));
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (Date.now() < deadline && exitCode === undefined) {
		if (await ready()) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	await child.stop();
	const log = fs.existsSync(child.logFile) ? fs.readFileSync(child.logFile, 'utf8').trimEnd().split('\n').slice(-20).join('\n') : '';
	throw new Error(`${what} did not start (${exitCode === undefined ? 'timed out' : `exit code ${exitCode}`})\n${log}`);
}

/** Runs a command to completion; rejects with its output on a non-zero exit. Resolves with stdout. */
function run(command: string, args: string[], options: { uid?: number; gid?: number; timeout?: number } = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(command, args, { timeout: COMMAND_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
			if (error) reject(new Error(`${command} ${args[0] ?? ''} failed: ${error.message}\n${stdout}${stderr}`.trim()));
			else resolve(stdout);
		});
	});
}
