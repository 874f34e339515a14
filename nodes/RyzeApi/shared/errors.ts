/**
 * The one place that turns RyzeAPI failures into errors a workflow builder can act on.
 *
 * RyzeAPI's error envelope is `{success: false, error: {message}}` with no error code, so the HTTP status plus
 * the message decide what to tell the user. Requests run with `ignoreHttpStatusErrors`, so n8n hands every answer
 * to `mapRyzeApiErrors` (first post-receive step) instead of replacing the message with a generic one.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IExecuteSingleFunctions,
	type IHookFunctions,
	type ILoadOptionsFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

const EXCERPT_LIMIT = 200;

/**
 * What the mapping reads of n8n's context: the node and its fields, and the item when there is one (an operation's
 * request has one; the trigger's registration, made when a workflow is activated, has none).
 */
export type ErrorContext = IExecuteSingleFunctions | IHookFunctions | ILoadOptionsFunctions;

/** The item a request is for; none while the trigger is being activated. */
export function itemIndexOf(context: ErrorContext): number | undefined {
	return 'getItemIndex' in context ? context.getItemIndex() : undefined;
}

/** An error this module already made friendly; any other failure of a request is a transport failure. */
export class RyzeApiError extends NodeApiError {}

const RATE_LIMIT_HINT =
	'RyzeAPI allows 100 requests per minute per token, shared by every workflow and execution that uses it.';
const RATE_LIMIT_TRY_AGAIN = 'Try again once it resets.';
const RATE_LIMIT_TO_DO =
	"Raise Max Rate-Limit Wait (Seconds) in this node's Options so it waits longer for the limit to reset, or send " +
	'fewer requests per minute with this token (for one execution with many items: Request Options → Batching). ' +
	'When many executions run at once (a burst of webhook calls or trigger events), each waits on its own clock: let ' +
	'n8n run fewer at once, with the setting N8N_CONCURRENCY_PRODUCTION_LIMIT=10 (the others wait in its queue ' +
	'without starting their clock) or queue mode.';

/**
 * HTTP 429. `resetAtMs` is RyzeAPI's `X-RateLimit-Reset` as a time, when the header holds one; the node waits until
 * then and sends the request again (see `RateLimitWaits`), and calls `afterWaiting` when it stops waiting.
 */
export class RateLimitError extends RyzeApiError {
	resetAtMs?: number;

	/** This error once the node gives up waiting: how long it waited in all, against the most it may wait. */
	afterWaiting(waitedMs: number, maxWaitMs: number, nextWaitMs: number): this {
		const waited =
			maxWaitMs === 0
				? 'Max Rate-Limit Wait is 0, so the node did not wait.'
				: waitedMs === 0
					? `Waiting for it (${seconds(nextWaitMs)}) would pass Max Rate-Limit Wait (${seconds(maxWaitMs)}), so the node did not wait.`
					: `The node waited ${seconds(waitedMs)} in all for it to reset and was still refused; waiting again (${seconds(nextWaitMs)}) would pass Max Rate-Limit Wait (${seconds(maxWaitMs)}).`;
		this.description = `${resetSentence(this.resetAtMs)} ${waited} ${RATE_LIMIT_HINT} ${RATE_LIMIT_TO_DO}`;
		return this;
	}
}

function seconds(ms: number): string {
	return `${Math.round(ms / 100) / 10} s`;
}

/**
 * RyzeAPI's JSON answer, or a friendly NodeApiError for anything else. Every answer the node reads goes through
 * here: the operation's own request (via `mapRyzeApiErrors`) and any follow-up request it makes.
 */
export function ryzeApiAnswer(context: ErrorContext, response: IN8nHttpFullResponse): JsonObject {
	if (response.statusCode < 400 && isJsonObject(response.body)) return response.body;
	throw ryzeApiError(context, response);
}

/** A list answer may be a bare JSON list (RyzeAPI's group list, whose shape is not documented); else as above. */
export function ryzeApiListAnswer(context: ErrorContext, response: IN8nHttpFullResponse): JsonObject | unknown[] {
	if (response.statusCode < 400 && Array.isArray(response.body)) return response.body;
	return ryzeApiAnswer(context, response);
}

