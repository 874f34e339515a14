/**
 * Event deliveries: RyzeAPI POSTs each event to every enabled webhook of the instance that wants it, retrying
 * failures with backoff (docs: api/events/overview). Only node:http, and only to loopback addresses: the simulator
 * never sends anything off the machine.
 */
import http from 'node:http';
import type { ResolvedOptions } from './options';
import { EVENT_TYPES, type EventType, type SimInstance, type SimWebhook, type SimulatorWorld } from './world';

/** The body of every delivery (docs: the shared envelope). */
export interface EventEnvelope {
	event: EventType;
	data: Record<string, unknown>;
	instanceData: { baseUrl: string; instance: string; token: string };
}

export interface DeliveryAttempt {
	/** The webhook's label. */
	label: string;
	/** Where it was POSTed: the webhook's url, plus `/<event>` with byEvents. */
	url: string;
	/** 1 for the first try, 2 for the first retry... */
	attempt: number;
	/** The request headers sent (lower-case names). */
	headers: Record<string, string>;
	body: EventEnvelope;
	/** The receiver's status; 0 when it never answered (see `error`). */
	status: number;
	/** The receiver's answer, as text. */
	responseBody?: string;
	/** Why there is no status: network error, timeout, a URL the simulator does not deliver to, the simulator closing. */
	error?: string;
}

export interface DeliveryContext {
	world: SimulatorWorld;
	options: ResolvedOptions;
	/** The simulator's own URL: `instanceData.baseUrl`. */
	baseUrl: string;
	/** Every attempt is pushed here. */
	deliveries: DeliveryAttempt[];
	closing: AbortSignal;
	sleep(ms: number): Promise<void>;
}

type Outcome = Pick<DeliveryAttempt, 'status' | 'responseBody' | 'error'>;

/** Delivers one event; resolves with the last attempt for each webhook it went to (none: []). */
export async function emitEvent(ctx: DeliveryContext, instanceName: string, event: string, data: Record<string, unknown>): Promise<DeliveryAttempt[]> {
	const instance = ctx.world.instance(instanceName);
	if (!instance) throw new Error(`emitEvent: unknown instance "${instanceName}"`);
	if (!isEventType(event)) throw new Error(`emitEvent: "${event}" is not one of ${EVENT_TYPES.join(', ')}`);
	const envelope = envelopeOf(ctx.baseUrl, instance, event, data);
	const targets = ctx.world.webhooksOf(instance.name).filter((webhook) => wants(webhook, event));
	return Promise.all(targets.map((webhook) => deliver(ctx, webhook, envelope)));
}

function isEventType(event: string): event is EventType {
	return (EVENT_TYPES as readonly string[]).includes(event);
}

function envelopeOf(baseUrl: string, instance: SimInstance, event: EventType, data: Record<string, unknown>): EventEnvelope {
	// structuredClone: the recorded body stays what was sent even if the caller mutates `data` afterwards.
	return { event, data: structuredClone(data), instanceData: { baseUrl, instance: instance.name, token: instance.token } };
}

/** Disabled webhooks receive nothing; an empty `events` means every type. */
function wants(webhook: SimWebhook, event: EventType): boolean {
	return webhook.enabled && (webhook.events.length === 0 || webhook.events.includes(event));
}

/** Tries once, then retries failures up to `deliveryRetries` times, doubling the pause from `deliveryBackoffMs`. */
async function deliver(ctx: DeliveryContext, webhook: SimWebhook, body: EventEnvelope): Promise<DeliveryAttempt> {
	// Inferred: naive concatenation, as the docs' example reads (`…/wh` → `…/wh/message.exchange`).
	const url = webhook.byEvents ? `${webhook.url}/${body.event}` : webhook.url;
	const payload = JSON.stringify(body);
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'content-length': String(Buffer.byteLength(payload)),
		...(webhook.authorization && { authorization: webhook.authorization }),
	};
	const undeliverable = refusal(url);
	for (let attempt = 1; ; attempt += 1) {
		const outcome = undeliverable ? { status: 0, error: undeliverable } : await post(url, headers, payload, ctx);
		const record: DeliveryAttempt = { label: webhook.label, url, attempt, headers, body, ...outcome };
		ctx.deliveries.push(record);
		if (isSuccess(record.status) || undeliverable || attempt > ctx.options.deliveryRetries) return record;
		await ctx.sleep(ctx.options.deliveryBackoffMs * 2 ** (attempt - 1));
	}
}

function isSuccess(status: number): boolean {
	return status >= 200 && status < 300;
}

/** Why the simulator will not send to this URL (it only talks to this machine), or undefined. */
function refusal(url: string): string | undefined {
	const parsed = URL.canParse(url) ? new URL(url) : undefined;
	if (parsed?.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) return undefined;
	return 'not delivered: the simulator only delivers to http://127.0.0.1, localhost or [::1]';
}

function post(url: string, headers: Record<string, string>, payload: string, ctx: DeliveryContext): Promise<Outcome> {
	return new Promise((resolve) => {
		// agent: false — one connection per attempt, closed after it, so nothing lingers once the simulator closes.
		const request = http.request(url, { method: 'POST', headers, agent: false, signal: ctx.closing, timeout: ctx.options.deliveryTimeoutMs });
		request.on('timeout', () => request.destroy(new Error(`no answer within ${ctx.options.deliveryTimeoutMs} ms`)));
		request.on('error', (error) => resolve({ status: 0, error: error.message }));
		request.on('response', (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', (error) => resolve({ status: 0, error: error.message }));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, responseBody: Buffer.concat(chunks).toString('utf8') }));
		});
		request.end(payload);
	});
}
