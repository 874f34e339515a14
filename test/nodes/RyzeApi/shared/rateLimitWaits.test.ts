/**
 * RyzeAPI's rate limit (100 requests a minute per token, HTTP 429 with X-RateLimit-Reset past it): each item waits
 * until the reset and sends its own request again, within Options → Max Rate-Limit Wait (Seconds), in every
 * operation. Through the real engine against the simulator; resets are made 1 s away so the tests stay short.
 */
import type { INodeParameters } from 'n8n-workflow';

import { DEMO, type Fault } from '../../../../simulator';
import { rateLimitDelayMs } from '../../../../nodes/RyzeApi/shared/rateLimitWaits';
import { addFreeGroups, expectNoToken, linkInWorld, operationRunner, requestsTo } from '../../../support/community';
import { useSimulator } from '../../../support/simulator';

const harness = useSimulator();
const { communityJid, freeGroups } = DEMO;
const linkGroups = operationRunner(harness, 'linkGroups', { communityJid, groupJids: '={{ $json.group }}' });
const LINK = '/api/community/link/';

const resetInOneSecond: Fault = { kind: 'rateLimited', resetInSeconds: 1, path: LINK };
const refusal = (headers?: Record<string, string>): Fault => ({
	kind: 'status',
	status: 429,
	body: { success: false, error: { message: 'Rate limit exceeded. Try again later.' } },
	headers,
	path: LINK,
});

function linkEach(groups: readonly string[], options: INodeParameters = {}, continueOnFail = false) {
	return linkGroups({ options }, { continueOnFail, items: groups.map((group) => ({ group })) });
}

/** The link requests RyzeAPI answered, as [group JIDs sent, status]. */
const linkAnswers = () => requestsTo(harness, LINK).map((request) => [(request.body as { groupJid: string[] }).groupJid, request.status]);

describe('the wait before sending again', () => {
	const now = 1_800_000_000_000;

	it('lasts until the reset time, plus a spread of at most 1 s', () => {
		expect(rateLimitDelayMs(now + 30_000, 0, now, 0)).toBe(30_000);
		expect(rateLimitDelayMs(now + 30_000, 3, now, 0.999)).toBe(30_999);
	});

	it('without a reset time in the future, grows from 1 s: 1, 2, 4 s (plus the spread)', () => {
		expect([0, 1, 2].map((waits) => rateLimitDelayMs(undefined, waits, now, 0))).toEqual([1000, 2000, 4000]);
		expect(rateLimitDelayMs(now - 5_000, 0, now, 0.5)).toBe(1500);
	});
});

