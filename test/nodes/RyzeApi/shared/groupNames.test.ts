/**
 * Names given at run time: how a name matches (exactly, after NFC, trimming, collapsing spaces and case folding),
 * what an unknown or shared name says, what a name never stands for, and that it works on every shape RyzeAPI's
 * group list may have (the answer's shape is not documented). Run through the engine against the simulator.
 */
import { DEMO } from '../../../../simulator';
import { locator, operationRunner, requestsTo } from '../../../support/community';
import { useSimulator } from '../../../support/simulator';

const harness = useSimulator();
const { communityJid, freeGroups } = DEMO;
const linkGroups = operationRunner(harness, 'linkGroups', { community: locator('list', communityJid), groupSelection: 'name' }, { typeVersion: 2 });
const linkRequests = () => requestsTo(harness, '/api/community/link/');
const linkedJids = () => linkRequests().flatMap((request) => (request.body as { groupJid: string[] }).groupJid);

describe('Names given at run time', () => {
	describe('match exactly, up to Unicode form, spaces and case', () => {
		it.each([
			['the same spelling', 'Group 11', freeGroups[0]],
			['other case and extra spaces', '  gROUP    11 ', freeGroups[0]],
			['the composed form of a name stored decomposed (NFC)', 'Café Lovers', DEMO.nfdGroup.jid],
			['a name with a tab inside', 'Customers\t07', DEMO.directoryGroups.find((group) => group.name === 'Customers 07')?.jid],
		])('%s', async (_case, name, jid) => {
			const { error } = await linkGroups({ groupNames: name });

			expect(error).toBeUndefined();
			expect(linkedJids()).toEqual([jid]);
		});

		it('never matches part of a name', async () => {
			const { error } = await linkGroups({ groupNames: 'Group 1' });

			expect(error?.message).toMatch(/^Group Names on item 0: instance "main" has no group named "Group 1" \(closest: "Group 11", /);
			expect(linkRequests()).toEqual([]);
		});
	});

	describe('fail the item, nothing sent, saying what to do', () => {
		it('an unknown name lists the closest names with their JIDs', async () => {
			const { error } = await linkGroups({ groupNames: 'Grup 12' });

			expect(error?.message).toBe('Group Names on item 0: instance "main" has no group named "Grup 12" (closest: "Group 12", "Group 11", "Group 13")');
			expect(error?.description).toContain(`Closest names: "Group 12" (${freeGroups[1]})`);
			expect(linkRequests()).toEqual([]);
		});

		it('a name two groups share lists both JIDs', async () => {
			const [first, second] = DEMO.sharedNameGroups;

			const { error } = await linkGroups({ groupNames: 'Group 11\nsales TEAM' });

			expect(error?.message).toBe(`Group Names on item 0: 2 groups are named "sales TEAM": ${first.jid}, ${second.jid}`);
			expect(error?.description).toMatch(/^Nothing was sent\. Pick the group from the list or give its JID/);
			expect(linkRequests()).toEqual([]);
		});

		it.each([
			['a community', 'Full Community', '"Full Community" is a community, not a group that can be linked or unlinked'],
			['an Announcements group', 'Announcements', `"Announcements" is a community's Announcements group, not a group that can be linked or unlinked`],
		])('a group name never stands for %s', async (_case, name, problem) => {
			const { error } = await linkGroups({ groupNames: name });

			expect(error?.message).toBe(`Group Names on item 0: ${problem}`);
			expect(linkRequests()).toEqual([]);
		});
	});

	describe('a community by name', () => {
		it('is found only among communities', async () => {
			const { error } = await linkGroups({ community: locator('name', 'Group 12'), groupNames: 'Group 11' });

			expect(error?.message).toBe('Community on item 0: "Group 12" is a group, not a community');
			expect(linkRequests()).toEqual([]);
		});

		it('shared by two communities lists both', async () => {
			const [first, second] = DEMO.twinCommunities;

			const { error } = await linkGroups({ community: locator('name', 'Twin Community'), groupNames: 'Group 11' });

			expect(error?.message).toBe(`Community on item 0: 2 communities are named "Twin Community": ${first.jid}, ${second.jid}`);
		});

		it("is refused when RyzeAPI's list does not flag communities, asking for the picker or the JID", async () => {
			harness.sim.options.groupListFlags = 'none';

			const { error } = await linkGroups({ community: locator('name', 'Demo Community'), groupNames: 'Group 11' });

			expect(error?.message).toBe(
				`Community on item 0: cannot find the community "Demo Community" by name: RyzeAPI's group list does not say which groups are communities`,
			);
			expect(error?.description).toBe('Pick the community from the list, or give its JID (By ID).');
			expect(linkRequests()).toEqual([]);
		});
	});

	// The docs do not show the list's answer: the simulator answers each shape RyzeAPI might use.
	describe.each([
		['groups', 'isCommunity'],
		['data', 'isParent'],
		['array', 'isCommunity'],
		['array', 'none'],
	] as const)('on a group list answered under "%s", communities flagged by %s', (shape, flags) => {
		beforeEach(() => {
			harness.sim.options.groupListShape = shape;
			harness.sim.options.groupListFlags = flags;
		});

		it('links groups given by name', async () => {
			const { items, error } = await linkGroups({ groupNames: 'Group 11\nGroup 12' });

			expect(error).toBeUndefined();
			expect(items.map((item) => [item.json.groupName, item.json.groupJid, item.json.status])).toEqual([
				['Group 11', freeGroups[0], 'linked'],
				['Group 12', freeGroups[1], 'linked'],
			]);
		});

		it(flags === 'none' ? 'cannot tell a community by name' : 'finds a community by name', async () => {
			const { error } = await linkGroups({ community: locator('name', 'Demo Community'), groupNames: 'Group 11' });

			if (flags === 'none') expect(error?.message).toMatch(/does not say which groups are communities/);
			else expect(linkRequests().map((request) => request.body)).toEqual([{ communityJid, groupJid: [freeGroups[0]] }]);
		});
	});
});
