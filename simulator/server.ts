import { setMaxListeners } from 'node:events';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { authorizeInstance, extractToken, type Principal, resolvePrincipal } from './auth';
import { type DeliveryAttempt, emitEvent } from './deliveries';
import { type Fault, FaultQueue, writeFault } from './faults';
import { HttpError, type Reply, errorEnvelope, parseBody, readBody, writeJson } from './http';
import { type ResolvedOptions, type SimulatorOptions, resolveOptions } from './options';
import { RATE_LIMIT_MESSAGE, RateLimiter, rateLimitHeaders } from './rateLimit';
import { matchRoute } from './routes';
import { SimulatorWorld } from './world';

export interface RecordedRequest {
	method: string;
	/** Raw path, without the query. */
	path: string;
	query: Record<string, string>;
	/** Raw path + query, as received. */
	url: string;
	/** Lower-cased names; repeated headers joined with ', '. */
	headers: Record<string, string>;
	/** Parsed JSON, the raw text when not JSON, undefined when empty. */
	body: unknown;
	/** Response status; 0 while unanswered (or when the simulator closed first). */
	status: number;
}

export interface RunningSimulator {
	url: string;
	port: number;
	/** Every request received, in order. */
	requests: RecordedRequest[];
	/** Every delivery attempt made by emitEvent, retries included, in the order they ended. */
	deliveries: DeliveryAttempt[];
	/** The live state; tests may inspect and modify it. */
	world: SimulatorWorld;
	/** Read on every request; tests may mutate it (e.g. `sim.options.failedFormat = 'objects'`). */
	options: ResolvedOptions;
	/** The next `times` (default 1) requests matching `fault.path` get the fault instead of normal handling. */
	injectFault(fault: Fault, times?: number): void;
	clearFaults(): void;
	/**
	 * What RyzeAPI does when `event` happens on the instance: POSTs the envelope to each of its enabled webhooks that
	 * wants the event, retrying failures. Resolves with the last attempt per webhook; rejects for an unknown instance
	 * or event type.
	 */
	emitEvent(instanceName: string, event: string, data?: Record<string, unknown>): Promise<DeliveryAttempt[]>;
	/** Restores the world to `options.seed`; clears requests, deliveries, faults and rate-limit counters. */
	reset(): void;
	/** Closes the server and every socket (keep-alive ones too), cancels pending pauses and aborts deliveries. */
	close(): Promise<void>;
}

interface SimulatorState {
	options: ResolvedOptions;
	world: SimulatorWorld;
	requests: RecordedRequest[];
	faults: FaultQueue;
	rateLimiter: RateLimiter;
	closing: AbortSignal;
	sleep(ms: number): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	const resolved = resolveOptions(options);
	const closing = new AbortController();
	// Every pending pause listens for the close: a burst holds many more than Node's default warning threshold of 10.
	setMaxListeners(0, closing.signal);
	const state: SimulatorState = {
		options: resolved,
		world: new SimulatorWorld(resolved.seed),
		requests: [],
		faults: new FaultQueue(),
		rateLimiter: new RateLimiter(),
		closing: closing.signal,
		sleep: async (ms) => {
			if (ms > 0) await delay(ms, undefined, { signal: closing.signal });
		},
	};
	const server = http.createServer((req, res) => {
		handleRequest(state, req, res).catch(() => res.destroy());
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(resolved.port, resolved.host, resolve);
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`;
	const deliveries: DeliveryAttempt[] = [];
	let closed: Promise<void> | undefined;
	return {
		url,
		port,
		requests: state.requests,
		deliveries,
		world: state.world,
		options: resolved,
		injectFault: (fault, times = 1) => state.faults.inject(fault, times),
		clearFaults: () => state.faults.clear(),
		emitEvent: (instanceName, event, data = {}) => emitEvent({ ...state, baseUrl: url, deliveries }, instanceName, event, data),
		reset: () => {
			state.world.restore(resolved.seed);
			state.requests.length = 0;
			deliveries.length = 0;
			state.faults.clear();
			state.rateLimiter.clear();
		},
		close: () => (closed ??= closeServer(server, closing)),
	};
}

function closeServer(server: http.Server, closing: AbortController): Promise<void> {
	closing.abort();
	return new Promise((resolve, reject) => {
		server.close((error) => (error ? reject(error) : resolve()));
		server.closeAllConnections();
	});
}

async function handleRequest(state: SimulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = req.url ?? '/';
	const { pathname, searchParams } = new URL(url, 'http://simulator');
	const record: RecordedRequest = {
		method: req.method ?? 'GET',
		path: pathname,
		query: Object.fromEntries(searchParams),
		url,
		headers: flattenHeaders(req.headers),
		body: parseBody(await readBody(req)),
		status: 0,
	};
	state.requests.push(record);
	try {
		await respond(state, record, req.socket.remoteAddress ?? 'unknown', res);
	} finally {
		record.status = res.headersSent ? res.statusCode : 0;
	}
}

async function respond(state: SimulatorState, record: RecordedRequest, remoteAddress: string, res: ServerResponse): Promise<void> {
	const fault = state.faults.take(record.path);
	if (fault?.kind === 'delay') await state.sleep(fault.ms);
	else if (fault) return writeFault(res, fault, state.options.rateLimit.limit);

	const token = extractToken(record.headers);
	const principal = token === undefined ? undefined : resolvePrincipal(state.world, token);
	// Valid tokens share one budget wherever they come from; anything else is counted per address.
	const limit = state.rateLimiter.hit(principal ? `token:${principal.token}` : `address:${remoteAddress}`, state.options.rateLimit);
	const reply = limit.exceeded ? { status: 429, body: errorEnvelope(RATE_LIMIT_MESSAGE) } : await dispatch(state, record, token, principal);
	writeJson(res, reply.status, reply.body, rateLimitHeaders(limit));
}

async function dispatch(state: SimulatorState, record: RecordedRequest, token: string | undefined, principal: Principal | undefined): Promise<Reply> {
	try {
		const matched = matchRoute(record.method, record.path);
		if (!matched) throw new HttpError(404, 'Route not found');
		if (token === undefined) throw new HttpError(401, 'Missing token in header');
		if (!principal) throw new HttpError(401, 'Invalid token');
		const { route, instanceName } = matched;
		const instance = instanceName === undefined ? undefined : authorizeInstance(state.world, principal, instanceName);
		const body = route.method === 'POST' ? jsonObject(record.body) : {};
		const { world, options, sleep } = state;
		return await route.handler({ world, options, principal, instance, query: record.query, body, sleep });
	} catch (error) {
		if (error instanceof HttpError) return { status: error.status, body: errorEnvelope(error.message) };
		if (state.closing.aborted) throw error;
		return { status: 500, body: errorEnvelope(`internal error: ${error instanceof Error ? error.message : String(error)}`) };
	}
}

function jsonObject(body: unknown): Record<string, unknown> {
	if (body === undefined) return {};
	if (typeof body === 'string') throw new HttpError(400, 'invalid request body: not valid JSON');
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'invalid request body: expected a JSON object');
	return body as Record<string, unknown>;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
}
