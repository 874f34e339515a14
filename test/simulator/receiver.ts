/** A webhook receiver on 127.0.0.1 for delivery tests: records every POST and answers from a script. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
	/** Path + query. */
	url: string;
	headers: http.IncomingHttpHeaders;
	body: unknown;
}

/** A status to answer with, or 'hang' to never answer. */
export type Answer = number | 'hang';

export interface Receiver {
	url: string;
	received: Received[];
	/** The next answers, in order; once used up, every request gets 200. */
	script(...answers: Answer[]): void;
	close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
	const received: Received[] = [];
	const answers: Answer[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ url: req.url ?? '/', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
			const answer = answers.shift() ?? 200;
			if (answer !== 'hang') res.writeHead(answer, { 'Content-Type': 'text/plain' }).end(`answered ${answer}`);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		received,
		script: (...next) => answers.push(...next),
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** A loopback URL nothing listens on: connections to it are refused. */
export async function refusingUrl(): Promise<string> {
	const receiver = await startReceiver();
	await receiver.close();
	return receiver.url;
}
