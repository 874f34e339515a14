import type { RateLimitOptions } from './options';

export interface RateLimitState {
	limit: number;
	remaining: number;
	/** Unix seconds when the current window ends. */
	resetAt: number;
	exceeded: boolean;
}

/** Fixed windows per key (a token, or a remote address for requests without a valid token). */
export class RateLimiter {
	private readonly windows = new Map<string, { startedAt: number; count: number }>();

	hit(key: string, { limit, windowMs }: RateLimitOptions, now = Date.now()): RateLimitState {
		let window = this.windows.get(key);
		if (!window || now >= window.startedAt + windowMs) {
			window = { startedAt: now, count: 0 };
			this.windows.set(key, window);
		}
		window.count += 1;
		return {
			limit,
			remaining: Math.max(0, limit - window.count),
			resetAt: Math.ceil((window.startedAt + windowMs) / 1000),
			exceeded: window.count > limit,
		};
	}

	clear(): void {
		this.windows.clear();
	}
}

export function rateLimitHeaders({ limit, remaining, resetAt }: Omit<RateLimitState, 'exceeded'>): Record<string, string> {
	return { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(remaining), 'X-RateLimit-Reset': String(resetAt) };
}

export const RATE_LIMIT_MESSAGE = 'Rate limit exceeded. Try again later.';
