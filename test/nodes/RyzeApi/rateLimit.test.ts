/**
 * RyzeAPI's rate limit (100 requests a minute per token) against the README's batching advice: Request Options →
 * Batching with Items per Batch 1 and Batch Interval 700 ms. The simulator's window is shortened 100 times
 * (10 requests per 600 ms, the same rate) and the interval with it (7 ms × 10 = 70 ms), so the test stays fast.
 */
import type { INodeParameters } from 'n8n-workflow';

import { DEMO } from '../../../simulator';
import { operationRunner } from '../../support/community';
import { useSimulator } from '../../support/simulator';

const SCALE = 100;
const harness = useSimulator({ rateLimit: { limit: 100 / (SCALE / 10), windowMs: 60_000 / SCALE } });
const README_BATCHING = { batch: { batchSize: 1, batchInterval: (700 * 10) / SCALE } };
const ITEMS = 30;

const linkGroups = operationRunner(harness, 'linkGroups', { communityJid: DEMO.communityJid, groupJids: '={{ $json.group }}' });

function linkEachItem(requestOptions: INodeParameters) {
	const groups = Array.from({ length: ITEMS }, (_, index) => `1203634000009${String(index).padStart(5, '0')}@g.us`);
	return linkGroups({ requestOptions }, { items: groups.map((group) => ({ group })) });
}

const statuses = () => harness.sim.requests.map((request) => request.status);

describe('rate limit', () => {
	it("with the README's batching settings, many items get no HTTP 429", async () => {
		const { error, items } = await linkEachItem({ batching: README_BATCHING });

		expect(error).toBeUndefined();
		expect(items).toHaveLength(ITEMS);
		expect(statuses()).toHaveLength(ITEMS);
		expect(statuses().filter((status) => status === 429)).toEqual([]);
	});

	it('without them, the 429 error says what to change', async () => {
		const { error } = await linkEachItem({});

		expect(statuses().filter((status) => status === 429).length).toBeGreaterThan(0);
		expect(error?.message).toBe('Rate limit exceeded. Try again later.');
		expect(error?.description).toContain('RyzeAPI allows 100 requests per minute per token');
		expect(error?.description).toContain('Request Options → Batching, with Items per Batch 1 and Batch Interval (ms) 700');
		expect(error?.description).toMatch(/resets at \d{4}-\d\d-\d\dT/);
	});
});
