import { DEMO } from '../../simulator';
import { errorOf, MAIN, path, useSimulator } from '../support/simulator';

const harness = useSimulator();
const { main, salesTeam } = DEMO.instances;

describe('authentication', () => {
	it('accepts the token header', async () => {
		const response = await harness.api().get('/api/instance/list');
		expect(response.status).toBe(200);
	});

	it('accepts Authorization: Bearer for compatibility', async () => {
		const response = await harness.api(null).get('/api/instance/list', { headers: { Authorization: `Bearer ${main.token}` } });
		expect(response.status).toBe(200);
		expect(response.data.instances.map((instance: { name: string }) => instance.name)).toEqual([MAIN]);
	});

	it('answers 401 "Missing token in header" without a token', async () => {
		const response = await harness.api(null).get('/api/instance/list');
		expect(response.status).toBe(401);
		expect(errorOf(response)).toBe('Missing token in header');
	});

	it('refuses a token in the query string (treated as missing)', async () => {
		const response = await harness.api(null).get(`/api/instance/list?token=${DEMO.accountToken}`);
		expect(response.status).toBe(401);
		expect(errorOf(response)).toBe('Missing token in header');
	});

	it('answers 401 "Invalid token" for an unknown token, in the exact error envelope', async () => {
		const response = await harness.api('nope').get('/api/instance/list');
		expect(response.status).toBe(401);
		expect(response.data).toEqual({ success: false, error: { message: 'Invalid token' } });
	});

	it('lets an account token act on every instance of its account', async () => {
		for (const instance of [main, salesTeam]) {
			const response = await harness.api().get(path.listSubGroups(instance.name, DEMO.communityJid));
			expect(response.status).not.toBe(403);
		}
	});

	it('answers 403 when an instance token is used on another existing instance', async () => {
		const response = await harness.api(salesTeam.token).post(path.link(MAIN), { communityJid: DEMO.communityJid, groupJid: [DEMO.freeGroups[0]] });
		expect(response.status).toBe(403);
		expect(errorOf(response)).toBe('Token does not have access to this instance');
	});

	it.each([
		['an account token', DEMO.accountToken],
		['an instance token', main.token],
	])('answers 404 "Instance not found" for an unknown instance with %s', async (_kind, token) => {
		const response = await harness.api(token).get(path.listSubGroups('ghost', DEMO.communityJid));
		expect(response.status).toBe(404);
		expect(errorOf(response)).toBe('Instance not found');
	});

	it('URL-decodes the instance segment ("sales%20team")', async () => {
		const response = await harness.api(salesTeam.token).get(path.listSubGroups(salesTeam.name, DEMO.sales.communityJid));
		expect(harness.sim.requests[0].path).toBe('/api/community/listSubGroups/sales%20team');
		expect(response.status).toBe(200);
	});
});

describe('unknown routes and bad bodies', () => {
	it('answers 404 with the envelope for an unknown route', async () => {
		const response = await harness.api().get('/api/community/nothing');
		expect(response.status).toBe(404);
		expect(errorOf(response)).toBe('Route not found');
	});

	it('answers 404 for a known path with the wrong method', async () => {
		const response = await harness.api().get(path.link(MAIN));
		expect(response.status).toBe(404);
	});

	it('answers 400 for a body that is not JSON', async () => {
		const response = await harness.api().post(path.link(MAIN), '{oops', { headers: { 'Content-Type': 'application/json' } });
		expect(response.status).toBe(400);
		expect(errorOf(response)).toMatch(/^invalid request body/);
	});

	it('answers 400 for a JSON body that is not an object', async () => {
		const response = await harness.api().post(path.link(MAIN), [DEMO.freeGroups[0]]);
		expect(response.status).toBe(400);
		expect(errorOf(response)).toMatch(/^invalid request body/);
	});

	it('answers 400 when a field has the wrong type', async () => {
		const response = await harness.api().post(path.link(MAIN), { communityJid: DEMO.communityJid, groupJid: DEMO.freeGroups[0] });
		expect(response.status).toBe(400);
		expect(errorOf(response)).toBe('invalid request body: groupJid must be an array of strings');
	});
});
