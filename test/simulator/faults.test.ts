import { DEMO } from '../../simulator';
import { MAIN, path, useSimulator } from '../support/simulator';

const harness = useSimulator();
const list = () => harness.api().get('/api/instance/list');

describe('fault injection', () => {
	it("'status' answers the given status with a default error envelope", async () => {
		harness.sim.injectFault({ kind: 'status', status: 500 });
		const response = await list();
		expect(response.status).toBe(500);
		expect(response.data).toEqual({ success: false, error: { message: 'Internal Server Error' } });
	});

	it("'status' sends a JSON body and extra headers", async () => {
		const body = { success: false, error: { message: 'integration not configured' } };
		harness.sim.injectFault({ kind: 'status', status: 503, body, headers: { 'Retry-After': '1' } });
		const response = await list();
		expect(response.status).toBe(503);
		expect(response.data.error.message).toBe('integration not configured');
		expect(response.headers['retry-after']).toBe('1');
	});

	it("'status' sends a text body with its content type (a proxy's HTML 502)", async () => {
		harness.sim.injectFault({ kind: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>', contentType: 'text/html' });
		const response = await list();
		expect(response.status).toBe(502);
		expect(response.headers['content-type']).toBe('text/html');
		expect(response.data).toContain('Bad Gateway');
		expect(response.headers['x-ratelimit-limit']).toBeUndefined();
	});

	it("'reset' destroys the socket mid-response", async () => {
		harness.sim.injectFault({ kind: 'reset' });
		await expect(list()).rejects.toThrow();
		expect(harness.sim.requests[0].status).toBe(200);
		expect((await list()).status).toBe(200);
	});

	it("'delay' answers normally after the given time", async () => {
		harness.sim.injectFault({ kind: 'delay', ms: 100 });
		const started = Date.now();
		const response = await list();
		expect(response.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(90);
	});

	it("'notJson' answers 200 text/plain", async () => {
		harness.sim.injectFault({ kind: 'notJson' });
		const response = await list();
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^text\/plain/);
		expect(() => JSON.parse(response.data)).toThrow();
	});

	it("'rateLimited' answers 429 with the envelope and a Reset in the future", async () => {
		harness.sim.injectFault({ kind: 'rateLimited', resetInSeconds: 5 });
		const response = await list();
		expect(response.status).toBe(429);
		expect(response.data).toEqual({ success: false, error: { message: 'Rate limit exceeded. Try again later.' } });
		expect(response.headers['x-ratelimit-remaining']).toBe('0');
		expect(Number(response.headers['x-ratelimit-reset'])).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 4);
	});

	it("'custom200' answers any JSON body", async () => {
		const body = { success: true, message: 'Linked 1 of 3 groups to community', linked: ['1@g.us'], failed: [42, { jid: 'x' }, null] };
		harness.sim.injectFault({ kind: 'custom200', body });
		const response = await harness.api().post(path.link(MAIN), { communityJid: DEMO.communityJid, groupJid: DEMO.freeGroups });
		expect(response.data).toEqual(body);
		expect(harness.sim.world.groups.get(DEMO.freeGroups[0])?.parentJid).toBeUndefined();
	});

	it('applies to the next `times` matching requests only', async () => {
		harness.sim.injectFault({ kind: 'status', status: 500 }, 2);
		expect([(await list()).status, (await list()).status, (await list()).status]).toEqual([500, 500, 200]);
	});

	it('matches `path` as a substring of the raw or decoded path, or as a RegExp', async () => {
		harness.sim.injectFault({ kind: 'status', status: 418, path: 'link/sales team' });
		harness.sim.injectFault({ kind: 'status', status: 503, path: /listSubGroups/ });
		expect((await list()).status).toBe(200);
		expect((await harness.api().post(path.link('sales team'), {})).status).toBe(418);
		expect((await harness.api().get(path.listSubGroups(MAIN, DEMO.communityJid))).status).toBe(503);
	});

	it('clearFaults() drops pending faults', async () => {
		harness.sim.injectFault({ kind: 'status', status: 500 }, 5);
		harness.sim.clearFaults();
		expect((await list()).status).toBe(200);
	});

	it('records faulted requests with the status sent', async () => {
		harness.sim.injectFault({ kind: 'status', status: 503 });
		await list();
		expect(harness.sim.requests.map((request) => request.status)).toEqual([503]);
	});
});
