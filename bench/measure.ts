/** Timing and memory helpers for the benchmark: forced GC, the kernel's per-run RSS peak, open sockets, medians. */
import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A full GC without `node --expose-gc` (the way jest's leak detector gets one), so `npm run bench` needs no flags.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export const MB = 1024 * 1024;

/** Two full collections: the second frees what finalisers of the first released. */
export function collectGarbage(): void {
	gc();
	gc();
}

/**
 * Resets the process's RSS high-water mark (Linux: `5` into /proc/self/clear_refs), so the peak read after a run
 * is that run's own peak and not an earlier one's. Returns false where that is not possible.
 */
export function resetPeakRss(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

/** The RSS high-water mark since the last reset (VmHWM), or the process's maxRSS where /proc is missing. */
export function peakRss(): number {
	try {
		const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
		if (match) return Number(match[1]) * 1024;
	} catch {
		// Fall through to getrusage.
	}
	return process.resourceUsage().maxRSS * 1024;
}

/** Counts open TCP sockets (the client's and the in-process simulator's) while a run goes on. */
function openSockets(): number {
	return process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
}

/**
 * Waits (up to `maxMs`) until the sockets of the previous run have closed: 10,000 still open beside the next run's
 * 10,000 pass this machine's limit of 20,000 open files (EMFILE).
 */
export async function socketsClosed(maxMs = 15_000): Promise<void> {
	const deadline = Date.now() + maxMs;
	while (openSockets() > 100 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

export class SocketSampler {
	private timer: NodeJS.Timeout | undefined;
	max = 0;

	start(everyMs = 20): void {
		this.max = 0;
		this.timer = setInterval(() => {
			const open = openSockets();
			if (open > this.max) this.max = open;
		}, everyMs);
	}

	stop(): number {
		clearInterval(this.timer);
		return this.max;
	}
}

/**
 * The peak of live heap memory during a run: collects garbage every `everyMs` and keeps the largest heap left.
 * Slows the run down, so it runs apart from the timed runs. Tells live data from garbage not yet collected,
 * which RSS cannot: V8 grows the heap ahead of its live size when a run allocates fast.
 */
export class LiveHeapSampler {
	private timer: NodeJS.Timeout | undefined;
	max = 0;

	start(everyMs = 200): void {
		collectGarbage();
		this.max = process.memoryUsage().heapUsed;
		this.timer = setInterval(() => {
			collectGarbage();
			this.max = Math.max(this.max, process.memoryUsage().heapUsed);
		}, everyMs);
	}

	stop(): number {
		clearInterval(this.timer);
		return this.max;
	}
}

export function median(values: number[]): number {
	const sorted = [...values].sort((x, y) => x - y);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
