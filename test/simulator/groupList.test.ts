import { DEMO } from '../../simulator';
import { errorOf, MAIN, path, useSimulator } from '../support/simulator';

const harness = useSimulator();
const list = (instance = MAIN, token?: string) => harness.api(token).get(path.groupList(instance));

type Entry = Record<string, unknown> & { jid: string; name: string };
const entriesOf = async (): Promise<Entry[]> => (await list()).data.groups as Entry[];
const entryOf = async (jid: string): Promise<Entry> => {
	const entry = (await entriesOf()).find((candidate) => candidate.jid === jid);
	if (!entry) throw new Error(`${jid} is not in main's list`);
	return entry;
};

const MAIN_JID = `${DEMO.instances.main.phone}@s.whatsapp.net`;
/** main's groups in the demo seed: 2 (demo community) + 5 free + 1 in the other community + 1 member-only + 1 legacy
 * + 52 (full community, its Announcements, 50 subgroups) + 2 for the full community + 300 directory + 2 "Sales team"
 * + 1 NFD + 4 (twin communities and their Announcements groups). */
const MAIN_GROUP_COUNT = 371;

describe('GET /api/group/list/:instance', () => {
	describe('what it lists', () => {
		it('answers every group the number is in under `groups` (groupListShape "groups", the default)', async () => {
			const response = await list();
			expect(response.status).toBe(200);
			expect(response.data).toEqual({ success: true, message: `${MAIN_GROUP_COUNT} group(s) found`, groups: expect.any(Array) });
			expect(response.data.groups).toHaveLength(MAIN_GROUP_COUNT);
		});

		it('gives each entry GroupInfo, the community flag and isDefaultSubGroup', async () => {
			expect(await entryOf(DEMO.freeGroups[0])).toEqual({
				name: 'Group 11',
				jid: DEMO.freeGroups[0],
				description: '',
				inviteCode: expect.stringMatching(/^[A-Za-z0-9]{22}$/),
				inviteLink: expect.stringMatching(/^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/),
				createdBy: MAIN_JID,
				participantCount: 1,
				participants: [{ jid: MAIN_JID, isAdmin: true, isSuperAdmin: true }],
				groupSettings: { membersCanEditInfo: true, membersCanSendMessages: true, membersCanAddOthers: false, requireAdminApproval: false },
				isCommunity: false,
				isDefaultSubGroup: false,
			});
		});

		it('lists communities and Announcements groups, and groups where the number is a plain member', async () => {
			const jids = (await entriesOf()).map((entry) => entry.jid);
			expect(jids.slice(0, 7)).toEqual([DEMO.communityJid, DEMO.announcementsJid, ...DEMO.freeGroups]);
			expect(jids).toEqual(expect.arrayContaining([DEMO.fullCommunityJid, DEMO.fullCommunityAnnouncementsJid, DEMO.groupNotAdmin, DEMO.legacyGroup]));
			const member = await entryOf(DEMO.groupNotAdmin);
			expect(member.participants).toEqual([{ jid: MAIN_JID, isAdmin: false, isSuperAdmin: false }]);
		});

		it('leaves out the groups the number is not in', async () => {
			const jids = (await entriesOf()).map((entry) => entry.jid);
			for (const jid of [DEMO.hiddenSubgroup, DEMO.otherCommunityJid, DEMO.sales.communityJid, ...DEMO.sales.freeGroups]) expect(jids).not.toContain(jid);
		});

		it('tells instances apart', async () => {
			const { salesTeam } = DEMO.instances;
			const response = await list(salesTeam.name, salesTeam.token);
			expect(response.data.message).toBe('4 group(s) found');
			expect(response.data.groups.map((entry: Entry) => entry.jid)).toEqual([DEMO.sales.communityJid, DEMO.sales.announcementsJid, ...DEMO.sales.freeGroups]);
		});

		it('lists a created group last, as it was created', async () => {
			const created = await harness.api().post(path.groupCreate(MAIN), { name: 'Book club', participants: ['5511999999999'] });
			const entries = await entriesOf();
			expect(entries).toHaveLength(MAIN_GROUP_COUNT + 1);
			const { success: _success, message: _message, ...info } = created.data;
			expect(entries[entries.length - 1]).toEqual({ ...info, isCommunity: false, isDefaultSubGroup: false });
		});
	});

	describe('the demo seed', () => {
		it('holds the 300 directory groups, in order, with their names', async () => {
			const directory = new Set(DEMO.directoryGroups.map((group) => group.jid));
			const listed = (await entriesOf()).filter((entry) => directory.has(entry.jid)).map(({ jid, name }) => ({ jid, name }));
			expect(listed).toEqual(DEMO.directoryGroups);
			expect(listed).toHaveLength(300);
			expect(listed[0]).toEqual({ jid: '120363400000002000@g.us', name: 'Customers 01' });
			expect(listed[30]).toEqual({ jid: '120363400000002030@g.us', name: 'Volunteers 01' });
			expect(listed[299]).toEqual({ jid: '120363400000002299@g.us', name: 'Players 30' });
		});

		it('holds two free groups named "Sales team"', async () => {
			const named = (await entriesOf()).filter((entry) => entry.name === 'Sales team');
			expect(named.map((entry) => entry.jid)).toEqual(['120363400000002300@g.us', '120363400000002301@g.us']);
			expect(named.map((entry) => entry.jid)).toEqual(DEMO.sharedNameGroups.map((group) => group.jid));
		});

		it('keeps the NFD name as stored', async () => {
			const entry = await entryOf('120363400000002302@g.us');
			expect(entry.name).toBe('Cafe\u0301 Lovers');
			expect(entry.name).not.toBe('Café Lovers'.normalize('NFC'));
			expect(entry.name.normalize('NFC')).toBe('Café Lovers'.normalize('NFC'));
			expect(DEMO.nfdGroup).toEqual({ jid: entry.jid, name: entry.name });
		});

		it('holds two communities named "Twin Community", each with its Announcements group', async () => {
			const entries = await entriesOf();
			const twins = entries.filter((entry) => entry.name === 'Twin Community');
			expect(twins.map((entry) => [entry.jid, entry.isCommunity])).toEqual([
				['120363400000002310@g.us', true],
				['120363400000002312@g.us', true],
			]);
			for (const { jid, announcementsJid } of DEMO.twinCommunities) {
				expect(entries.find((entry) => entry.jid === announcementsJid)).toMatchObject({ name: 'Announcements', isDefaultSubGroup: true, linkedParent: jid });
			}
			expect(DEMO.twinCommunities.map((community) => community.announcementsJid)).toEqual(['120363400000002311@g.us', '120363400000002313@g.us']);
		});

		it('has one privacy-blocked phone', () => {
			expect(DEMO.privacyBlockedPhones).toEqual(['5511988880001']);
			expect([...harness.sim.world.privacyBlockedPhones]).toEqual(['5511988880001']);
		});
	});

	describe('groupListShape (inferred)', () => {
		it('"data": the same envelope with the entries under `data`', async () => {
			harness.sim.options.groupListShape = 'data';
			const response = await list();
			expect(response.data).toEqual({ success: true, message: `${MAIN_GROUP_COUNT} group(s) found`, data: expect.any(Array) });
			expect(response.data.data).toHaveLength(MAIN_GROUP_COUNT);
			expect(response.data.data[0]).toMatchObject({ jid: DEMO.communityJid, name: 'Demo Community', isCommunity: true });
		});

		it('"array": a bare JSON array', async () => {
			harness.sim.options.groupListShape = 'array';
			const response = await list();
			expect(response.status).toBe(200);
			expect(Array.isArray(response.data)).toBe(true);
			expect(response.data).toHaveLength(MAIN_GROUP_COUNT);
			expect(response.data[0]).toMatchObject({ jid: DEMO.communityJid, isCommunity: true });
		});
	});

	describe('groupListFlags (inferred)', () => {
		it('"isCommunity" (default): true for communities, with isDefaultSubGroup true for Announcements groups', async () => {
			expect(await entryOf(DEMO.communityJid)).toMatchObject({ isCommunity: true, isDefaultSubGroup: false });
			expect(await entryOf(DEMO.announcementsJid)).toMatchObject({ isCommunity: false, isDefaultSubGroup: true });
			expect(await entryOf(DEMO.freeGroups[0])).toMatchObject({ isCommunity: false, isDefaultSubGroup: false });
			expect(await entryOf(DEMO.communityJid)).not.toHaveProperty('isParent');
		});

		it('"isParent": the community flag under that name', async () => {
			harness.sim.options.groupListFlags = 'isParent';
			expect(await entryOf(DEMO.communityJid)).toMatchObject({ isParent: true, isDefaultSubGroup: false });
			expect(await entryOf(DEMO.announcementsJid)).toMatchObject({ isParent: false, isDefaultSubGroup: true });
			expect(await entryOf(DEMO.communityJid)).not.toHaveProperty('isCommunity');
		});

		it('"none": neither the flag nor isDefaultSubGroup', async () => {
			harness.sim.options.groupListFlags = 'none';
			for (const jid of [DEMO.communityJid, DEMO.announcementsJid, DEMO.freeGroups[0]]) {
				const entry = await entryOf(jid);
				for (const key of ['isCommunity', 'isParent', 'isDefaultSubGroup']) expect(entry).not.toHaveProperty(key);
			}
		});
	});

	describe('groupListParentField (inferred)', () => {
		it('"linkedParent" (default): the community of a linked group, absent when not linked', async () => {
			expect((await entryOf(DEMO.groupInOtherCommunity)).linkedParent).toBe(DEMO.otherCommunityJid);
			expect((await entryOf(DEMO.announcementsJid)).linkedParent).toBe(DEMO.communityJid);
			expect((await entryOf(DEMO.fullCommunitySubgroups[0])).linkedParent).toBe(DEMO.fullCommunityJid);
			expect(await entryOf(DEMO.freeGroups[0])).not.toHaveProperty('linkedParent');
			expect(await entryOf(DEMO.communityJid)).not.toHaveProperty('linkedParent');
			expect(await entryOf(DEMO.groupInOtherCommunity)).not.toHaveProperty('communityJid');
		});

		it('"communityJid": the same under that name', async () => {
			harness.sim.options.groupListParentField = 'communityJid';
			expect((await entryOf(DEMO.groupInOtherCommunity)).communityJid).toBe(DEMO.otherCommunityJid);
			expect(await entryOf(DEMO.groupInOtherCommunity)).not.toHaveProperty('linkedParent');
			expect(await entryOf(DEMO.freeGroups[0])).not.toHaveProperty('communityJid');
		});

		it('"none": never', async () => {
			harness.sim.options.groupListParentField = 'none';
			for (const key of ['linkedParent', 'communityJid']) expect(await entryOf(DEMO.groupInOtherCommunity)).not.toHaveProperty(key);
		});

		it('shows a fresh link at once, unlike listSubGroups', async () => {
			harness.sim.options.propagationDelayMs = 60_000;
			await harness.api().post(path.link(MAIN), { communityJid: DEMO.communityJid, groupJid: [DEMO.freeGroups[0]] });
			expect((await entryOf(DEMO.freeGroups[0])).linkedParent).toBe(DEMO.communityJid);
			const subgroups = await harness.api().get(path.listSubGroups(MAIN, DEMO.communityJid));
			expect(subgroups.data.subgroups.map((subgroup: { jid: string }) => subgroup.jid)).not.toContain(DEMO.freeGroups[0]);
		});

		it('shows the community of a group created inside it at once', async () => {
			harness.sim.options.propagationDelayMs = 60_000;
			const created = await harness.api().post(path.groupCreate(MAIN), { name: 'Book club', communityJid: DEMO.communityJid });
			expect((await entryOf(created.data.jid)).linkedParent).toBe(DEMO.communityJid);
		});
	});

	it.each(['offline', 'pairing'])('answers 400 when the instance is not connected (%s)', async (instance) => {
		const response = await list(instance);
		expect(response.status).toBe(400);
		expect(errorOf(response)).toBe('Instance is not connected to WhatsApp');
	});
});
