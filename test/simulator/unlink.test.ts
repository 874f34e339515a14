import { DEMO } from '../../simulator';
import { errorOf, MAIN, path, useSimulator } from '../support/simulator';

const harness = useSimulator({ failedFormat: 'objects' });
const [group11, group12] = DEMO.freeGroups;
const unlink = (groupJid: unknown, communityJid: unknown = DEMO.communityJid, instance = MAIN) =>
	harness.api().post(path.unlink(instance), { communityJid, groupJid });

describe('POST /api/community/unlink/:instance', () => {
	beforeEach(async () => {
		await harness.api().post(path.link(MAIN), { communityJid: DEMO.communityJid, groupJid: [group11, group12] });
	});

	it('unlinks groups and lists them under `linked`', async () => {
		const response = await unlink([group11, group12]);
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ success: true, message: 'Unlinked 2 of 2 groups from community', linked: [group11, group12], failed: [] });
		expect(harness.sim.world.groups.get(group11)?.parentJid).toBeUndefined();
	});

	it('keeps the members in the unlinked group', async () => {
		await unlink([group11]);
		expect(harness.sim.world.groups.get(group11)?.participants).toEqual({ main: 'admin' });
	});

	it.each([
		['the Announcements group', DEMO.announcementsJid, 'the Announcements group cannot be unlinked'],
		['a group not in this community', DEMO.freeGroups[2], 'group is not linked to this community'],
		['a group of another community', DEMO.groupInOtherCommunity, 'group is not linked to this community'],
		['an unknown group', '120363499999999999@g.us', 'group not found'],
		['an unparseable JID', 'a@b@c', 'invalid JID: unexpected number of @ in JID: 2'],
	])('fails %s (HTTP 200, success false)', async (_case, groupJid, reason) => {
		const response = await unlink([groupJid]);
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ success: false, message: 'Unlinked 0 of 1 groups from community', linked: [], failed: [{ jid: groupJid, reason }] });
	});

	it('fails every group when the number is not admin of the community', async () => {
		const response = await unlink([DEMO.groupInOtherCommunity], DEMO.otherCommunityJid);
		expect(response.data.failed).toEqual([{ jid: DEMO.groupInOtherCommunity, reason: 'not admin of the community' }]);
	});

	it('reports a partial success', async () => {
		const response = await unlink([group11, DEMO.announcementsJid]);
		expect(response.data).toMatchObject({ success: true, message: 'Unlinked 1 of 2 groups from community', linked: [group11] });
	});

	it('shares the request errors of link', async () => {
		expect(errorOf(await unlink([group11], ''))).toBe('community jid is required');
		expect(errorOf(await unlink([]))).toBe('group jid is required');
		expect(errorOf(await unlink([group11], DEMO.communityJid, 'offline'))).toBe('Instance is not connected to WhatsApp');
		const unparseable = await unlink([group11], 'x@y@z');
		expect(unparseable.status).toBe(500);
		expect(errorOf(unparseable)).toMatch(/^error parse community jid: /);
	});
});
