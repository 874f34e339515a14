/** n8n's CLI on a user folder: import credentials and workflows, publish, execute. */
import * as fs from 'fs';
import * as path from 'path';

import { commandError, DEFAULT_COMMAND_TIMEOUT_MS, runCommand, type CommandResult } from './processes';
import { n8nEnv, runtimePaths } from './runtime';
import { freePort } from './server';

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