describe('rate limit', () => {
	it('waits until X-RateLimit-Reset and sends only that request again', async () => {
		harness.sim.injectFault(resetInOneSecond);
		const started = Date.now();

		const { items, error } = await linkEach([freeGroups[0]]);

		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.groupJid, item.json.status])).toEqual([[freeGroups[0], 'linked']]);
		expect(linkAnswers()).toEqual([
			[[freeGroups[0]], 429],
			[[freeGroups[0]], 200],
		]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	});

	it.each([
		['without X-RateLimit-Reset', undefined],
		['with a garbage X-RateLimit-Reset', { 'X-RateLimit-Reset': 'soon' }],
		['with an X-RateLimit-Reset in the past', { 'X-RateLimit-Reset': '1000000000' }],
	])('%s, backs off from 1 s and sends again', async (_case, headers) => {
		harness.sim.injectFault(refusal(headers), 2);
		const started = Date.now();

		const { items, error } = await linkEach([freeGroups[0]]);

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.status)).toEqual(['linked']);
		expect(linkAnswers().map(([, status]) => status)).toEqual([429, 429, 200]);
		// 1 s then 2 s, each plus at most 1 s of spread.
		expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
	});

	it('of two items, re-sends only the one RyzeAPI refused; each group is linked once', async () => {
		harness.sim.injectFault(resetInOneSecond);

		const { items, error } = await linkEach(freeGroups.slice(0, 2));

		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.groupJid, item.json.status, item.pairedItem])).toEqual([
			[freeGroups[0], 'linked', { item: 0 }],
			[freeGroups[1], 'linked', { item: 1 }],
		]);
		const answers = linkAnswers();
		expect(answers).toHaveLength(3);
		const refused = answers.find(([, status]) => status === 429)?.[0];
		expect(answers.filter(([groups]) => JSON.stringify(groups) === JSON.stringify(refused)).map(([, status]) => status)).toEqual([429, 200]);
		expect(freeGroups.slice(0, 2).map((group) => harness.sim.world.groups.get(group)?.parentJid)).toEqual([communityJid, communityJid]);
	});

	it('gets a burst of items past a real (shortened) window: every group linked exactly once', async () => {
		harness.sim.options.rateLimit = { limit: 5, windowMs: 1000 };
		const groups = addFreeGroups(harness, 12);

		const result = await linkEach(groups);

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual(groups.map(() => 'linked'));
		const answers = linkAnswers();
		expect(answers.filter(([, status]) => status === 429).length).toBeGreaterThan(0);
		expect(answers.filter(([, status]) => status === 200).map(([sent]) => (sent as string[])[0]).sort()).toEqual([...groups].sort());
		expectNoToken(harness, result);
	});

	describe('Max Rate-Limit Wait (Seconds)', () => {
		it('0: fails at the first 429 as before, saying it did not wait', async () => {
			harness.sim.injectFault(resetInOneSecond);

			const result = await linkEach([freeGroups[0]], { maxRateLimitWait: 0 });

			expect(result.error?.message).toBe('Rate limit exceeded. Try again later.');
			expect(result.error?.description).toMatch(
				/^The rate limit was exceeded; it resets at \d{4}-\d\d-\d\dT[\d:.]+Z\. Max Rate-Limit Wait is 0, so the node did not wait\. RyzeAPI allows 100 requests per minute per token/,
			);
			expect(result.error?.description).toContain("Raise Max Rate-Limit Wait (Seconds) in this node's Options");
			expect(result.error?.description).toContain('N8N_CONCURRENCY_PRODUCTION_LIMIT=10');
			expect(result.error?.description).toContain('queue mode');
			expect(linkAnswers()).toHaveLength(1);
			expectNoToken(harness, result);
		});

		it('does not wait at all when the reset is further away than the most it may wait', async () => {
			harness.sim.injectFault({ ...resetInOneSecond, resetInSeconds: 30 });

			const result = await linkEach([freeGroups[0]], { maxRateLimitWait: 5 });

			expect(result.error?.description).toMatch(/Waiting for it \(\d+(\.\d)? s\) would pass Max Rate-Limit Wait \(5 s\), so the node did not wait\./);
			expect(linkAnswers()).toHaveLength(1);
		});

		it('fails once the next wait would pass it, saying how long it waited', async () => {
			harness.sim.injectFault(refusal(), 5);

			const result = await linkEach([freeGroups[0]], { maxRateLimitWait: 2.5 });

			expect(result.error?.message).toBe('Rate limit exceeded. Try again later.');
			expect(result.error?.description).toMatch(
				/^The rate limit was exceeded\. The node waited (1(\.\d)?|2) s in all for it to reset and was still refused; waiting again \(\d(\.\d)? s\) would pass Max Rate-Limit Wait \(2\.5 s\)\./,
			);
			expect(linkAnswers().map(([, status]) => status)).toEqual([429, 429]);
		});

		it('refuses a negative value before sending anything, naming the field and the item', async () => {
			const result = await linkEach([freeGroups[0]], { maxRateLimitWait: -1 });

			expect(result.error?.message).toBe('Max Rate-Limit Wait (Seconds) on item 0: "-1" is not a number of seconds of 0 or more');
			expect(harness.sim.requests).toEqual([]);
		});

		it('under Continue On Fail, the item that ran out of wait becomes one paired error item; the other goes on', async () => {
			harness.sim.injectFault(resetInOneSecond);

			const { items, error } = await linkEach(freeGroups.slice(0, 2), { maxRateLimitWait: 0 }, true);

			expect(error).toBeUndefined();
			const failed = items.find((item) => item.json.error);
			expect(failed?.json).toEqual({
				error: 'Rate limit exceeded. Try again later.',
				details: { description: expect.stringContaining('Max Rate-Limit Wait is 0'), errorType: 'rateLimited', httpCode: 429 },
			});
			const other = items.find((item) => !item.json.error);
			expect(other?.json.status).toBe('linked');
			expect([failed?.pairedItem, other?.pairedItem].map((paired) => (paired as { item: number }).item).sort()).toEqual([0, 1]);
		});
	});

	describe('in every operation', () => {
		it.each([
			['List Subgroups', 'listSubgroups', '/api/community/listSubGroups/', {}],
			['Create', 'create', '/api/community/create/', { name: 'Neighbours' }],
			['Unlink Groups', 'unlinkGroups', '/api/community/unlink/', { groupJids: freeGroups[0] }],
		])('%s waits and sends again', async (_name, operation, path, parameters) => {
			if (operation === 'unlinkGroups') linkInWorld(harness, communityJid, [freeGroups[0]]);
			harness.sim.injectFault({ kind: 'rateLimited', resetInSeconds: 1, path });

			const { items, error } = await operationRunner(harness, operation, { communityJid, ...parameters })();

			expect(error).toBeUndefined();
			expect(items.length).toBeGreaterThan(0);
			expect(requestsTo(harness, path).map((request) => request.status)).toEqual([429, 200]);
		});

		it("Link Groups' Verify waits for its listing too, so the link is confirmed", async () => {
			harness.sim.injectFault({ kind: 'rateLimited', resetInSeconds: 1, path: '/api/community/listSubGroups/' });

			const { items } = await linkEach([freeGroups[0]], { verify: true });

			expect(items.map((item) => [item.json.status, item.json.alreadyLinked])).toEqual([['linked', false]]);
			expect(requestsTo(harness, '/api/community/listSubGroups/').map((request) => request.status)).toEqual([429, 200]);
		});
	});

	describe('batching (Request Options), for one execution with many items', () => {
		it('spaced at the limit\'s rate, many items get no 429 at all', async () => {
			// 10 requests per 600 ms is RyzeAPI's rate; Items per Batch 1 and Batch Interval 70 ms keep under it.
			harness.sim.options.rateLimit = { limit: 10, windowMs: 600 };
			const groups = addFreeGroups(harness, 20);

			const { error, items } = await linkGroups(
				{ requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 70 } } } },
				{ items: groups.map((group) => ({ group })) },
			);

			expect(error).toBeUndefined();
			expect(items).toHaveLength(20);
			expect(linkAnswers().map(([, status]) => status)).toEqual(groups.map(() => 200));
		});
	});
});
