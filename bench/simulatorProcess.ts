/**
 * The simulator for the benchmark, in a child process of its own (see remoteSimulator.ts for why). Started by
 * SimulatorProcess with the number of groups to seed; it reports its URL and options, and on request a tally of
 * the requests it received since the last tally.
 */
import { startSimulator, type RunningSimulator } from '../simulator';
import type { FromSimulator, RequestTally, ToSimulator } from './remoteSimulator';
import { benchSeed, COMMUNITY_JID, TOKEN } from './world';

/** Fault-free and out of the way: no pauses, and a rate limit no run can reach. */
const OPTIONS = { linkDelayMs: 0, propagationDelayMs: 0, rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 } };

function send(message: FromSimulator): void {
	process.send?.(message);
}

/** What the checks need to know about the requests received since the last tally; forgets them. */
function tally(sim: RunningSimulator): RequestTally {
	const statuses: Record<string, number> = {};
	const groups = new Set<string>();
	let wellFormed = 0;
	for (const request of sim.requests) {
		statuses[request.status] = (statuses[request.status] ?? 0) + 1;
		const body = request.body as { communityJid?: unknown; groupJid?: unknown } | undefined;
		const group = Array.isArray(body?.groupJid) && body.groupJid.length === 1 ? String(body.groupJid[0]) : undefined;
		if (group !== undefined) groups.add(group);
		if (request.headers.token === TOKEN && body?.communityJid === COMMUNITY_JID && group !== undefined) wellFormed += 1;
	}
	const result = { requests: sim.requests.length, statuses, wellFormed, groups: [...groups] };
	sim.requests.length = 0;
	return result;
}

async function main(): Promise<void> {
	const sim = await startSimulator({ ...OPTIONS, seed: benchSeed(Number(process.argv[2])) });
	// The benchmark's end (or crash) ends this process too.
	process.on('disconnect', () => void sim.close().finally(() => process.exit(0)));
	process.on('message', (message: ToSimulator) => {
		if (message.type === 'tally') send({ type: 'tally', tally: tally(sim) });
	});
	send({ type: 'ready', url: sim.url, linkDelayMs: sim.options.linkDelayMs, propagationDelayMs: sim.options.propagationDelayMs, rateLimit: sim.options.rateLimit });
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
