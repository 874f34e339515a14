import { DEMO, inviteCodeOf } from '../../simulator';
import { errorOf, MAIN, path, useSimulator } from '../support/simulator';

const harness = useSimulator();
const info = (identifier: string, instance = MAIN) => harness.api().get(path.groupInfo(instance, identifier));

const MAIN_JID = `${DEMO.instances.main.phone}@s.whatsapp.net`;
const codeOf = (jid: string): string => inviteCodeOf(jid);
const swapCase = (text: string): string => [...text].map((char) => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase())).join('');

describe('GET /api/group/info/:instance?identifier=', () => {
	describe('by JID', () => {
		it('answers GroupDetail: GroupInfo plus image, createdAt, metadata, isEphemeral, isIncognito, isSuspended, isDefaultSubGroup', async () => {
			const response = await info(DEMO.freeGroups[0]);
			expect(response.status).toBe(200);
			const code = codeOf(DEMO.freeGroups[0]);
			expect(response.data).toEqual({
				success: true,
				message: 'Group found',
				name: 'Group 11',
				jid: DEMO.freeGroups[0],
				description: '',
				inviteCode: code,
				inviteLink: `https://chat.whatsapp.com/${code}`,
				createdBy: MAIN_JID,
				participantCount: 1,
				participants: [{ jid: MAIN_JID, isAdmin: true, isSuperAdmin: true }],
				groupSettings: { membersCanEditInfo: true, membersCanSendMessages: true, membersCanAddOthers: false, requireAdminApproval: false },
				image: '',
				createdAt: '2024-01-01T00:00:00.000Z',
				metadata: {},
				isEphemeral: false,
				isIncognito: false,
				isSuspended: false,
				isDefaultSubGroup: false,
			});
		});

		it('says isDefaultSubGroup for an Announcements group', async () => {
			expect((await info(DEMO.announcementsJid)).data.isDefaultSubGroup).toBe(true);
		});

		it('appends @g.us to bare digits, legacy ones too (whose JID carries the creation second)', async () => {
			expect((await info(DEMO.freeGroups[0].replace('@g.us', ''))).data.jid).toBe(DEMO.freeGroups[0]);
			const legacy = await info('4911111111111-1583093984');
			expect(legacy.data).toMatchObject({ jid: DEMO.legacyGroup, name: 'Legacy Group', createdAt: new Date(1583093984 * 1000).toISOString() });
		});

		it('trims the identifier', async () => {
			expect((await info(`  ${DEMO.freeGroups[0]}  `)).data.jid).toBe(DEMO.freeGroups[0]);
		});

		it('makes only the creator super admin: another admin is just admin', async () => {
			const { salesTeam } = DEMO.instances;
			harness.sim.world.groups.get(DEMO.freeGroups[0])!.participants[salesTeam.name] = 'admin';
			const response = await info(DEMO.freeGroups[0]);
			expect(response.data).toMatchObject({ createdBy: MAIN_JID, participantCount: 2 });
			expect(response.data.participants).toEqual([
				{ jid: MAIN_JID, isAdmin: true, isSuperAdmin: true },
				{ jid: `${salesTeam.phone}@s.whatsapp.net`, isAdmin: true, isSuperAdmin: false },
			]);
		});

		it('shows a plain member as such', async () => {
			expect((await info(DEMO.groupNotAdmin)).data.participants).toEqual([{ jid: MAIN_JID, isAdmin: false, isSuperAdmin: false }]);
		});

		it('answers 500 "failed to get group info: not-authorized" for a group the number is not in (inferred)', async () => {
			const response = await info(DEMO.otherCommunityJid);
			expect(response.status).toBe(500);
			expect(errorOf(response)).toBe('failed to get group info: not-authorized');
		});

		it.each([
			['an unknown group JID', '120363499999999999@g.us'],
			['unknown bare digits', '120363499999999999'],
			['a person JID', MAIN_JID],
		])('answers 404 "Group not found" for %s', async (_case, identifier) => {
			const response = await info(identifier);
			expect(response.status).toBe(404);
			expect(errorOf(response)).toBe('Group not found');
		});

		it('answers 400 "invalid identifier: <reason>" for an unparseable JID (inferred)', async () => {
			const response = await info('a@b@g.us');
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe('invalid identifier: unexpected number of @ in JID: 2');
		});
	});

	describe('by invite code or invite link', () => {
		it('finds the group by its invite code', async () => {
			const response = await info(codeOf(DEMO.directoryGroups[42].jid));
			expect(response.status).toBe(200);
			expect(response.data).toMatchObject({ jid: DEMO.directoryGroups[42].jid, name: DEMO.directoryGroups[42].name });
		});

		it('finds the group by its invite link', async () => {
			const response = await info(`https://chat.whatsapp.com/${codeOf(DEMO.nfdGroup.jid)}`);
			expect(response.data).toMatchObject({ jid: DEMO.nfdGroup.jid, name: DEMO.nfdGroup.name });
		});

		it('finds the group by the inviteCode and inviteLink it answers', async () => {
			const byJid = (await info(DEMO.communityJid)).data;
			expect((await info(byJid.inviteCode)).data).toEqual(byJid);
			expect((await info(byJid.inviteLink)).data).toEqual(byJid);
		});

		it("shows any group from its code, even one the number is not in (anyone may see a group's info from its link)", async () => {
			const response = await info(codeOf(DEMO.otherCommunityJid));
			expect(response.status).toBe(200);
			expect(response.data).toMatchObject({ jid: DEMO.otherCommunityJid, name: 'Other Community', participantCount: 0 });
		});

		it.each([
			['an unknown code', 'AAAAAAAAAAAAAAAAAAAAAA'],
			['a code in the wrong case (codes are case-sensitive)', swapCase(codeOf(DEMO.freeGroups[0]))],
			['a link with an unknown code', 'https://chat.whatsapp.com/AAAAAAAAAAAAAAAAAAAAAA'],
		])('answers 404 "Group not found" for %s', async (_case, identifier) => {
			const response = await info(identifier);
			expect(response.status).toBe(404);
			expect(errorOf(response)).toBe('Group not found');
		});
	});

	describe('invite codes', () => {
		it('gives every group a distinct code of 22 characters [A-Za-z0-9]', () => {
			const codes = [...harness.sim.world.groups.keys()].map(codeOf);
			for (const code of codes) expect(code).toMatch(/^[A-Za-z0-9]{22}$/);
			expect(new Set(codes).size).toBe(codes.length);
		});

		it('swaps the case of a code for the case-sensitivity test', () => {
			expect(swapCase(codeOf(DEMO.freeGroups[0]))).not.toBe(codeOf(DEMO.freeGroups[0]));
		});

		it('keeps a group’s code stable across requests and resets', async () => {
			const first = (await info(DEMO.freeGroups[1])).data.inviteCode;
			harness.sim.reset();
			expect((await info(DEMO.freeGroups[1])).data.inviteCode).toBe(first);
		});
	});

	describe('a created group', () => {
		it('is found by JID, code and link with what create stored', async () => {
			const before = Date.now();
			const created = await harness.api().post(path.groupCreate(MAIN), {
				name: 'Book club',
				description: 'Monthly',
				image: 'https://example.com/logo.png',
				participants: ['5511999999999', DEMO.privacyBlockedPhones[0]],
				communityJid: DEMO.communityJid,
				groupSettings: { membersCanAddOthers: true },
			});
			const { success: _success, message: _message, ...groupInfo } = created.data;
			const byJid = await info(created.data.jid);
			expect(byJid.status).toBe(200);
			expect(byJid.data).toEqual({
				success: true,
				message: 'Group found',
				...groupInfo,
				image: 'https://example.com/logo.png',
				createdAt: expect.any(String),
				metadata: {},
				isEphemeral: false,
				isIncognito: false,
				isSuspended: false,
				isDefaultSubGroup: false,
			});
			expect(byJid.data).toMatchObject({ description: 'Monthly', participantCount: 2, groupSettings: { membersCanAddOthers: true, membersCanEditInfo: true } });
			expect(Date.parse(byJid.data.createdAt)).toBeGreaterThanOrEqual(before - 1000);
			expect((await info(created.data.inviteCode)).data).toEqual(byJid.data);
			expect((await info(created.data.inviteLink)).data).toEqual(byJid.data);
		});
	});

	describe('request errors', () => {
		it.each([
			['missing', undefined],
			['blank', '  '],
		])('answers 400 "identifier is required" when it is %s (inferred)', async (_case, identifier) => {
			const response = await harness.api().get(`/api/group/info/${MAIN}`, { params: { identifier } });
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe('identifier is required');
		});

		it.each(['offline', 'pairing'])('answers 400 when the instance is not connected (%s)', async (instance) => {
			const response = await info(DEMO.freeGroups[0], instance);
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe('Instance is not connected to WhatsApp');
		});
	});
});
