/**
 * Which local process sent a request to an in-process HTTP server (the simulator): its records do not say, and every
 * n8n process uses the same credential. Node's `http.server.request.start` diagnostics channel hands over each
 * request's socket as it arrives; while that connection is open, /proc/net/tcp{,6} gives the client end's socket
 * inode, and the process holding that inode in /proc/<pid>/fd sent it. Linux only; cheap enough for a few requests
 * (it reads /proc synchronously, so it is only done for the requests `wanted` picks).
 */
import * as diagnosticsChannel from 'diagnostics_channel';
import * as fs from 'fs';
import type { IncomingMessage, Server } from 'http';
import type { AddressInfo, Socket } from 'net';

export interface SentRequest {
	url: string;
	/** When it arrived (Date.now()). */
	at: number;
	/** The candidate's name, or 'unknown' when no candidate held the connection. */
	sender: string;
}

export interface RequestSenders {
	sent: SentRequest[];
	stop(): void;
}

interface RequestStart {
	request: IncomingMessage;
	socket: Socket;
	server: Server;
}

/** Records the sender of each request to `port` that `wanted` picks, among `candidates` (name → pid). */
export function watchRequestSenders(port: number, candidates: Map<string, number>, wanted: (url: string) => boolean): RequestSenders {
	const sent: SentRequest[] = [];
	const onStart = (message: unknown): void => {
		const { request, socket, server } = message as RequestStart;
		if ((server.address() as AddressInfo | null)?.port !== port || !wanted(request.url ?? '')) return;
		const at = Date.now();
		const inode = clientInode(socket.remotePort, port);
		const sender = inode === undefined ? undefined : [...candidates].find(([, pid]) => holdsSocket(pid, inode))?.[0];
		sent.push({ url: request.url ?? '', at, sender: sender ?? 'unknown' });
	};
	diagnosticsChannel.subscribe('http.server.request.start', onStart);
	return { sent, stop: () => diagnosticsChannel.unsubscribe('http.server.request.start', onStart) };
}

/** The inode of the client end of a loopback connection from `clientPort` to `serverPort`. */
function clientInode(clientPort: number | undefined, serverPort: number): string | undefined {
	if (clientPort === undefined) return undefined;
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = fs.readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
			const fields = line.trim().split(/\s+/);
			if (fields.length < 10) continue;
			if (portOf(fields[1]) === clientPort && portOf(fields[2]) === serverPort) return fields[9];
		}
	}
	return undefined;
}

function portOf(address: string): number {
	return parseInt(address.slice(address.lastIndexOf(':') + 1), 16);
}

function holdsSocket(pid: number, inode: string): boolean {
	const dir = `/proc/${pid}/fd`;
	let fds: string[];
	try {
		fds = fs.readdirSync(dir);
	} catch {
		return false;
	}
	const target = `socket:[${inode}]`;
	return fds.some((fd) => {
		try {
			return fs.readlinkSync(`${dir}/${fd}`) === target;
		} catch {
			return false;
		}
	});
}
