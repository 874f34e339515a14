/**
 * The trigger's webhook at RyzeAPI, registered under one label per workflow and node: checked and upserted when the
 * workflow is activated (or listens for a test event), soft-disabled when it is deactivated. The secret that
 * deliveries must carry is made here, sent to RyzeAPI as the webhook's `authorization`, and kept in the node's
 * workflow static data; it never leaves n8n otherwise.
 */
import {
	randomString,
	type IDataObject,
	type IHookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { isJsonObject, RyzeApiError, ryzeApiAnswer, webhooksInUseError } from '../RyzeApi/shared/errors';
import { requestRyzeApi, type OwnRequest } from '../RyzeApi/shared/ownRequests';
import { instancePath, readInstance } from '../RyzeApi/shared/parameters';

/** RyzeAPI's limit of enabled webhooks per instance. */
const MAX_ENABLED_WEBHOOKS = 3;
const SECRET_LENGTH = 40;

/** What the node keeps in its workflow static data for one of its webhooks. */
interface Registration extends IDataObject {
	/** The label the webhook was registered under. */
	label: string;
	/** Deliveries must carry `Authorization: Bearer <secret>`. */
	secret: string;
	/** The n8n URL it was registered for. */
	url: string;
}

/**
 * The active workflow's webhook (production) and, while the editor listens for a test event, the test URL's, each
 * with its own label and secret: a test must never replace the active workflow's secret.
 */
type Kind = 'production' | 'test';

/** n8n registers a test webhook, and runs its deliveries, in manual mode. */
function kindOf(context: Pick<IHookFunctions, 'getMode'>): Kind {
	return context.getMode() === 'manual' ? 'test' : 'production';
}

function registrations(context: Pick<IHookFunctions, 'getWorkflowStaticData'>): Partial<Record<Kind, Registration>> {
	const staticData = context.getWorkflowStaticData('node');
	if (!isJsonObject(staticData.registrations)) staticData.registrations = {};
	return staticData.registrations as Partial<Record<Kind, Registration>>;
}

/** The registration the current step or delivery is about, if the node made one. */
export function registration(context: Pick<IHookFunctions, 'getWorkflowStaticData' | 'getMode'>): Registration | undefined {
	return registrations(context)[kindOf(context)];
}

/** The `Authorization` header RyzeAPI sends back on each delivery. */
export function authorizationFor(secret: string): string {
	return `Bearer ${secret}`;
}

/**
 * Options → Label, or one derived from the workflow and the node, so that two workflows never take each other's
 * webhook. Listening for a test event (n8n registers it in manual mode) uses its own label, so it never replaces the
 * active workflow's webhook.
 */
function webhookLabel(context: IHookFunctions): string {
	const chosen = String(context.getNodeParameter('options.label', '') ?? '').trim();
	const label = chosen !== '' ? chosen : `n8n-${context.getWorkflow().id ?? 'workflow'}-${context.getNode().id.slice(0, 8)}`;
	return kindOf(context) === 'test' ? `${label}-test` : label;
}

interface WantedWebhook {
	instance: string;
	label: string;
	url: string;
	events: string[];
	mediaBase64: boolean;
}

function wantedWebhook(context: IHookFunctions): WantedWebhook {
	return {
		instance: readInstance(context),
		label: webhookLabel(context),
		url: context.getNodeWebhookUrl('default') ?? '',
		events: [...(context.getNodeParameter('events', []) as string[])].sort(),
		mediaBase64: context.getNodeParameter('options.mediaBase64', false) === true,
	};
}

/** Whether RyzeAPI already holds this node's webhook as it should be: enabled, here, for these events. */
export async function webhookExists(context: IHookFunctions): Promise<boolean> {
	const wanted = wantedWebhook(context);
	const secret = registration(context)?.secret;
	const found = await request(context, {
		method: 'GET',
		url: instancePath('/api/events/getWebhook', wanted.instance),
		qs: { label: wanted.label },
	});
	const webhook = found && isJsonObject(found.webhook) ? found.webhook : undefined;
	if (!webhook || secret === undefined) return false;
	return (
		webhook.enabled === true &&
		webhook.url === wanted.url &&
		sameList(webhook.events, wanted.events) &&
		(webhook.mediaBase64 === true) === wanted.mediaBase64 &&
		// Where RyzeAPI shows the authorization, it must be this node's (another n8n may have taken the label).
		(webhook.authorization === undefined || webhook.authorization === authorizationFor(secret))
	);
}

/** Registers (upserts) the webhook under its label with a fresh secret. */
export async function createWebhook(context: IHookFunctions): Promise<boolean> {
	const wanted = wantedWebhook(context);
	const secret = randomString(SECRET_LENGTH);
	const body = {
		label: wanted.label,
		enabled: true,
		url: wanted.url,
		authorization: authorizationFor(secret),
		byEvents: false,
		events: wanted.events,
		mediaBase64: wanted.mediaBase64,
	};
	try {
		await request(context, { method: 'POST', url: instancePath('/api/events/webhook', wanted.instance), body });
	} catch (error) {
		throw (await enabledLabelsIfFull(context, wanted, error)) ?? error;
	}
	registrations(context)[kindOf(context)] = { label: wanted.label, secret, url: wanted.url };
	return true;
}

/**
 * Soft-disables the webhook (RyzeAPI keeps the row, clears its URL, secret and events) and forgets its secret. n8n
 * removes the active workflow's webhook and a test one alike, in "internal" mode: the URL tells which it is. Without
 * a registration for that URL there is nothing of this node's to disable.
 */
export async function deleteWebhook(context: IHookFunctions): Promise<boolean> {
	const url = context.getNodeWebhookUrl('default');
	const stored = registrations(context);
	const kind = (['production', 'test'] as const).find((candidate) => stored[candidate]?.url === url);
	if (kind === undefined) return true;
	const instance = readInstance(context);
	try {
		await request(context, { method: 'POST', url: instancePath('/api/events/webhook', instance), body: { label: stored[kind]?.label, enabled: false } });
	} catch {
		// n8n goes on deactivating either way; the webhook stays registered, and deliveries fail the secret check.
		return false;
	}
	delete stored[kind];
	return true;
}

/**
 * When RyzeAPI refused the webhook for its content (a 4xx other than token, instance and rate-limit ones) and the
 * instance already has its 3 enabled ones, an error naming their labels, so the user knows which to free. The status
 * and wording of that refusal are not documented (400 or 409, any text): the list of webhooks decides.
 */
async function enabledLabelsIfFull(context: IHookFunctions, wanted: WantedWebhook, error: unknown) {
	const status = error instanceof RyzeApiError ? Number(error.httpCode) : NaN;
	if (!(status >= 400 && status < 500) || [401, 403, 404, 429].includes(status)) return undefined;
	const listed = await request(context, { method: 'GET', url: instancePath('/api/events/getWebhook', wanted.instance) });
	const webhooks = Array.isArray(listed?.webhooks) ? listed.webhooks.filter(isJsonObject) : [];
	const enabled = webhooks.filter((webhook) => webhook.enabled === true && webhook.label !== wanted.label).map((webhook) => String(webhook.label));
	if (enabled.length < MAX_ENABLED_WEBHOOKS) return undefined;
	return webhooksInUseError(context, wanted.instance, enabled, MAX_ENABLED_WEBHOOKS);
}

/** One request to RyzeAPI's events routes: its JSON answer, undefined for a 404, a friendly error otherwise. */
async function request(
	context: IHookFunctions,
	send: OwnRequest,
): Promise<JsonObject | undefined> {
	return await requestRyzeApi(context, send, (response) => {
		// A 404 for a label is "no such webhook" (RyzeAPI: "Webhook not found"); an unknown instance stays an error.
		if (response.statusCode === 404 && send.qs?.label !== undefined && /webhook/i.test(JSON.stringify(response.body))) return undefined;
		return ryzeApiAnswer(context, response);
	});
}

function sameList(value: unknown, wanted: string[]): boolean {
	return Array.isArray(value) && JSON.stringify(value.map(String).sort()) === JSON.stringify(wanted);
}
