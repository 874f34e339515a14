/**
 * Runs the RyzeAPI simulator in a child process next to the benchmark.
 *
 * In the benchmark's own process the simulator cannot keep up, whatever the node: Node's server accepts one
 * connection per event-loop turn, and n8n prepares all items' requests in long synchronous stretches (RoutingNode
 * and the HTTP Request node alike), so connections pile up in the listen backlog (511), overflow it, and the
 * dropped ones come back only after TCP's 1 s (then 3 s...) retries, or fail with resets. The figures would then
 * measure the accept queue. In a process of its own (on the machine's second core) the simulator answers as a
 * remote RyzeAPI would, and the benchmark process holds only n8n, the nodes and their requests: its time and memory
 * are theirs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

import type { RateLimitOptions } from '../simulator';

export interface RequestTally {
	requests: number;
	/** Count per HTTP status (0: never answered). */
	statuses: Record<string, number>;
	/** Requests with the token header, the bench community and exactly one group. */
	wellFormed: number;
	/** The distinct groups requested. */
	groups: string[];
}

export type ToSimulator = { type: 'tally' };

export type FromSimulator =
	| { type: 'ready'; url: string; linkDelayMs: number; propagationDelayMs: number; rateLimit: RateLimitOptions }
	| { type: 'tally'; tally: RequestTally };

type Ready = Extract<FromSimulator, { type: 'ready' }>;

export class SimulatorProcess {
	private constructor(
		private readonly child: ChildProcess,
		readonly info: Ready,
	) {}

	/** Starts the simulator seeded with `groups` bench groups; resolves once it listens. */
	static async start(groups: number): Promise<SimulatorProcess> {
		const child = fork(path.join(__dirname, 'simulatorProcess.ts'), [String(groups)], {
			execArgv: ['-r', 'ts-node/register/transpile-only'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const ready = await new Promise<Ready>((resolve, reject) => {
			child.once('error', reject);
			child.once('exit', (code) => reject(new Error(`simulator process exited with code ${code}`)));
			child.on('message', (message: FromSimulator) => {
				if (message.type === 'ready') resolve(message);
			});
		});
		child.removeAllListeners('exit');
		return new SimulatorProcess(child, ready);
	}

	get url(): string {
		return this.info.url;
	}

	/** The requests received since the last tally. */
	async tally(): Promise<RequestTally> {
		const answer = new Promise<RequestTally>((resolve) => {
			const onMessage = (message: FromSimulator): void => {
				if (message.type !== 'tally') return;
				this.child.off('message', onMessage);
				resolve(message.tally);
			};
			this.child.on('message', onMessage);
		});
		this.child.send({ type: 'tally' } satisfies ToSimulator);
		return await answer;
	}

	async close(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = once(this.child, 'exit');
		this.child.disconnect();
		await exited;
	}
}
