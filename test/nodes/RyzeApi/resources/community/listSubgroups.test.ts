import { DEMO } from '../../../../../simulator';
import { useSimulator } from '../../../../support/simulator';
import { communityRequestChecks, expectNoToken, itRefusesBeforeSending, linkInWorld, mainToken, operationRunner, pairing, requestsTo } from '../../../../support/community';

const harness = useSimulator();
const { freeGroups, communityJid, announcementsJid } = DEMO;

const listSubgroups = operationRunner(harness, 'listSubgroups', { communityJid });
const listRequests = () => requestsTo(harness, '/api/community/listSubGroups/');

const subgroup = (jid: string, name: string, isDefaultSubGroup = false) => ({
	instance: 'main',
	communityJid,
	jid,
	name,
	isDefaultSubGroup,
});

describe('Community → List Subgroups', () => {
	describe('sending', () => {
		it('gets /api/community/listSubGroups/{instance} with the normalised community JID as query, token in the header only', async () => {
			const result = await listSubgroups({ communityJid: ` ${communityJid.replace('@g.us', '')} ` });

			expect(result.error).toBeUndefined();
			expect(listRequests()).toHaveLength(1);
			const [request] = listRequests();
			expect(request.method).toBe('GET');
			expect(request.query).toEqual({ communityJid });
			expect(request.body).toBeUndefined();
			expect(request.url).toBe(`/api/community/listSubGroups/main?communityJid=${encodeURIComponent(communityJid)}`);
			expect(request.headers.token).toBe(mainToken);
			expectNoToken(harness, result);
		});

		it('encodes the instance name as one path segment', async () => {
			await listSubgroups(
				{ instance: { __rl: true, mode: 'name', value: 'sales team' }, communityJid: DEMO.sales.communityJid },
				{ credentials: { token: DEMO.instances.salesTeam.token, baseUrl: harness.sim.url } },
			);

			expect(listRequests().map((request) => request.path)).toEqual(['/api/community/listSubGroups/sales%20team']);
		});
	});

	describe('output', () => {
		it('returns one item per subgroup the number belongs to, the Announcements group included', async () => {
			linkInWorld(harness, communityJid, [freeGroups[0], freeGroups[1]]);

			const { items, error } = await listSubgroups();

			expect(error).toBeUndefined();
			// The seeded hidden subgroup is linked too, but `main` is not in it: RyzeAPI does not list it.
			expect(items.map((item) => item.json)).toEqual([
				subgroup(announcementsJid, 'Announcements', true),
				subgroup(freeGroups[0], 'Group 11'),
				subgroup(freeGroups[1], 'Group 12'),
			]);
			expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		});

		it('leaves out the Announcements group when asked', async () => {
			linkInWorld(harness, communityJid, [freeGroups[0]]);

			const { items } = await listSubgroups({ options: { excludeAnnouncements: true } });

			expect(items.map((item) => item.json)).toEqual([subgroup(freeGroups[0], 'Group 11')]);
		});

		it('gives no items, and no error, for a community without subgroups', async () => {
			const { items, error } = await listSubgroups({ options: { excludeAnnouncements: true } });

			expect(error).toBeUndefined();
			expect(items).toEqual([]);
			expect(listRequests()).toHaveLength(1);
		});

		it('pairs every subgroup with the input item that asked for it', async () => {
			const result = await listSubgroups(
				{ communityJid: '={{ $json.community }}', options: { excludeAnnouncements: true } },
				{ items: [{ community: DEMO.fullCommunityJid }, { community: communityJid }, { community: DEMO.fullCommunityJid }] },
			);

			const paired = pairing(result, (json) => json.communityJid);
			expect(paired).toHaveLength(100);
			expect(paired.slice(0, 50).every(([jid, pair]) => jid === DEMO.fullCommunityJid && JSON.stringify(pair) === '{"item":0}')).toBe(true);
			expect(paired.slice(50).every(([jid, pair]) => jid === DEMO.fullCommunityJid && JSON.stringify(pair) === '{"item":2}')).toBe(true);
		});

		it('accepts an answer with odd entries without failing', async () => {
			harness.sim.injectFault({
				kind: 'custom200',
				body: { success: true, message: '2 subgroup(s) found', subgroups: [null, 'x', { jid: ` ${freeGroups[0].toUpperCase()}` }] },
			});

			const { items } = await listSubgroups();

			expect(items.map((item) => item.json)).toEqual([subgroup(freeGroups[0], '')]);
		});
	});

	describe('checks before any request is sent', () => {
		itRefusesBeforeSending(harness, listSubgroups, [
			...communityRequestChecks,
			['a channel as community', { communityJid: '123@newsletter' }, 'Community JID on item 0: "123@newsletter" is a channel (@newsletter), not a group'],
			['words as community', { communityJid: 'my community' }, 'Community JID on item 0: "my community" is not a group JID'],
		]);

		it('under Continue On Fail keeps a bad item as an error item paired with it, and runs the others', async () => {
			const result = await listSubgroups(
				{ communityJid: '={{ $json.community }}' },
				{ continueOnFail: true, items: [{ community: '5511999999999@s.whatsapp.net' }, { community: communityJid }] },
			);

			expect(pairing(result, (json) => json.jid ?? json.error)).toEqual([
				[`Community JID on item 0: "5511999999999@s.whatsapp.net" is a person's WhatsApp ID, not a group`, { item: 0 }],
				[announcementsJid, { item: 1 }],
			]);
			expect(listRequests()).toHaveLength(1);
		});
	});

	describe('RyzeAPI errors', () => {
		it('500 item-not-found (a JID that is no community): says to check the Community JID', async () => {
			const result = await listSubgroups({ communityJid: freeGroups[0] });

			expect(result.error?.message).toBe('failed to get groups: item-not-found');
			expect(result.error?.description).toMatch(/^WhatsApp knows no community with this JID\. Check the Community JID/);
			expect(result.error).toMatchObject({ httpCode: '500' });
		});

		it('500 not-authorized (the number is not in the community): says so', async () => {
			const result = await listSubgroups({ communityJid: DEMO.otherCommunityJid });

			expect(result.error?.message).toBe('failed to get groups: not-authorized');
			expect(result.error?.description).toMatch(/instance "main" is not a member of this community/);
		});

		it('400 not connected: asks to reconnect the instance', async () => {
			const result = await listSubgroups(
				{ instance: { __rl: true, mode: 'name', value: 'offline' } },
				{ credentials: { token: DEMO.accountToken, baseUrl: harness.sim.url } },
			);

			expect(result.error?.message).toBe('Instance is not connected to WhatsApp');
			expectNoToken(harness, result, DEMO.accountToken);
		});

		it('403: says the token does not own the instance', async () => {
			const result = await listSubgroups({}, { credentials: { token: DEMO.instances.salesTeam.token, baseUrl: harness.sim.url } });

			expect(result.error?.description).toMatch(/does not own instance "main"/);
			expectNoToken(harness, result, DEMO.instances.salesTeam.token);
		});

		it('under Continue On Fail, an item RyzeAPI refuses becomes one paired error item and the others go on', async () => {
			const result = await listSubgroups(
				{ communityJid: '={{ $json.community }}' },
				{ continueOnFail: true, items: [{ community: communityJid }, { community: DEMO.otherCommunityJid }] },
			);

			expect(pairing(result, (json) => json.jid ?? json.error)).toEqual([
				[announcementsJid, { item: 0 }],
				['failed to get groups: not-authorized', { item: 1 }],
			]);
		});
	});
});
