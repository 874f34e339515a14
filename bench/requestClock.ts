/**
 * When the simulator received and answered each request: its records carry no times, so this polls them every
 * 20 ms (times are ±20 ms, plenty at the scale of a one-minute window).
 */
import type { RecordedRequest, RunningSimulator } from '../simulator';

export interface RequestTimes {
	/** When it was first seen (Date.now()). */
	seenAt: number;
	/** When it was first seen answered; undefined while unanswered. */
	answeredAt?: number;
}

export interface RequestClock {
	times: Map<RecordedRequest, RequestTimes>;
	/** The first request of the run, if any. */
	firstSeenAt(): number | undefined;
	stop(): void;
}

const POLL_MS = 20;

/** Watches `simulator.requests` from now on (requests already there are not timed). */
export function watchRequestTimes(simulator: RunningSimulator): RequestClock {
	const times = new Map<RecordedRequest, RequestTimes>();
	const pending = new Set<RecordedRequest>();
	const ignored = new Set(simulator.requests);
	let first: number | undefined;
	const poll = (): void => {
		const now = Date.now();
		for (const request of simulator.requests) {
			if (times.has(request) || ignored.has(request)) continue;
			times.set(request, { seenAt: now });
			pending.add(request);
			first ??= now;
		}
		for (const request of pending) {
			if (request.status === 0) continue;
			(times.get(request) as RequestTimes).answeredAt = now;
			pending.delete(request);
		}
	};
	const timer = setInterval(poll, POLL_MS);
	return {
		times,
		firstSeenAt: () => first,
		stop: () => {
			poll();
			clearInterval(timer);
		},
	};
}