/**
 * The post-receive step of an operation's request: passes RyzeAPI's JSON answer through (for `list`, a bare JSON list
 * too), throws a friendly NodeApiError for anything else.
 */
export function mapRyzeApiErrors(answer: 'object' | 'list') {
	const read = answer === 'list' ? ryzeApiListAnswer : ryzeApiAnswer;
	return async function mapAnswer(
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		read(this, response);
		return items;
	};
}

function ryzeApiError(context: ErrorContext, response: IN8nHttpFullResponse): RyzeApiError {
	const { statusCode, body } = response;
	const apiMessage = isJsonObject(body) ? envelopeMessage(body) : undefined;
	const message = apiMessage ?? fallbackMessage(statusCode, body);
	const description = whatToDo(context, statusCode, apiMessage ?? '', response);
	const errorResponse: JsonObject = isJsonObject(body) ? body : { body: excerpt(body) };
	const options = { message, description, httpCode: String(statusCode), itemIndex: itemIndexOf(context) };
	if (statusCode !== 429) return new RyzeApiError(context.getNode(), errorResponse, options);
	const error = new RateLimitError(context.getNode(), errorResponse, options);
	error.resetAtMs = resetTime(response);
	return error;
}

function fallbackMessage(statusCode: number, body: unknown): string {
	return `RyzeAPI answered HTTP ${statusCode}${isJsonObject(body) ? '' : ` with ${bodyKind(body)}`}`;
}

/** What came instead of RyzeAPI's JSON object. */
function bodyKind(body: unknown): string {
	if (body === undefined || body === null || body === '') return 'an empty body';
	if (Array.isArray(body)) return 'a JSON list where a JSON object was expected';
	if (typeof body === 'number' || typeof body === 'boolean') return 'a JSON value where a JSON object was expected';
	return 'a body that is not JSON';
}

function whatToDo(
	context: ErrorContext,
	statusCode: number,
	apiMessage: string,
	response: IN8nHttpFullResponse,
): string {
	const instance = instanceName(context);
	switch (true) {
		case statusCode === 400 && /not connected/i.test(apiMessage):
		case statusCode === 503 && /not connected/i.test(apiMessage):
			return `Instance "${instance}" is not connected to WhatsApp. Reconnect it in the RyzeAPI dashboard (scan the QR code), then run the node again.`;
		case statusCode === 400 && isTrigger(context):
			return "RyzeAPI refused to register the trigger's webhook. Check the selected Events, a custom Label (plain text), and that n8n's webhook URL is a public http(s) address RyzeAPI can reach (n8n's WEBHOOK_URL setting), then activate the workflow again.";
		case statusCode === 400:
			return 'RyzeAPI refused the request as invalid. Check the JIDs, the community name and the instance name in this node.';
		case statusCode === 409 && isTrigger(context):
			return 'RyzeAPI refused the webhook as a conflict with one it already has. Check the webhooks of this instance in the RyzeAPI dashboard (a custom Label must not be used by another workflow), then activate the workflow again.';
		case statusCode === 401:
			return 'The token in the RyzeAPI credential is invalid, revoked, or of the wrong kind. Copy it again from the RyzeAPI dashboard and check the Token Type (an Instance Token works for its own instance only).';
		case statusCode === 403:
			return `The token does not own instance "${instance}". Use that instance's Instance Token, or the Account Token of the account that owns it.`;
		case statusCode === 404 && /group not found/i.test(apiMessage):
			return 'WhatsApp knows no group with this JID, invite code or link. Check it, or pick the group from the list; an invite link stops working once an admin resets it.';
		case statusCode === 404:
			return `RyzeAPI has no instance "${instance}" for this token. Pick the instance from the list, or check its exact name in the RyzeAPI dashboard.`;
		case statusCode === 429:
			// An operation's request says more once it stops waiting (RateLimitError.afterWaiting).
			return `${resetSentence(resetTime(response))} ${RATE_LIMIT_HINT} ${RATE_LIMIT_TRY_AGAIN}`;
		case /failed to get groups: item-not-found/i.test(apiMessage):
			return `WhatsApp knows no community with this JID. Check the Community JID: it must be the community's own JID, not one of its groups.`;
		case /failed to create group/i.test(apiMessage):
			return `RyzeAPI could not create the group. If a Community is set, the number of instance "${instance}" must be its admin, and a community holds at most 50 groups. Check in WhatsApp (or with Group → Get Many) that the group does not exist before running Create again.`;
		case /failed to get group info: not-authorized/i.test(apiMessage):
			return `The number of instance "${instance}" is not in this group, so RyzeAPI does not show it by JID. Give the group's invite link or invite code instead.`;
		case /failed to get groups: not-authorized/i.test(apiMessage):
			return `The number of instance "${instance}" is not a member of this community, so its subgroups cannot be listed. Use an instance whose number is in the community.`;
		case statusCode >= 500:
			return `RyzeAPI or a proxy in front of it failed (HTTP ${statusCode}). Try again in a moment; if it keeps failing, contact RyzeAPI support. Answer: ${excerpt(response.body)}`;
		case statusCode >= 400:
			return `RyzeAPI refused the request (HTTP ${statusCode}). Answer: ${excerpt(response.body)}`;
		default:
			return `Expected a JSON answer. Check the Base URL in the RyzeAPI credential. Answer: ${excerpt(response.body)}`;
	}
}

