/**
 * A test double of an OpenAI-compatible chat model for AI Agent tests: a real HTTP server on 127.0.0.1 that
 * records every request it receives and answers from a script, so a run is offline and the same every time.
 *
 * It serves `POST /v1/chat/completions` without streaming (what n8n's OpenAI Chat Model sends with the
 * Responses API off, in `n8n execute`). A conversation that holds no tool result yet gets one call of the
 * scripted tool with the scripted arguments; once a tool result is in it, the scripted final text.
 * Anything else is recorded and refused with OpenAI's error envelope. Only Node built-ins are used.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface ChatScript {
	/** The tool the model calls first: the name n8n gave it and the arguments the model "fills in". */
	toolCall: { name: string; arguments: Record<string, unknown> };
	/** The model's text answer once the tool's result is in the conversation. */
	finalAnswer: string;
}

export interface ChatMessage {
	role: string;
	content?: unknown;
	tool_call_id?: string;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
}

/** A tool as offered to the model: `parameters` is the JSON schema of its arguments. */
export interface ChatTool {
	type: string;
	function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ChatRequestBody {
	model?: string;
	stream?: boolean;
	messages?: ChatMessage[];
	tools?: ChatTool[];
}

export interface RecordedModelRequest {
	method: string;
	/** Raw path and query, as received. */
	url: string;
	/** Lower-cased names; repeated headers joined with ', '. */
	headers: Record<string, string>;
	/** The body exactly as received, so tests can search it for what must never be sent. */
	rawBody: string;
	/** Parsed JSON, or undefined when the body is not JSON. */
	body: ChatRequestBody | undefined;
}

export interface RunningFakeOpenAi {
	/** What an OpenAI credential's Base URL takes: the server's address including `/v1`. */
	url: string;
	/** Every request received, in order. */
	requests: RecordedModelRequest[];
	/** Read on every request; tests may replace it between runs. */
	script: ChatScript;
	/** Clears the recorded requests. */
	reset(): void;
	/** Closes the server and every socket, keep-alive ones too. */
	close(): Promise<void>;
}

const CHAT_PATH = '/v1/chat/completions';

export async function startFakeOpenAi(script: ChatScript): Promise<RunningFakeOpenAi> {
	const requests: RecordedModelRequest[] = [];
	const fake: RunningFakeOpenAi = {
		url: '',
		requests,
		script,
		reset: () => {
			requests.length = 0;
		},
		close: () => closeServer(server),
	};
	const server = http.createServer((req, res) => {
		handleRequest(fake, req, res).catch(() => res.destroy());
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	return fake;
}

function closeServer(server: http.Server): Promise<void> {
	return new Promise((resolve, reject) => {
		server.close((error) => (error ? reject(error) : resolve()));
		server.closeAllConnections();
	});
}

async function handleRequest(fake: RunningFakeOpenAi, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
	const rawBody = await readBody(req);
	const record: RecordedModelRequest = {
		method: req.method ?? 'GET',
		url: req.url ?? '/',
		headers: flattenHeaders(req.headers),
		rawBody,
		body: parseJson(rawBody),
	};
	fake.requests.push(record);
	const { status, payload } = answer(fake.script, record, fake.requests.length);
	const text = JSON.stringify(payload);
	res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

function answer(script: ChatScript, record: RecordedModelRequest, sequence: number): { status: number; payload: unknown } {
	if (record.method !== 'POST' || record.url.split('?')[0] !== CHAT_PATH) {
		return { status: 404, payload: openAiError(`The fake model serves only POST ${CHAT_PATH}`) };
	}
	const { body } = record;
	if (!body) return { status: 400, payload: openAiError('The request body is not JSON') };
	// A streamed answer needs another format; failing loudly beats a run that hangs on a half-understood reply.
	if (body.stream === true) return { status: 400, payload: openAiError('The fake model does not stream') };
	const hasToolResult = (body.messages ?? []).some((message) => message.role === 'tool');
	const message = hasToolResult ? { role: 'assistant', content: script.finalAnswer } : toolCallMessage(script, sequence);
	return {
		status: 200,
		payload: {
			id: `chatcmpl-fake-${sequence}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model ?? 'fake-model',
			choices: [{ index: 0, message, finish_reason: hasToolResult ? 'stop' : 'tool_calls', logprobs: null }],
			usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
		},
	};
}

function toolCallMessage(script: ChatScript, sequence: number): ChatMessage {
	const { name, arguments: args } = script.toolCall;
	return {
		role: 'assistant',
		content: null,
		tool_calls: [{ id: `call_fake_${sequence}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
	};
}

function openAiError(message: string): { error: { message: string; type: string } } {
	return { error: { message, type: 'invalid_request_error' } };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): ChatRequestBody | undefined {
	try {
		return JSON.parse(text) as ChatRequestBody;
	} catch {
		return undefined;
	}
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return flat;
}
