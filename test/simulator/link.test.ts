import { DEMO } from '../../simulator';
import { errorOf, MAIN, path, useSimulator } from '../support/simulator';

const harness = useSimulator();
const [group11, group12, group13] = DEMO.freeGroups;
const link = (groupJid: unknown, communityJid: unknown = DEMO.communityJid, instance = MAIN) =>
	harness.api().post(path.link(instance), { communityJid, groupJid });

describe('POST /api/community/link/:instance', () => {
	describe('success', () => {
		it('links every group and says so', async () => {
			const response = await link([group11, group12]);
			expect(response.status).toBe(200);
			expect(response.data).toEqual({ success: true, message: 'Linked 2 of 2 groups to community', linked: [group11, group12], failed: [] });
			expect(harness.sim.world.groups.get(group11)?.parentJid).toBe(DEMO.communityJid);
		});

		it('works with an instance token on its own instance', async () => {
			const response = await harness.api(DEMO.instances.main.token).post(path.link(MAIN), { communityJid: DEMO.communityJid, groupJid: [group11] });
			expect(response.data.success).toBe(true);
		});

		it('links a legacy-format group', async () => {
			const response = await link([DEMO.legacyGroup]);
			expect(response.data.linked).toEqual([DEMO.legacyGroup]);
		});

		it('is not idempotent: linking the same group again fails', async () => {
			await link([group11]);
			const response = await link([group11]);
			expect(response.data).toMatchObject({ success: false, message: 'Linked 0 of 1 groups to community', linked: [], failed: [group11] });
		});
	});

	describe('per-group failures (HTTP 200)', () => {
		beforeEach(() => {
			harness.sim.options.failedFormat = 'objects';
		});

		it.each([
			['a JID the lenient parser rejects', 'a@b@g.us', 'invalid JID: unexpected number of @ in JID: 2'],
			['an empty JID', '  ', 'invalid JID: empty JID'],
			['a string without @ (parsed, then not found)', '120363400000000011', 'group not found'],
			['a person JID', '5511900000001@s.whatsapp.net', 'group not found'],
			['an unknown group', '120363499999999999@g.us', 'group not found'],
			['a group in another community', DEMO.groupInOtherCommunity, 'group already belongs to another community (unlink it first)'],
			['a group where the number is not admin', DEMO.groupNotAdmin, 'not admin of the group'],
			["the community's own Announcements group", DEMO.announcementsJid, 'the Announcements group already belongs to this community'],
			['the community itself', DEMO.communityJid, 'cannot link a community to itself'],
			['another community', DEMO.otherCommunityJid, 'a community cannot be linked as a subgroup'],
		])('fails %s', async (_case, groupJid, reason) => {
			const response = await link([groupJid]);
			expect(response.status).toBe(200);
			expect(response.data).toEqual({ success: false, message: 'Linked 0 of 1 groups to community', linked: [], failed: [{ jid: groupJid, reason }] });
		});

		it('fails a group already linked to this community', async () => {
			await link([group11]);
			const response = await link([group11]);
			expect(response.data.failed).toEqual([{ jid: group11, reason: 'group is already linked to this community' }]);
		});

		it.each([
			['an unknown community', '120363499999999999@g.us', 'community not found'],
			['a plain group as community', group12, 'not a community'],
			['a community where the number is not admin', DEMO.otherCommunityJid, 'not admin of the community'],
			['a community string without @ (lenient parser lets it through)', '120363400000000001', 'community not found'],
		])('fails every group for %s', async (_case, communityJid, reason) => {
			const response = await link([group11, group13], communityJid);
			expect(response.status).toBe(200);
			expect(response.data.failed).toEqual([
				{ jid: group11, reason },
				{ jid: group13, reason },
			]);
		});

		it('reports a partial success with success: true', async () => {
			const response = await link([group11, DEMO.groupNotAdmin, group12]);
			expect(response.data).toMatchObject({ success: true, message: 'Linked 2 of 3 groups to community', linked: [group11, group12] });
			expect(response.data.failed).toHaveLength(1);
		});

		it('trims the JIDs it parses and echoes failed ones as sent', async () => {
			const response = await link([` ${group11} `, ' nope@x@y ']);
			expect(response.data.linked).toEqual([group11]);
			expect(response.data.failed[0].jid).toBe(' nope@x@y ');
		});
	});

	describe('failedFormat', () => {
		it("'strings' (default) lists the JIDs as sent", async () => {
			const response = await link([DEMO.groupNotAdmin, 'x@y@z']);
			expect(response.data.failed).toEqual([DEMO.groupNotAdmin, 'x@y@z']);
		});

		it("'objects' lists { jid, reason }", async () => {
			harness.sim.options.failedFormat = 'objects';
			const response = await link([DEMO.groupNotAdmin]);
			expect(response.data.failed).toEqual([{ jid: DEMO.groupNotAdmin, reason: 'not admin of the group' }]);
		});
	});

	describe('the 50-subgroup cap', () => {
		const [group41, group42] = DEMO.groupsForFullCommunity;
		const subgroupCount = async (): Promise<number> =>
			(await harness.api().get(path.listSubGroups(MAIN, DEMO.fullCommunityJid))).data.subgroups.length;

		it('starts with 50 subgroups plus Announcements', async () => {
			expect(await subgroupCount()).toBe(51);
		});

		it("'silentlyLinked' (default) reports groups past the cap as linked without linking them", async () => {
			const response = await link([group41, group42], DEMO.fullCommunityJid);
			expect(response.data).toEqual({ success: true, message: 'Linked 2 of 2 groups to community', linked: [group41, group42], failed: [] });
			expect(harness.sim.world.groups.get(group41)?.parentJid).toBeUndefined();
			expect(await subgroupCount()).toBe(51);
		});

		it("'failed' puts groups past the cap in failed", async () => {
			harness.sim.options.overCapBehaviour = 'failed';
			harness.sim.options.failedFormat = 'objects';
			const response = await link([group41], DEMO.fullCommunityJid);
			expect(response.data).toMatchObject({ success: false, linked: [], failed: [{ jid: group41, reason: 'community has reached the limit of 50 subgroups' }] });
		});

		it('links up to the cap, then applies the behaviour', async () => {
			await harness.api().post(path.unlink(MAIN), { communityJid: DEMO.fullCommunityJid, groupJid: [DEMO.fullCommunitySubgroups[0]] });
			harness.sim.options.overCapBehaviour = 'failed';
			const response = await link([group41, group42], DEMO.fullCommunityJid);
			expect(response.data).toMatchObject({ success: true, linked: [group41], failed: [group42] });
			expect(await subgroupCount()).toBe(51);
		});
	});

	describe('pacing', () => {
		it('pauses linkDelayMs after each group', async () => {
			harness.sim.options.linkDelayMs = 50;
			const started = Date.now();
			const response = await link([group11, group12, group13]);
			expect(response.data.linked).toHaveLength(3);
			expect(Date.now() - started).toBeGreaterThanOrEqual(100);
		});
	});

	describe('request errors', () => {
		it.each([
			['missing', undefined],
			['empty', ''],
		])('answers 400 "community jid is required" when communityJid is %s', async (_case, communityJid) => {
			const response = await harness.api().post(path.link(MAIN), { communityJid, groupJid: [group11] });
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe('community jid is required');
		});

		it.each([
			['missing', undefined],
			['empty', []],
		])('answers 400 "group jid is required" when groupJid is %s', async (_case, groupJid) => {
			const response = await link(groupJid);
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe('group jid is required');
		});

		it('answers 400 "community jid is required" for an empty body', async () => {
			const response = await harness.api().post(path.link(MAIN));
			expect(errorOf(response)).toBe('community jid is required');
		});

		it.each(['offline', 'pairing'])('answers 400 "Instance is not connected to WhatsApp" for %s', async (instance) => {
			const response = await link([group11], DEMO.communityJid, instance);
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe('Instance is not connected to WhatsApp');
		});

		it.each([
			['two @', 'a@b@g.us', 'error parse community jid: unexpected number of @ in JID: 2'],
			['blank', '   ', 'error parse community jid: empty JID'],
		])('answers 500 when the community JID is %s', async (_case, communityJid, message) => {
			const response = await link([group11], communityJid);
			expect(response.status).toBe(500);
			expect(errorOf(response)).toBe(message);
		});
	});

	it('records the request as received', async () => {
		await harness.api().post(path.link(MAIN), { communityJid: DEMO.communityJid, groupJid: [group11] });
		expect(harness.sim.requests).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/api/community/link/main',
				body: { communityJid: DEMO.communityJid, groupJid: [group11] },
				status: 200,
				headers: expect.objectContaining({ token: DEMO.accountToken, 'content-type': 'application/json' }),
			}),
		]);
	});
});
