import type { AxiosInstance } from 'axios';
import { DEMO } from '../../simulator';
import { errorOf, MAIN, path, useSimulator } from '../support/simulator';

const harness = useSimulator();
const { main, salesTeam } = DEMO.instances;

interface GroupRoute {
	method: 'GET' | 'POST';
	url(instance: string): string;
}

/** Each group route, with a valid request for `main`. */
const ROUTES: [string, GroupRoute][] = [
	['POST /api/group/create', { method: 'POST', url: path.groupCreate }],
	['GET /api/group/list', { method: 'GET', url: path.groupList }],
	['GET /api/group/info', { method: 'GET', url: (instance) => path.groupInfo(instance, DEMO.freeGroups[0]) }],
];

const send = (client: AxiosInstance, route: GroupRoute, instance: string, method = route.method) =>
	client.request({ method, url: route.url(instance), data: method === 'POST' ? { name: 'Book club' } : undefined });

describe.each(ROUTES)('%s: auth, instance checks and rate-limit headers as every route', (_name, route) => {
	const call = (client: AxiosInstance, instance: string) => send(client, route, instance);

	it('works with the TokenAccount', async () => {
		expect((await call(harness.api(), MAIN)).status).toBe(200);
	});

	it("works with the instance's own TokenInstance", async () => {
		expect((await call(harness.api(main.token), MAIN)).status).toBe(200);
	});

	it("answers 403 for another instance's TokenInstance", async () => {
		const response = await call(harness.api(salesTeam.token), MAIN);
		expect(response.status).toBe(403);
		expect(errorOf(response)).toBe('Token does not have access to this instance');
	});

	it('answers 401 without a token and 404 for an unknown instance', async () => {
		expect(errorOf((await call(harness.api(null), MAIN)))).toBe('Missing token in header');
		const unknown = await call(harness.api(), 'ghost');
		expect(unknown.status).toBe(404);
		expect(errorOf(unknown)).toBe('Instance not found');
	});

	it('carries X-RateLimit-Limit, -Remaining and -Reset on success and on error', async () => {
		for (const response of [await call(harness.api(), MAIN), await call(harness.api(salesTeam.token), MAIN)]) {
			expect(Number(response.headers['x-ratelimit-limit'])).toBe(100);
			expect(Number(response.headers['x-ratelimit-remaining'])).toBeGreaterThanOrEqual(0);
			expect(Number(response.headers['x-ratelimit-reset']) * 1000).toBeGreaterThan(Date.now());
		}
		const remaining = Number((await call(harness.api(), MAIN)).headers['x-ratelimit-remaining']);
		expect(Number((await call(harness.api(), MAIN)).headers['x-ratelimit-remaining'])).toBe(remaining - 1);
	});

	it('answers 404 "Route not found" for the other method', async () => {
		const response = await send(harness.api(), route, MAIN, route.method === 'GET' ? 'POST' : 'GET');
		expect(response.status).toBe(404);
		expect(errorOf(response)).toBe('Route not found');
	});
});
