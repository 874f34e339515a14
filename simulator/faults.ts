import { STATUS_CODES, type ServerResponse } from 'node:http';
import { JSON_TYPE, TEXT_TYPE, errorEnvelope, safeDecode, writeBody, writeJson } from './http';
import { RATE_LIMIT_MESSAGE, rateLimitHeaders } from './rateLimit';

export type Fault = (
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; contentType?: string }
	| { kind: 'reset' }
	| { kind: 'delay'; ms: number }
	| { kind: 'notJson'; status?: number }
	| { kind: 'rateLimited'; resetInSeconds?: number }
	| { kind: 'custom200'; body: unknown }
) & {
	/** Substring of, or pattern for, the request path (raw or URL-decoded, no query). Default: any request. */
	path?: string | RegExp;
};

export class FaultQueue {
	private pending: { fault: Fault; remaining: number }[] = [];

	inject(fault: Fault, times: number): void {
		this.pending.push({ fault, remaining: times });
	}

	/** Consumes the first injected fault matching the path, oldest first. */
	take(path: string): Fault | undefined {
		const entry = this.pending.find(({ fault }) => matches(fault.path, path));
		if (!entry) return undefined;
		entry.remaining -= 1;
		if (entry.remaining <= 0) this.pending.splice(this.pending.indexOf(entry), 1);
		return entry.fault;
	}

	clear(): void {
		this.pending = [];
	}
}

function matches(pattern: string | RegExp | undefined, path: string): boolean {
	if (pattern === undefined) return true;
	const candidates = [path, safeDecode(path)];
	return candidates.some((candidate) => (typeof pattern === 'string' ? candidate.includes(pattern) : pattern.test(candidate)));
}

/**
 * Answers a fault in place of the real handling ('delay' is handled by the server, which then answers normally).
 * Fault responses carry no rate-limit headers unless the fault is about the rate limit: they stand for a proxy or
 * a broken server, not for RyzeAPI's own answer.
 */
export function writeFault(res: ServerResponse, fault: Exclude<Fault, { kind: 'delay' }>, rateLimit: number): void {
	switch (fault.kind) {
		case 'status': {
			const body = fault.body ?? errorEnvelope(STATUS_CODES[fault.status] ?? 'Error');
			const isText = typeof body === 'string';
			writeBody(res, fault.status, isText ? body : JSON.stringify(body), fault.contentType ?? (isText ? TEXT_TYPE : JSON_TYPE), fault.headers);
			return;
		}
		case 'reset': {
			const body = JSON.stringify({ success: true, message: 'Linked 1 of 1 groups to community', linked: [], failed: [] });
			// The full Content-Length announces a body the client never gets: the socket dies half-way.
			res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body) });
			res.write(body.slice(0, body.length / 2), () => res.socket?.destroy());
			return;
		}
		case 'notJson':
			writeBody(res, fault.status ?? 200, 'OK - this body is not JSON', TEXT_TYPE);
			return;
		case 'rateLimited': {
			const resetAt = Math.ceil(Date.now() / 1000) + (fault.resetInSeconds ?? 60);
			writeJson(res, 429, errorEnvelope(RATE_LIMIT_MESSAGE), rateLimitHeaders({ limit: rateLimit, remaining: 0, resetAt }));
			return;
		}
		case 'custom200':
			writeJson(res, 200, fault.body);
	}
}
