import { DEMO } from '../../simulator';
import { errorOf, MAIN, path, useSimulator } from '../support/simulator';

const harness = useSimulator();
const list = (communityJid: string, instance = MAIN) => harness.api().get(path.listSubGroups(instance, communityJid));
const jids = (data: { subgroups: { jid: string }[] }): string[] => data.subgroups.map((subgroup) => subgroup.jid);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GET /api/community/listSubGroups/:instance', () => {
	it('lists the subgroups with jid, name and isDefaultSubGroup', async () => {
		const response = await list(DEMO.communityJid);
		expect(response.status).toBe(200);
		expect(response.data).toEqual({
			success: true,
			message: '1 subgroup(s) found',
			communityJid: DEMO.communityJid,
			subgroups: [{ jid: DEMO.announcementsJid, name: 'Announcements', isDefaultSubGroup: true }],
		});
	});

	it('appends @g.us to a bare numeric id', async () => {
		const response = await list(DEMO.communityJid.replace('@g.us', ''));
		expect(response.data.communityJid).toBe(DEMO.communityJid);
	});

	it('lists only subgroups the connected number belongs to (admin or member)', async () => {
		harness.sim.world.groups.get(DEMO.hiddenSubgroup)!.participants.main = 'member';
		expect(jids((await list(DEMO.communityJid)).data)).toEqual([DEMO.announcementsJid, DEMO.hiddenSubgroup]);
		delete harness.sim.world.groups.get(DEMO.hiddenSubgroup)!.participants.main;
		expect(jids((await list(DEMO.communityJid)).data)).toEqual([DEMO.announcementsJid]);
	});

	it('shows a fresh link only after propagationDelayMs', async () => {
		harness.sim.options.propagationDelayMs = 150;
		await harness.api().post(path.link(MAIN), { communityJid: DEMO.communityJid, groupJid: [DEMO.freeGroups[0]] });
		expect(jids((await list(DEMO.communityJid)).data)).not.toContain(DEMO.freeGroups[0]);
		await sleep(200);
		expect(jids((await list(DEMO.communityJid)).data)).toContain(DEMO.freeGroups[0]);
	});

	it('tells instances apart', async () => {
		const response = await harness.api(DEMO.instances.salesTeam.token).get(path.listSubGroups(DEMO.instances.salesTeam.name, DEMO.sales.communityJid));
		expect(jids(response.data)).toEqual([DEMO.sales.announcementsJid]);
		const refused = await list(DEMO.sales.communityJid);
		expect(refused.status).toBe(500);
	});

	it.each([
		['missing', undefined],
		['blank', '  '],
	])('answers 400 when communityJid is %s', async (_case, communityJid) => {
		const response = await harness.api().get(`/api/community/listSubGroups/${MAIN}`, { params: { communityJid } });
		expect(response.status).toBe(400);
		expect(errorOf(response)).toBe('communityJid query parameter is required');
	});

	it('answers 400 "invalid community JID: <reason>" for an unparseable JID', async () => {
		const response = await list('a@b@g.us');
		expect(response.status).toBe(400);
		expect(errorOf(response)).toBe('invalid community JID: unexpected number of @ in JID: 2');
	});

	it('answers 400 when the instance is not connected', async () => {
		const response = await list(DEMO.communityJid, 'offline');
		expect(response.status).toBe(400);
		expect(errorOf(response)).toBe('Instance is not connected to WhatsApp');
	});

	it.each([
		['an unknown JID', '120363499999999999@g.us', 'failed to get groups: item-not-found'],
		['a plain group', DEMO.freeGroups[0], 'failed to get groups: item-not-found'],
		['a community the number is not in', DEMO.otherCommunityJid, 'failed to get groups: not-authorized'],
	])('answers 500 for %s', async (_case, communityJid, message) => {
		const response = await list(communityJid);
		expect(response.status).toBe(500);
		expect(errorOf(response)).toBe(message);
	});
});
