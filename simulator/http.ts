import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown by routes and auth; the server turns it into the error envelope. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export interface Reply {
	status: number;
	body: unknown;
}

export function success(message: string, payload: Record<string, unknown>): Reply {
	return { status: 200, body: { success: true, message, ...payload } };
}

export function errorEnvelope(message: string): { success: false; error: { message: string } } {
	return { success: false, error: { message } };
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

export function writeBody(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
	res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
	res.end(body);
}

export function writeJson(res: ServerResponse, status: number, payload: unknown, headers?: Record<string, string>): void {
	writeBody(res, status, JSON.stringify(payload), JSON_TYPE, headers);
}

export async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** Parsed JSON, or the raw text when it is not JSON, or undefined when empty. */
export function parseBody(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** URL-decodes, keeping the raw text when it is not valid percent-encoding. */
export function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