/** `X-RateLimit-Reset` (Unix seconds) as a time in ms, when it holds a valid one. */
function resetTime(response: IN8nHttpFullResponse): number | undefined {
	const header = String(response.headers?.['x-ratelimit-reset'] ?? '');
	const resetMs = (/^\s*\d+(\.\d+)?\s*$/.test(header) ? Number(header) : NaN) * 1000;
	// Past about the year 275760 a Date is invalid.
	return resetMs > 0 && resetMs <= 8.64e15 ? resetMs : undefined;
}

function resetSentence(resetAtMs: number | undefined): string {
	if (resetAtMs === undefined) return 'The rate limit was exceeded.';
	return `The rate limit was exceeded; it resets at ${new Date(resetAtMs).toISOString()}.`;
}

/** The RyzeAPI Trigger registering its webhook, rather than an operation of the action node. */
function isTrigger(context: ErrorContext): boolean {
	return context.getNode().type.endsWith('.ryzeApiTrigger');
}

function instanceName(context: ErrorContext): string {
	return String(context.getNodeParameter('instance', '', { extractValue: true }) ?? '');
}

function envelopeMessage(body: JsonObject): string | undefined {
	const error = body.error;
	if (isJsonObject(error) && typeof error.message === 'string' && error.message !== '') return error.message;
	if (typeof error === 'string' && error !== '') return error;
	return undefined;
}

function excerpt(body: unknown): string {
	const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
	const flat = (text ?? '').replace(/\s+/g, ' ').trim();
	if (flat === '') return '(empty)';
	return flat.length > EXCERPT_LIMIT ? `${flat.slice(0, EXCERPT_LIMIT)}…` : flat;
}

