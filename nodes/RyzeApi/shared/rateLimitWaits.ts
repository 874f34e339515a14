/**
 * RyzeAPI allows 100 requests per minute per token, shared by every execution and worker using it. When it answers
 * 429, the item's request is sent again once the limit resets: each request reacts to its own answer, so nothing is
 * shared between items, executions or workers, and other items' requests are never sent twice.
 */
import { sleep, type IExecuteSingleFunctions, type IHttpRequestOptions } from 'n8n-workflow';

import { friendlyError, RateLimitError } from './errors';

export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 120;
/** Requests that waited for the same reset do not all come back in the same millisecond. */
const MAX_SPREAD_MS = 1000;
/** Without a usable reset time: 1, 2, 4 … s. */
const FIRST_BACKOFF_MS = 1000;

/** How long to wait before sending again: until the reset plus a spread, or else a growing backoff. */
export function rateLimitDelayMs(resetAtMs: number | undefined, waitsSoFar: number, now: number, random: number): number {
	const untilReset = resetAtMs === undefined ? 0 : resetAtMs - now;
	const base = untilReset > 0 ? untilReset : FIRST_BACKOFF_MS * 2 ** waitsSoFar;
	return Math.ceil(base + random * MAX_SPREAD_MS);
}

/** One item's waits for the rate limit: every request the item makes (Verify's listing too) draws on one budget. */
export class RateLimitWaits {
	private waitedMs = 0;
	private waits = 0;

	constructor(
		private readonly context: IExecuteSingleFunctions,
		private readonly maxWaitMs: number,
	) {}

	/**
	 * Runs `request` (made with `options`), and again after each 429 until another answer, or until waiting would
	 * pass the budget. Any failure comes out as a friendly error.
	 */
	async send<T>(options: Pick<IHttpRequestOptions, 'baseURL' | 'timeout'>, request: () => Promise<T>): Promise<T> {
		for (;;) {
			try {
				return await request();
			} catch (caught) {
				if (!(caught instanceof RateLimitError)) throw friendlyError(this.context, caught, options);
				const delayMs = rateLimitDelayMs(caught.resetAtMs, this.waits, Date.now(), Math.random());
				if (this.waitedMs + delayMs > this.maxWaitMs) throw caught.afterWaiting(this.waitedMs, this.maxWaitMs, delayMs);
				// No cancel signal to pass: n8n gives a declarative node none, and n8n 1.x's `sleep` takes none.
				await sleep(delayMs);
				this.waitedMs += delayMs;
				this.waits += 1;
			}
		}
	}
}
