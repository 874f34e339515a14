/** `n8n start` as a background server, ready once it serves published workflows' webhooks. */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

import { delay, startBackground } from './processes';
import { n8nEnv, runtimePaths } from './runtime';

const DEFAULT_START_TIMEOUT_MS = 90_000;

export interface StartOptions {
	port: number;
	timeoutMs?: number;
	env?: Record<string, string | undefined>;
}

export interface RunningN8n {
	url: string;
	pid: number;
	logFile: string;
	stop(): Promise<void>;
}

/**
 * Starts `n8n start` on 127.0.0.1:<port> and resolves once it serves published workflows' webhooks; the
 * handle's stop() ends it (SIGTERM, then SIGKILL to its process group after a bound).
 * Log: <userFolder>/logs/n8n-<port>-<time>.log. Publish workflows before starting.
 *
 * Ready means both: GET /healthz/readiness is 200 (that comes first, before any workflow is activated) and
 * the log says "Editor is now accessible via" (printed after startup activation). 2.41's default publication
 * service activates workflows asynchronously after that line (a webhook POSTed right away gets 404), so the
 * legacy synchronous activation is used unless options.env sets N8N_USE_WORKFLOW_PUBLICATION_SERVICE.
 */
export async function startN8n(userFolder: string, options: StartOptions): Promise<RunningN8n> {
	const { port } = options;
	await assertPortFree(port);
	const url = `http://127.0.0.1:${port}`;
	const logFile = newLogFile(userFolder, `n8n-${port}`);
	const env = n8nEnv(userFolder, {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_WEBHOOK_URL: `${url}/`,
		N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		...options.env,
	});
	const { nodeBin, n8nBin } = runtimePaths();
	// cwd = user folder: n8n loads a .env file from its working directory.
	const n8n = startBackground(nodeBin, [n8nBin, 'start'], { cwd: userFolder, env, logFile });
	try {
		await waitForReadiness(url, logFile, n8n.exited, options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS);
	} catch (error) {
		await n8n.stop();
		throw new Error(`${(error as Error).message}\n--- last lines of ${logFile} ---\n${tail(logFile, 40)}`);
	}
	return { url, pid: n8n.pid, logFile, stop: n8n.stop };
}

const STARTED_LINE = 'Editor is now accessible via';

async function waitForReadiness(url: string, logFile: string, exited: Promise<number>, timeoutMs: number): Promise<void> {
	let exitCode: number | undefined;
	void exited.then((code) => (exitCode = code));
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (exitCode !== undefined) throw new Error(`n8n start exited early with code ${exitCode}`);
		if (readText(logFile).includes(STARTED_LINE) && (await httpStatus(`${url}/healthz/readiness`)) === 200) return;
		await delay(250);
	}
	throw new Error(`n8n at ${url} was not ready within ${timeoutMs} ms`);
}

export function httpStatus(url: string): Promise<number | undefined> {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: 2000 }, (res) => {
			res.resume();
			resolve(res.statusCode);
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(undefined));
	});
}

/** Fails fast if something already listens there: readiness would otherwise be answered by a stranger. */
function assertPortFree(port: number): Promise<void> {
	return new Promise((resolve, reject) => {
		const server = http.createServer();
		server.once('error', (error) => reject(new Error(`port ${port} on 127.0.0.1 is busy: ${error.message}`)));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

/** A port that was free a moment ago (for n8n's task broker, which otherwise defaults to 5679 everywhere, and services). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = http.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** <userFolder>/logs/<prefix>-<time>.log */
export function newLogFile(userFolder: string, prefix: string): string {
	const dir = path.join(userFolder, 'logs');
	fs.mkdirSync(dir, { recursive: true });
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	return path.join(dir, `${prefix}-${stamp}.log`);
}

function readText(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

function tail(file: string, lines: number): string {
	return readText(file).trimEnd().split('\n').slice(-lines).join('\n');
}