export function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** The trigger's webhook refused because the instance has all its enabled webhooks: which ones, to free one. */
export function webhooksInUseError(context: ErrorContext, instance: string, labels: string[], limit: number): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Instance "${instance}" already has ${labels.length} enabled webhooks (${labels.map((label) => `"${label}"`).join(', ')}); RyzeAPI allows ${limit} per instance`,
		{
			description:
				'Free one: deactivate the n8n workflow that registered it (its label starts with n8n-, then the workflow id), or disable it in the RyzeAPI dashboard. Then activate this workflow again.',
		},
	);
}

type FriendlyError = RyzeApiError | NodeOperationError;

/** Any failure of a request to RyzeAPI (`options` is that request's), as an error that says what to do. */
export function friendlyError(
	context: ErrorContext,
	caught: unknown,
	options: Pick<IHttpRequestOptions, 'baseURL' | 'timeout'>,
): FriendlyError {
	if (caught instanceof RyzeApiError || caught instanceof NodeOperationError) return caught;
	const code = transportCode(caught);
	const baseUrl = String(options.baseURL ?? '');
	const timeout = Number(options.timeout);
	// Built afresh from the code alone: the HTTP client's error can carry the request, token header included.
	return new RyzeApiError(
		context.getNode(),
		// Not under `code`/`httpCode`: NodeApiError would swap our message for its generic one for that code.
		{ transportError: code },
		{
			message: transportMessage(code, timeout),
			description: TIMEOUT_CODES.includes(code)
				? timeoutAdvice(context)
				: `Check the Base URL in the RyzeAPI credential (${baseUrl}) and that RyzeAPI can be reached from n8n, then run the node again.`,
			itemIndex: itemIndexOf(context),
		},
	);
}

const TIMEOUT_CODES = ['ECONNABORTED', 'ETIMEDOUT'];

/**
 * RyzeAPI works through the groups one by one, about 1 s each, and goes on after n8n stops waiting: a timeout does
 * not mean nothing happened.
 */
function timeoutAdvice(context: ErrorContext): string {
	const raise =
		'Then set Settings → Request Options → Timeout to at least 1 s per group plus 30 s, or remove it (the default is 300 s).';
	const action = itemIndexOf(context) === undefined ? '' : `${context.getNodeParameter('resource', '')}:${context.getNodeParameter('operation', '')}`;
	switch (action) {
		case 'community:linkGroups':
			return `RyzeAPI links the groups one by one, about 1 s each, and goes on after n8n stops waiting: some or all may be linked already. Check with List Subgroups, or run Link Groups again with Verify on (it reports groups linked before as alreadyLinked). ${raise}`;
		case 'community:unlinkGroups':
			return `RyzeAPI unlinks the groups one by one, about 1 s each, and goes on after n8n stops waiting: some or all may be unlinked already. Check with List Subgroups before running it again. ${raise}`;
		case 'community:syncSubgroups':
			return `RyzeAPI links and unlinks the groups one by one, about 1 s each, and goes on after n8n stops waiting. Run the same Sync again: it lists what is there now and reports groups already in place as unchanged. ${raise}`;
		case 'group:create':
			return `The group may have been created anyway: check in WhatsApp (or with Group → Get Many) before running Create again, or you will make a second group. ${raise}`;
		case 'community:create':
			return `The community may have been created anyway, with some of its groups linked: check in WhatsApp before running Create again, or you will make a second community. ${raise}`;
		default:
			return `RyzeAPI may be slow right now. Run the node again in a moment. ${raise}`;
	}
}

/**
 * n8n's HTTP helper reports a failed connection as a NodeApiError whose httpCode is the socket error code
 * (ECONNREFUSED, ECONNABORTED...), or the HTTP status when the answer started and then broke off.
 */
function transportCode(caught: unknown): string {
	const { httpCode, code } = (caught ?? {}) as { httpCode?: unknown; code?: unknown };
	const reported = String(code ?? httpCode ?? '');
	if (/^E[A-Z_]+$/.test(reported)) return reported;
	return /^\d+$/.test(reported) ? 'ECONNRESET' : 'EUNKNOWN';
}

function transportMessage(code: string, timeout: number): string {
	switch (code) {
		case 'ECONNREFUSED':
			return 'Could not connect to RyzeAPI: the connection was refused';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'Could not connect to RyzeAPI: the host name was not found';
		case 'ECONNRESET':
		case 'EPIPE':
			return 'The connection to RyzeAPI was closed before its answer arrived';
		case 'ECONNABORTED':
		case 'ETIMEDOUT':
			return `RyzeAPI did not answer within the timeout (${timeout < 1000 ? `${timeout} ms` : `${Math.round(timeout / 1000)} s`})`;
		default:
			return `Could not reach RyzeAPI (${code})`;
	}
}
