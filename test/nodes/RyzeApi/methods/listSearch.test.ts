import { DEMO } from '../../../../simulator';
import { searchInstanceList, searchList } from '../../../support/engine';
import { useSimulator } from '../../../support/simulator';

const harness = useSimulator();

describe('Instance picker (list search)', () => {
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

describe('Community and Group pickers (list search by name)', () => {
	const credentials = () => ({ token: DEMO.instances.main.token, baseUrl: harness.sim.url });
	const onMain = { instance: { __rl: true, mode: 'list', value: 'main' } };

	it("offers the number's communities, searched by part of their name, JIDs as values", async () => {
		const all = await searchList(credentials(), 'searchCommunities', onMain);
		const typed = await searchList(credentials(), 'searchCommunities', onMain, ' DEMO  ');

		expect(all.results).toEqual([
			{ name: 'Demo Community', value: DEMO.communityJid },
			{ name: 'Full Community', value: DEMO.fullCommunityJid },
			{ name: 'Twin Community', value: DEMO.twinCommunities[0].jid },
			{ name: 'Twin Community', value: DEMO.twinCommunities[1].jid },
		]);
		expect(typed.results).toEqual([{ name: 'Demo Community', value: DEMO.communityJid }]);
	});

	it('offers every group where the list does not flag communities (RyzeAPI refuses a plain group when the node runs)', async () => {
		harness.sim.options.groupListFlags = 'none';

		const { results } = await searchList(credentials(), 'searchCommunities', onMain);

		expect(results).toHaveLength(harness.sim.world.groupsOf('main').length);
		expect(results).toEqual(expect.arrayContaining([{ name: 'Demo Community', value: DEMO.communityJid }, { name: 'Group 11', value: DEMO.freeGroups[0] }]));
	});

	it("offers the number's groups for Group → Get, without communities or Announcements groups", async () => {
		const { results } = await searchList(credentials(), 'searchGroups', onMain, 'community');

		expect(results).toEqual([]);
		expect((await searchList(credentials(), 'searchGroups', onMain, 'sales team')).results.map((result) => result.value)).toEqual(
			DEMO.sharedNameGroups.map((group) => group.jid),
		);
	});

	it('asks for the instance first', async () => {
		await expect(searchList(credentials(), 'searchCommunities', {})).rejects.toThrow('Choose the Instance first');
		expect(harness.sim.requests).toEqual([]);
	});
});
