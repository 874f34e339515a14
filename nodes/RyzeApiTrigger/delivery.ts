/**
 * One delivery from RyzeAPI: accepted only with this node's secret and RyzeAPI's documented envelope
 * `{event, data, instanceData}`, and turned into one item without `instanceData.token` (the instance's token, which
 * RyzeAPI puts in every delivery).
 */
import { timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { isJsonObject } from '../RyzeApi/shared/errors';

/** The item to start the workflow with, or the answer to give RyzeAPI instead (nothing starts). */
export type DeliveryVerdict = { item: IDataObject } | { status: 200 | 400 | 401; answer: IDataObject };

interface Delivery {
	/** The request's `Authorization` header. */
	authorization: unknown;
	body: unknown;
	/** What the node stored when it registered the webhook; none when it never did (or was deactivated). */
	expectedAuthorization: string | undefined;
	/** The events selected in the node. */
	events: string[];
	receivedAt: Date;
}

export function judgeDelivery({ authorization, body, expectedAuthorization, events, receivedAt }: Delivery): DeliveryVerdict {
	if (expectedAuthorization === undefined || !sameSecret(authorization, expectedAuthorization)) {
		return { status: 401, answer: { error: 'Unauthorized: this webhook accepts deliveries from RyzeAPI only.' } };
	}
	const envelope = readEnvelope(body);
	if (!envelope) {
		return { status: 400, answer: { error: 'Bad request: expected RyzeAPI\'s event envelope {"event", "data", "instanceData"}.' } };
	}
	// RyzeAPI sends only the registered events; a stray one starts nothing.
	if (!events.includes(envelope.event)) return { status: 200, answer: { ignored: `event ${envelope.event} is not selected in this trigger` } };
	return { item: { event: envelope.event, instance: envelope.instance, data: envelope.data, receivedAt: receivedAt.toISOString() } };
}

function readEnvelope(body: unknown): { event: string; instance: string; data: IDataObject } | undefined {
	if (!isJsonObject(body) || typeof body.event !== 'string' || body.event === '') return undefined;
	if (!isJsonObject(body.data) || !isJsonObject(body.instanceData)) return undefined;
	const { instance } = body.instanceData;
	if (typeof instance !== 'string') return undefined;
	// Only the instance's name is kept of instanceData: it also holds the instance's token.
	return { event: body.event, instance, data: body.data };
}

/** Compared in constant time, so the secret cannot be guessed from how fast a wrong one is refused. */
function sameSecret(given: unknown, expected: string): boolean {
	if (typeof given !== 'string') return false;
	const [a, b] = [Buffer.from(given), Buffer.from(expected)];
	return a.length === b.length && timingSafeEqual(a, b);
}
