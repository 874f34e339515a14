import { DEMO } from '../../simulator';
import { useSimulator } from '../support/simulator';

const harness = useSimulator({ rateLimit: { limit: 3, windowMs: 1000 } });
const headersOf = (response: { headers: Record<string, unknown> }) => ({
	limit: Number(response.headers['x-ratelimit-limit']),
	remaining: Number(response.headers['x-ratelimit-remaining']),
	reset: Number(response.headers['x-ratelimit-reset']),
});

describe('rate limit (per token)', () => {
	it('puts the headers on every response, success or error', async () => {
		const responses = [
			await harness.api().get('/api/instance/list'),
			await harness.api(null).get('/api/instance/list'),
			await harness.api('nope').get('/api/instance/list'),
			await harness.api().get('/api/community/listSubGroups/ghost?communityJid=1'),
			await harness.api().get('/api/nothing'),
		];
		expect(responses.map((response) => response.status)).toEqual([200, 401, 401, 404, 404]);
		for (const response of responses) {
			const { limit, reset } = headersOf(response);
			expect(limit).toBe(3);
			expect(reset * 1000).toBeGreaterThan(Date.now());
		}
	});

	it('counts down Remaining, then answers 429 with the envelope', async () => {
		const statuses: number[] = [];
		const remaining: number[] = [];
		for (let attempt = 0; attempt < 4; attempt += 1) {
			const response = await harness.api().get('/api/instance/list');
			statuses.push(response.status);
			remaining.push(headersOf(response).remaining);
			if (response.status === 429) {
				expect(response.data).toEqual({ success: false, error: { message: 'Rate limit exceeded. Try again later.' } });
			}
		}
		expect(statuses).toEqual([200, 200, 200, 429]);
		expect(remaining).toEqual([2, 1, 0, 0]);
	});

	it('keeps a separate budget per token', async () => {
		for (let attempt = 0; attempt < 3; attempt += 1) await harness.api().get('/api/instance/list');
		expect((await harness.api().get('/api/instance/list')).status).toBe(429);
		expect((await harness.api(DEMO.instances.main.token).get('/api/instance/list')).status).toBe(200);
	});

	it('counts requests without a valid token per remote address', async () => {
		await harness.api(null).get('/api/instance/list');
		await harness.api('nope').get('/api/instance/list');
		await harness.api('other').get('/api/instance/list');
		expect((await harness.api(null).get('/api/instance/list')).status).toBe(429);
		expect((await harness.api().get('/api/instance/list')).status).toBe(200);
	});

	it('opens a new window after windowMs', async () => {
		harness.sim.options.rateLimit = { limit: 1, windowMs: 100 };
		await harness.api().get('/api/instance/list');
		expect((await harness.api().get('/api/instance/list')).status).toBe(429);
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect((await harness.api().get('/api/instance/list')).status).toBe(200);
	});
});
