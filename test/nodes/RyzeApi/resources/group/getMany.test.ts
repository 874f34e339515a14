/** Group → Get Many through the engine against the simulator, on each shape RyzeAPI's (undocumented) list may have. */
import { DEMO } from '../../../../../simulator';
import { itRefusesBeforeSending, operationRunner, requestsTo } from '../../../../support/community';
import { useSimulator } from '../../../../support/simulator';

const harness = useSimulator();
const getMany = operationRunner(harness, 'getMany', {}, { resource: 'group', typeVersion: 2 });
const mainGroups = () => harness.sim.world.groupsOf('main');

describe('Group → Get Many', () => {
	it("returns the number's groups, one item each with what RyzeAPI's list carries, up to Limit (50)", async () => {
		const { items, error } = await getMany();

		expect(error).toBeUndefined();
		expect(requestsTo(harness, '/api/group/list/main')).toHaveLength(1);
		expect(items).toHaveLength(50);
		const [first] = items;
		expect(first.pairedItem).toEqual({ item: 0 });
		expect(first.json).toEqual({
			instance: 'main',
			groupJid: DEMO.communityJid,
			name: 'Demo Community',
			description: expect.any(String),
			inviteCode: expect.any(String),
			inviteLink: expect.stringMatching(/^https:\/\/chat\.whatsapp\.com\//),
			createdBy: expect.any(String),
			participantCount: expect.any(Number),
			participants: expect.any(Array),
			groupSettings: expect.any(Object),
			isCommunity: true,
			isDefaultSubGroup: false,
		});
	});

	it('returns every group with Return All, and filters by exact name or by part of a name', async () => {
		const all = await getMany({ returnAll: true });
		const named = await getMany({ returnAll: true, filters: { name: ' sales  TEAM ' } });
		const containing = await getMany({ returnAll: true, filters: { nameContains: 'book club 0' } });

		expect(all.items).toHaveLength(mainGroups().length);
		expect(named.items.map((item) => item.json.groupJid)).toEqual(DEMO.sharedNameGroups.map((group) => group.jid));
		expect(containing.items.map((item) => item.json.name)).toEqual(Array.from({ length: 9 }, (_, index) => `Book Club 0${index + 1}`));
	});

	it('leaves out communities and Announcements groups when asked, where the list tells them apart', async () => {
		const { items } = await getMany({ returnAll: true, filters: { excludeCommunities: true, excludeAnnouncements: true } });

		const left = new Set(items.map((item) => item.json.groupJid));
		const communities = mainGroups().filter((group) => group.isCommunity || group.isDefaultSubGroup);
		expect(communities.length).toBeGreaterThan(0);
		expect(communities.filter((group) => left.has(group.jid))).toEqual([]);
		expect(items).toHaveLength(mainGroups().length - communities.length);
	});

	it('returns nothing for a name no group has, so a workflow can create it only then', async () => {
		const { items, error } = await getMany({ filters: { name: 'Acme Ltd - support' } });

		expect(error).toBeUndefined();
		expect(items).toEqual([]);
	});

	it.each(['groups', 'data', 'array'] as const)('reads a list answered under "%s"', async (shape) => {
		harness.sim.options.groupListShape = shape;

		const { items } = await getMany({ filters: { name: 'Group 11' } });

		expect(items.map((item) => item.json.groupJid)).toEqual([DEMO.freeGroups[0]]);
	});

	it.each([
		['linkedParent', 'isCommunity'],
		['communityJid', 'isParent'],
	] as const)(
		"names a group's community communityJid and a community isCommunity, whether RyzeAPI says %s and %s",
		async (parentField, flag) => {
			harness.sim.options.groupListParentField = parentField;
			harness.sim.options.groupListFlags = flag;

			const { items } = await getMany({ returnAll: true, filters: { nameContains: 'community' } });
			const group20 = await getMany({ filters: { name: 'Group 20' } });

			expect(group20.items[0].json).toMatchObject({ communityJid: DEMO.otherCommunityJid, isCommunity: false });
			expect(group20.items[0].json).not.toHaveProperty('linkedParent');
			expect(items.find((item) => item.json.groupJid === DEMO.communityJid)?.json).toMatchObject({ isCommunity: true });
			expect(items.every((item) => !('isParent' in item.json))).toBe(true);
		},
	);

	itRefusesBeforeSending(harness, getMany, [['a limit of 0 from an expression', { limit: '={{ 0 }}' }, 'Limit on item 0: "0" is not a whole number of 1 or more']]);
});
