/**
 * Child processes of the e2e library. Each child gets its own process group, so stopping it also stops what it
 * spawned (n8n's task runner); groups still alive when this process exits or is interrupted are killed, so no n8n
 * outlives its caller.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';

export const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;

export interface CommandResult {
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

export async function runChecked(command: string, args: string[], options: CommandOptions): Promise<void> {
	const run = await runCommand(command, args, options);
	if (run.exitCode !== 0) throw commandError(`${command} ${args.join(' ')}`, run);
}

export function commandError(what: string, run: CommandResult): Error {
	const output = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-30).join('\n');
	return new Error(`${what} failed with exit code ${run.exitCode}\n${output}`);
}

/** Spawns in a new process group and collects output; on timeout the whole group is killed. */
export async function runCommand(command: string, args: string[], options: CommandOptions): Promise<CommandResult> {
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

export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

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
