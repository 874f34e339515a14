import http from 'node:http';
import { DEMO, startSimulator } from '../../simulator';
import { client, MAIN, path, useSimulator } from '../support/simulator';

describe('reset()', () => {
	const harness = useSimulator();

	it('restores the seed and clears requests, faults and rate-limit counters', async () => {
		const { sim } = harness;
		sim.options.rateLimit = { limit: 2, windowMs: 60_000 };
		await harness.api().post(path.link(MAIN), { communityJid: DEMO.communityJid, groupJid: [DEMO.freeGroups[0]] });
		await harness.api().get('/api/instance/list');
		sim.world.instances[0].state = 'disconnected';
		sim.injectFault({ kind: 'status', status: 500 });

		sim.reset();

		expect(sim.requests).toEqual([]);
		expect(sim.world.groups.get(DEMO.freeGroups[0])?.parentJid).toBeUndefined();
		expect(sim.world.instance(MAIN)?.state).toBe('connected');
		const response = await harness.api().get('/api/instance/list');
		expect(response.status).toBe(200);
		expect(response.headers['x-ratelimit-remaining']).toBe('1');
	});

	it('keeps the same world and requests objects', () => {
		const { world, requests } = harness.sim;
		harness.sim.reset();
		expect(harness.sim.world).toBe(world);
		expect(harness.sim.requests).toBe(requests);
	});
});

describe('startSimulator()', () => {
	it('listens on an ephemeral port of 127.0.0.1 by default, with the contract defaults', async () => {
		const sim = await startSimulator();
		try {
			expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
			expect(sim.port).toBeGreaterThan(0);
			expect(sim.options).toMatchObject({
				linkDelayMs: 1000,
				propagationDelayMs: 2000,
				rateLimit: { limit: 100, windowMs: 60_000 },
				failedFormat: 'strings',
				overCapBehaviour: 'silentlyLinked',
				createFallback: false,
				webhookLimitStatus: 400,
				omittedEvents: 'empty',
				deliveryRetries: 2,
				deliveryBackoffMs: 200,
				deliveryTimeoutMs: 10_000,
			});
		} finally {
			await sim.close();
		}
	});
});

describe('close()', () => {
	it('closes promptly with an open keep-alive connection', async () => {
		const sim = await startSimulator({ linkDelayMs: 0 });
		const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
		const response = await client(sim.url, DEMO.accountToken).get('/api/instance/list', { httpAgent: agent });
		expect(response.headers.connection).toBe('keep-alive');
		const started = Date.now();
		await sim.close();
		expect(Date.now() - started).toBeLessThan(1000);
		agent.destroy();
	});

	it('cancels pending pauses and drops their connections', async () => {
		const sim = await startSimulator({ linkDelayMs: 10_000 });
		sim.injectFault({ kind: 'delay', ms: 10_000, path: '/api/instance/list' });
		const api = client(sim.url, DEMO.accountToken);
		const outcomes = Promise.allSettled([
			api.post(path.link(MAIN), { communityJid: DEMO.communityJid, groupJid: [DEMO.freeGroups[0]] }),
			api.get('/api/instance/list'),
		]);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const started = Date.now();
		await sim.close();
		expect(Date.now() - started).toBeLessThan(1000);
		expect((await outcomes).map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
	});

	it('can be called twice', async () => {
		const sim = await startSimulator();
		await Promise.all([sim.close(), sim.close()]);
		await expect(sim.close()).resolves.toBeUndefined();
	});
});
