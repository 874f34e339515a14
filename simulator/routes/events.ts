import { HttpError, type Reply, success } from '../http';
import { EVENT_TYPES, MAX_ENABLED_WEBHOOKS, type SimWebhook } from '../world';
import { booleanField, type RouteContext, routeInstance, stringArrayField, stringField } from './context';

const DEFAULT_LABEL = 'default';

/**
 * POST /api/events/webhook/:instance — upsert by label: every field sent (or its default) replaces the old one.
 * A disconnected instance may configure webhooks (inferred: the docs are silent, and an instance can be created,
 * disconnected, with its webhook inline).
 */
export function configureWebhook(ctx: RouteContext): Reply {
	const webhook = readWebhook(ctx);
	if (webhook.enabled) checkEnabledLimit(ctx, webhook);
	ctx.world.saveWebhook(webhook);
	return success(webhook.enabled ? 'Webhook configured successfully' : 'Webhook disabled successfully', { webhook: describeWebhook(webhook) });
}

/** GET /api/events/getWebhook/:instance[?label=] — a present but empty `?label=` means `default` (docs). */
export function getWebhook(ctx: RouteContext): Reply {
	const { world, query } = ctx;
	const instance = routeInstance(ctx);
	if (query.label === undefined) {
		const webhooks = world.webhooksOf(instance.name).map(describeWebhook);
		return success(`${webhooks.length} webhook(s) found`, { webhooks });
	}
	const webhook = world.webhook(instance.name, labelOf(query.label));
	if (!webhook) throw new HttpError(404, 'Webhook not found');
	return success('Webhook found', { webhook: describeWebhook(webhook) });
}

function readWebhook(ctx: RouteContext): SimWebhook {
	const { body, options } = ctx;
	const instance = routeInstance(ctx).name;
	const label = labelOf(stringField(body, 'label'));
	// Inferred: absent means false (the docs' "Minimum" example needs `enabled: true`), so such a body soft-disables.
	const enabled = booleanField(body, 'enabled') ?? false;
	const url = stringField(body, 'url')?.trim() ?? '';
	// Inferred: a string (the docs' schema shows an object once; their example sends "Bearer svc-token-xyz").
	const authorization = stringField(body, 'authorization') ?? '';
	const byEvents = booleanField(body, 'byEvents') ?? false;
	const events = stringArrayField(body, 'events');
	const mediaBase64 = booleanField(body, 'mediaBase64') ?? false;
	// Soft-disable (docs): url, authorization, events and mediaBase64 are cleared, the row is kept.
	if (!enabled) return { instance, label, enabled, url: '', authorization: '', byEvents, events: [], mediaBase64: false };
	checkUrl(url);
	checkEvents(events ?? []);
	const savedEvents = events ?? (options.omittedEvents === 'all' ? [...EVENT_TYPES] : []);
	return { instance, label, enabled, url, authorization, byEvents, events: savedEvents, mediaBase64 };
}

function labelOf(raw: string | undefined): string {
	return raw?.trim() || DEFAULT_LABEL;
}

function checkUrl(url: string): void {
	if (!url) throw new HttpError(400, 'url is required when enabled is true');
	if (!isHttpUrl(url)) throw new HttpError(400, `url must be an http or https URL, got "${url}"`);
}

function isHttpUrl(text: string): boolean {
	try {
		return ['http:', 'https:'].includes(new URL(text).protocol);
	} catch {
		return false;
	}
}

function checkEvents(events: string[]): void {
	const unknown = events.find((event) => !(EVENT_TYPES as readonly string[]).includes(event));
	if (unknown !== undefined) throw new HttpError(400, `invalid event "${unknown}": valid events are ${EVENT_TYPES.join(', ')}`);
}

/** Disabled rows do not count, and re-saving one of the enabled ones is an update, not one more. */
function checkEnabledLimit({ world, options }: RouteContext, webhook: SimWebhook): void {
	const others = world.webhooksOf(webhook.instance).filter((other) => other.enabled && other.label !== webhook.label);
	if (others.length < MAX_ENABLED_WEBHOOKS) return;
	const message = `webhook limit reached: at most ${MAX_ENABLED_WEBHOOKS} enabled webhooks per instance (disable one with {"enabled": false} first)`;
	throw new HttpError(options.webhookLimitStatus, message);
}

/** The persisted fields, as the docs list them (the instance is the path's). */
function describeWebhook({ label, enabled, url, authorization, byEvents, events, mediaBase64 }: SimWebhook): Record<string, unknown> {
	return { label, enabled, url, authorization, byEvents, events, mediaBase64 };
}
