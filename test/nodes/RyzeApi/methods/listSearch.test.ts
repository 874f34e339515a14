import { DEMO } from '../../../../simulator';
import { searchInstanceList } from '../../../support/engine';
import { useSimulator } from '../../../support/simulator';

const harness = useSimulator();

describe('Instance picker list search', () => {
	it('lists every instance of the account with its connection state, for an Account Token', async () => {
		const { results } = await searchInstanceList({ token: DEMO.accountToken, baseUrl: harness.sim.url });

		expect(results).toEqual([
			{ name: 'main (connected)', value: 'main' },
			{ name: 'offline (disconnected)', value: 'offline' },
			{ name: 'pairing (connecting)', value: 'pairing' },
			{ name: 'sales team (connected)', value: 'sales team' },
		]);
		expect(harness.sim.requests[0]).toMatchObject({ method: 'GET', path: '/api/instance/list' });
		expect(harness.sim.requests[0].headers.token).toBe(DEMO.accountToken);
	});

	it('lists only its own instance for an Instance Token', async () => {
		const { results } = await searchInstanceList({ token: DEMO.instances.salesTeam.token, baseUrl: harness.sim.url });

		expect(results).toEqual([{ name: 'sales team (connected)', value: 'sales team' }]);
	});

	it('filters by the text typed in the picker', async () => {
		const { results } = await searchInstanceList({ token: DEMO.accountToken, baseUrl: `${harness.sim.url}/` }, 'OFF');

		expect(results.map((result) => result.value)).toEqual(['offline']);
	});

	it('fails clearly on a bad token, without showing it', async () => {
		await expect(searchInstanceList({ token: 'ryze-bad-token-xyz', baseUrl: harness.sim.url })).rejects.toThrow(
			expect.objectContaining({ message: expect.not.stringContaining('ryze-bad-token-xyz') }),
		);
	});
});
