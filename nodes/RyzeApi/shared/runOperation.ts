/**
 * The per-item runner every operation goes through: checks, request (waiting out RyzeAPI's rate limit), output, and
 * Continue On Fail pairing, once for all operations.
 */
import {
	NodeApiError,
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IExecutePaginationFunctions,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodePropertyRouting,
	type JsonObject,
} from 'n8n-workflow';

import { friendlyError, mapRyzeApiErrors, RateLimitError, RyzeApiError } from './errors';
import { readMaxRateLimitWait } from './parameters';
import { RateLimitWaits } from './rateLimitWaits';

/**
 * One operation, as the node runs it for each item: `prepare` reads and checks the fields and says what to send
 * (url, qs, body); `output` turns RyzeAPI's JSON answer into items, given what `prepare` read, so no field is read
 * (and no expression evaluated) twice. Any other request (names looked up in the group list, Verify's listing) goes
 * through the item's `rateLimitWaits`. `answer: 'list'` lets a bare JSON list through as the answer (the group list).
 */
export interface Operation<Request, Answer = JsonObject> {
	answer?: 'list';
	prepare(context: IExecuteSingleFunctions, rateLimitWaits: RateLimitWaits): Promise<Prepared<Request>>;
	output(context: IExecuteSingleFunctions, request: Request, answer: Answer, rateLimitWaits: RateLimitWaits): Promise<INodeExecutionData[]>;
}

export interface Prepared<Request> {
	request: Request;
	send: Partial<IHttpRequestOptions>;
}

/**
 * How every operation is routed: HTTP errors reach the one error mapper instead of n8n's generic handling, and the
 * operation's checks, request and output run inside `runOperation`, once per item.
 */
export function routeOperation<Request, Answer>(method: 'GET' | 'POST', operation: Operation<Request, Answer>): INodePropertyRouting {
	return {
		request: { method, ignoreHttpStatusErrors: true },
		send: { paginate: true },
		operations: { pagination: runOperation(operation) },
		output: { postReceive: [mapRyzeApiErrors(operation.answer ?? 'object')] },
	};
}

/**
 * What went wrong for an error item, so a workflow can answer its own caller (e.g. a webhook) fittingly:
 * the item's fields were refused before sending, RyzeAPI's rate limit outlasted the wait, RyzeAPI answered with an
 * error, it could not be reached, or it answered but the result is not what the options asked for.
 */
type ErrorType = 'invalidInput' | 'rateLimited' | 'ryzeApiError' | 'unreachable' | 'notDone';

/**
 * Runs one operation for one item and keeps the item whatever happens. RoutingNode calls the result (as the
 * operation's `pagination` hook) once per item, around the request and its post-receive step (`mapRyzeApiErrors`):
 * it is the only per-item hook RoutingNode offers. The checks run here rather than under `send.preSend` because
 * RoutingNode turns a pre-send failure under Continue On Fail into an item without `pairedItem`; here any failure
 * becomes an error item paired with its input item.
 */
function runOperation<Request, Answer>(operation: Operation<Request, Answer>) {
	return async function runItem(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		let sent = false;
		try {
			const rateLimitWaits = new RateLimitWaits(this, readMaxRateLimitWait(this) * 1000);
			const { request, send } = await operation.prepare(this, rateLimitWaits);
			requestData.options = { ...requestData.options, ...send };
			sent = true;
			const [answer] = await rateLimitWaits.send(requestData.options, async () => await this.makeRoutingRequest(requestData));
			// The error mapping let through only a JSON object (or, for `answer: 'list'`, a JSON list too).
			return await operation.output(this, request, answer.json as Answer, rateLimitWaits);
		} catch (caught) {
			const error = friendlyError(this, caught, requestData.options);
			if (!this.continueOnFail()) throw keptByRoutingNode(this, error);
			return [{ json: errorJson(error, sent), pairedItem: { item: this.getItemIndex() } }];
		}
	};
}

/**
 * RoutingNode wraps any error of an item's request that is not a NodeApiError into one with HTTP code "none", which
 * the editor shows under "From RyzeAPI, Error code none" even for a check that never asked RyzeAPI. The same message
 * and description as a NodeApiError without an HTTP code pass unchanged, and the editor shows no such section.
 */
function keptByRoutingNode(context: IExecuteSingleFunctions, error: RyzeApiError | NodeOperationError): NodeApiError {
	if (!(error instanceof NodeOperationError)) return error;
	return new NodeApiError(context.getNode(), {}, { message: error.message, description: error.description ?? undefined, itemIndex: context.getItemIndex() });
}

/**
 * An error item's JSON: the message under `error`, and under `details` what to do, the kind of failure and
 * RyzeAPI's HTTP status if it answered. No `error` property on the item: n8n would replace the JSON with the bare
 * message. These keys alone are what n8n routes to the node's error output (Settings → On Error).
 */
function errorJson(error: RyzeApiError | NodeOperationError, sent: boolean): IDataObject {
	const httpCode = error instanceof RyzeApiError && error.httpCode ? Number(error.httpCode) : null;
	return { error: error.message, details: { description: error.description ?? null, errorType: errorType(error, sent, httpCode), httpCode } };
}

function errorType(error: RyzeApiError | NodeOperationError, sent: boolean, httpCode: number | null): ErrorType {
	if (error instanceof NodeOperationError) return sent ? 'notDone' : 'invalidInput';
	if (error instanceof RateLimitError) return 'rateLimited';
	return httpCode === null ? 'unreachable' : 'ryzeApiError';
}
