import { DEMO } from '../../simulator';
import { errorOf, MAIN, path, useSimulator } from '../support/simulator';

const harness = useSimulator();
const create = (body: Record<string, unknown>, instance = MAIN) => harness.api().post(path.groupCreate(instance), body);
const groupCount = () => harness.sim.world.groups.size;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const subgroupJids = async (communityJid: string): Promise<string[]> =>
	(await harness.api().get(path.listSubGroups(MAIN, communityJid))).data.subgroups.map((subgroup: { jid: string }) => subgroup.jid);

const MAIN_JID = `${DEMO.instances.main.phone}@s.whatsapp.net`;
const DEFAULT_SETTINGS = { membersCanEditInfo: true, membersCanSendMessages: true, membersCanAddOthers: false, requireAdminApproval: false };
const [BLOCKED] = DEMO.privacyBlockedPhones;

describe('POST /api/group/create/:instance', () => {
	describe('success', () => {
		it('creates a group and answers GroupInfo beside success and message (groupCreateShape "bare", the default)', async () => {
			const response = await create({ name: 'Book club', participants: ['5511999999999', '5511977776666@s.whatsapp.net'] });
			expect(response.status).toBe(200);
			expect(response.data).toEqual({
				success: true,
				message: 'Group created successfully',
				name: 'Book club',
				jid: expect.stringMatching(/^120363\d{12}@g\.us$/),
				description: '',
				inviteCode: expect.stringMatching(/^[A-Za-z0-9]{22}$/),
				inviteLink: `https://chat.whatsapp.com/${response.data.inviteCode}`,
				createdBy: MAIN_JID,
				participantCount: 3,
				participants: [
					{ jid: MAIN_JID, isAdmin: true, isSuperAdmin: true },
					{ jid: '5511999999999@s.whatsapp.net', isAdmin: false, isSuperAdmin: false },
					{ jid: '5511977776666@s.whatsapp.net', isAdmin: false, isSuperAdmin: false },
				],
				groupSettings: DEFAULT_SETTINGS,
			});
			const stored = harness.sim.world.groups.get(response.data.jid);
			expect(stored).toMatchObject({ name: 'Book club', isCommunity: false, isDefaultSubGroup: false, participants: { main: 'admin' } });
			expect(stored?.parentJid).toBeUndefined();
		});

		it('wraps GroupInfo under `group` with groupCreateShape "wrapped" (inferred)', async () => {
			harness.sim.options.groupCreateShape = 'wrapped';
			const response = await create({ name: 'Book club' });
			expect(response.status).toBe(200);
			expect(response.data).toEqual({
				success: true,
				message: 'Group created successfully',
				group: expect.objectContaining({ name: 'Book club', jid: expect.stringMatching(/@g\.us$/), participantCount: 1, createdBy: MAIN_JID }),
			});
			expect(response.data).not.toHaveProperty('jid');
		});

		it('trims the name, keeps the description and works without participants', async () => {
			const response = await create({ name: '  Book club  ', description: 'Monthly' });
			expect(response.data).toMatchObject({ name: 'Book club', description: 'Monthly', participantCount: 1, participants: [{ jid: MAIN_JID }] });
		});

		it('is not idempotent: the same body twice makes two groups', async () => {
			const before = groupCount();
			const first = await create({ name: 'Book club' });
			const second = await create({ name: 'Book club' });
			expect(first.data.jid).not.toBe(second.data.jid);
			expect(first.data.inviteCode).not.toBe(second.data.inviteCode);
			expect(groupCount()).toBe(before + 2);
		});

		it('works with the instance token of its own instance', async () => {
			const response = await harness.api(DEMO.instances.main.token).post(path.groupCreate(MAIN), { name: 'Book club' });
			expect(response.status).toBe(200);
		});
	});

	describe('participants', () => {
		it('leaves out a privacy-blocked person and adds the others', async () => {
			const response = await create({ name: 'Book club', participants: [BLOCKED, '5511999999999', `${BLOCKED}@s.whatsapp.net`] });
			expect(response.status).toBe(200);
			expect(response.data.participantCount).toBe(2);
			expect(response.data.participants.map((participant: { jid: string }) => participant.jid)).toEqual([MAIN_JID, '5511999999999@s.whatsapp.net']);
			expect(harness.sim.world.groups.get(response.data.jid)?.people).toEqual({ '5511999999999': 'member' });
		});

		it('does not add the creator twice, nor the same person twice', async () => {
			const response = await create({ name: 'Book club', participants: [DEMO.instances.main.phone, '5511999999999', '5511999999999@s.whatsapp.net'] });
			expect(response.data.participantCount).toBe(2);
		});

		it("makes another instance's number a member: the group is then in that instance's list", async () => {
			const { salesTeam } = DEMO.instances;
			const response = await create({ name: 'Book club', participants: [salesTeam.phone] });
			expect(response.data.participants).toContainEqual({ jid: `${salesTeam.phone}@s.whatsapp.net`, isAdmin: false, isSuperAdmin: false });
			const salesList = await harness.api(salesTeam.token).get(path.groupList(salesTeam.name));
			expect(salesList.data.groups.map((group: { jid: string }) => group.jid)).toContain(response.data.jid);
		});

		it.each(['+5511999999999', '55 11 999999999', 'alice', '5511999999999@c.us', `${DEMO.freeGroups[0]}`, ''])(
			'answers 400 "invalid participant: <entry>" for %j and creates nothing (inferred wording)',
			async (entry) => {
				const before = groupCount();
				const response = await create({ name: 'Book club', participants: ['5511999999999', entry] });
				expect(response.status).toBe(400);
				expect(errorOf(response)).toBe(`invalid participant: ${entry}`);
				expect(groupCount()).toBe(before);
			},
		);

		it.each([['a string', '5511999999999'], ['numbers', [5511999999999]]])('answers 400 when participants is %s', async (_case, participants) => {
			const response = await create({ name: 'Book club', participants });
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe('invalid request body: participants must be an array of strings');
		});
	});

	describe('groupSettings', () => {
		it("takes WhatsApp's defaults for the settings not sent (inferred) and stores them", async () => {
			const response = await create({ name: 'Book club', groupSettings: { membersCanSendMessages: false, requireAdminApproval: true } });
			const expected = { membersCanEditInfo: true, membersCanSendMessages: false, membersCanAddOthers: false, requireAdminApproval: true };
			expect(response.data.groupSettings).toEqual(expected);
			expect(harness.sim.world.groups.get(response.data.jid)?.settings).toEqual(expected);
		});

		it('stores all four when all are sent', async () => {
			const settings = { membersCanEditInfo: false, membersCanSendMessages: false, membersCanAddOthers: true, requireAdminApproval: true };
			const response = await create({ name: 'Book club', groupSettings: settings });
			expect(response.data.groupSettings).toEqual(settings);
		});

		it.each(['membersCanEditInfo', 'membersCanSendMessages', 'membersCanAddOthers', 'requireAdminApproval'])(
			'answers 400 when %s is not a boolean',
			async (key) => {
				const response = await create({ name: 'Book club', groupSettings: { [key]: 'yes' } });
				expect(response.status).toBe(400);
				expect(errorOf(response)).toBe(`invalid request body: groupSettings.${key} must be a boolean`);
			},
		);

		it('answers 400 when groupSettings is not an object', async () => {
			const response = await create({ name: 'Book club', groupSettings: [true] });
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe('invalid request body: groupSettings must be an object');
		});
	});

	describe('image', () => {
		it('keeps an image that looks like a URL or base64, without imageError', async () => {
			const response = await create({ name: 'Book club', image: 'https://example.com/logo.png' });
			expect(response.data).not.toHaveProperty('imageError');
			expect(harness.sim.world.groups.get(response.data.jid)?.image).toBe('https://example.com/logo.png');
		});

		it('still creates the group but reports imageError for anything else (inferred, as community create)', async () => {
			const response = await create({ name: 'Book club', image: 'not an image' });
			expect(response.status).toBe(200);
			expect(response.data).toMatchObject({ success: true, name: 'Book club', imageError: 'failed to set group image: image is neither a URL nor base64 data' });
			expect(harness.sim.world.groups.get(response.data.jid)?.image).toBeUndefined();
		});

		it('puts imageError beside `group` when wrapped', async () => {
			harness.sim.options.groupCreateShape = 'wrapped';
			const response = await create({ name: 'Book club', image: 'not an image' });
			expect(response.data).toMatchObject({ group: { name: 'Book club' }, imageError: expect.stringContaining('image') });
		});
	});

	describe('communityJid', () => {
		it('creates the group already linked to the community, visible in listSubGroups after the propagation delay', async () => {
			harness.sim.options.propagationDelayMs = 150;
			const response = await create({ name: 'Book club', communityJid: DEMO.communityJid });
			expect(response.status).toBe(200);
			const stored = harness.sim.world.groups.get(response.data.jid);
			expect(stored?.parentJid).toBe(DEMO.communityJid);
			expect(stored?.linkedAt).toBeGreaterThan(Date.now() - 5000);
			expect(await subgroupJids(DEMO.communityJid)).not.toContain(response.data.jid);
			await sleep(200);
			expect(await subgroupJids(DEMO.communityJid)).toContain(response.data.jid);
		});

		it('accepts the bare digits of the community', async () => {
			const response = await create({ name: 'Book club', communityJid: DEMO.communityJid.replace('@g.us', '') });
			expect(harness.sim.world.groups.get(response.data.jid)?.parentJid).toBe(DEMO.communityJid);
		});

		it('treats a blank communityJid as absent', async () => {
			const response = await create({ name: 'Book club', communityJid: '  ' });
			expect(response.status).toBe(200);
			expect(harness.sim.world.groups.get(response.data.jid)?.parentJid).toBeUndefined();
		});

		it.each([
			['an unknown community', '120363499999999999@g.us', 'community not found'],
			['a plain group', DEMO.freeGroups[0], 'not a community'],
			['a community the number is not admin of', DEMO.otherCommunityJid, 'not admin of the community'],
			['a community with 50 subgroups already', DEMO.fullCommunityJid, 'community has reached the limit of 50 subgroups'],
		])('answers 500 "failed to create group: <reason>" for %s and creates nothing (inferred)', async (_case, communityJid, reason) => {
			const before = groupCount();
			const response = await create({ name: 'Book club', communityJid });
			expect(response.status).toBe(500);
			expect(errorOf(response)).toBe(`failed to create group: ${reason}`);
			expect(groupCount()).toBe(before);
		});

		it('refuses a full community even with overCapBehaviour "silentlyLinked" (the default of link)', async () => {
			expect(harness.sim.options.overCapBehaviour).toBe('silentlyLinked');
			expect((await create({ name: 'Book club', communityJid: DEMO.fullCommunityJid })).status).toBe(500);
		});

		it('answers 400 "invalid community JID: <reason>" for an unparseable JID', async () => {
			const response = await create({ name: 'Book club', communityJid: 'a@b@g.us' });
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe('invalid community JID: unexpected number of @ in JID: 2');
		});
	});

	describe('request errors', () => {
		it.each([
			['a missing name', {}, 'name is required'],
			['a blank name', { name: '   ' }, 'name is required'],
			['a name that is not a string', { name: 7 }, 'invalid request body: name must be a string'],
			['a name longer than 100 characters (inferred limit)', { name: 'x'.repeat(101) }, 'name must be at most 100 characters'],
			['a description that is not a string', { name: 'Ok', description: 1 }, 'invalid request body: description must be a string'],
		])('answers 400 for %s', async (_case, body, message) => {
			const response = await create(body);
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe(message);
		});

		it('accepts a name of exactly 100 characters', async () => {
			expect((await create({ name: 'x'.repeat(100) })).status).toBe(200);
		});

		it.each(['offline', 'pairing'])('answers 400 when the instance is not connected (%s) and creates nothing', async (instance) => {
			const before = groupCount();
			const response = await create({ name: 'Book club' }, instance);
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe('Instance is not connected to WhatsApp');
			expect(groupCount()).toBe(before);
		});
	});
});
