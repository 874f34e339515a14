/** The multi-pick lists of version 2: Link Groups' groups and Unlink Groups' subgroups, names shown, JIDs stored. */
import { DEMO } from '../../../../simulator';
import { linkInWorld, locator, requestsTo } from '../../../support/community';
import { loadOptions } from '../../../support/engine';
import { useSimulator } from '../../../support/simulator';

const harness = useSimulator();
const credentials = () => ({ token: DEMO.instances.main.token, baseUrl: harness.sim.url });
const linkGroupsNode = (community = locator('list', DEMO.communityJid)) => ({
	resource: 'community',
	operation: 'linkGroups',
	instance: locator('list', 'main'),
	community,
});

describe("Link Groups' groups list", () => {
	it("offers the number's groups by name, sorted, without communities or Announcements groups", async () => {
		const options = await loadOptions(credentials(), 'getGroups', linkGroupsNode());

		const names = options.map((option) => option.name);
		expect(options.find((option) => option.value === DEMO.freeGroups[0])).toEqual({ name: 'Group 11', value: DEMO.freeGroups[0], description: DEMO.freeGroups[0] });
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(options.map((option) => option.value)).not.toEqual(expect.arrayContaining([DEMO.communityJid]));
		expect(options.map((option) => option.value)).not.toEqual(expect.arrayContaining([DEMO.announcementsJid]));
		expect(options).toHaveLength(harness.sim.world.groupsOf('main').filter((group) => !group.isCommunity && !group.isDefaultSubGroup).length);
	});

	it('marks a group already in a community: this one, or another one by name', async () => {
		linkInWorld(harness, DEMO.communityJid, [DEMO.freeGroups[0]]);
		linkInWorld(harness, DEMO.fullCommunityJid, [DEMO.freeGroups[1]]);

		const options = await loadOptions(credentials(), 'getGroups', linkGroupsNode());

		const name = (jid: string) => options.find((option) => option.value === jid)?.name;
		expect(name(DEMO.freeGroups[0])).toBe('Group 11 (already in this community)');
		expect(name(DEMO.freeGroups[1])).toBe('Group 12 (in community Full Community)');
		expect(name(DEMO.groupInOtherCommunity)).toBe('Group 20 (in another community)');
		expect(name(DEMO.freeGroups[2])).toBe('Group 13');
	});

	it('costs one request while the list is kept, however often it is opened', async () => {
		await loadOptions(credentials(), 'getGroups', linkGroupsNode());
		await loadOptions(credentials(), 'getGroups', linkGroupsNode(locator('name', 'Demo Community')));

		expect(requestsTo(harness, '/api/group/list/')).toHaveLength(1);
	});
});

describe("Unlink Groups' subgroups list", () => {
	const unlinkNode = (community = locator('list', DEMO.communityJid)) => ({ ...linkGroupsNode(community), operation: 'unlinkGroups' });

	it("offers the community's subgroups by name, never its Announcements group", async () => {
		linkInWorld(harness, DEMO.communityJid, [DEMO.freeGroups[1], DEMO.freeGroups[0]]);

		const options = await loadOptions(credentials(), 'getSubgroups', unlinkNode());

		expect(options).toEqual([
			{ name: 'Group 11', value: DEMO.freeGroups[0], description: DEMO.freeGroups[0] },
			{ name: 'Group 12', value: DEMO.freeGroups[1], description: DEMO.freeGroups[1] },
		]);
		expect(requestsTo(harness, '/api/community/listSubGroups/main').map((request) => request.query)).toEqual([{ communityJid: DEMO.communityJid }]);
	});

	it.each([
		['given by name', locator('name', 'Demo Community')],
		['given by expression', locator('list', '={{ $json.communityJid }}')],
		['not chosen yet', locator('list', '')],
	])('asks to choose the community from its list or by JID when it is %s', async (_case, community) => {
		await expect(loadOptions(credentials(), 'getSubgroups', unlinkNode(community))).rejects.toThrow('Choose the Community from its list or By ID first');
		expect(harness.sim.requests).toEqual([]);
	});
});
