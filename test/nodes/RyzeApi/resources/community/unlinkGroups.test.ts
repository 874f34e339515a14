import { DEMO } from '../../../../../simulator';
import { useSimulator } from '../../../../support/simulator';
import { expectNoToken, groupsRequestChecks, itRefusesBeforeSending, linkInWorld, mainToken, operationRunner, pairing, requestsTo } from '../../../../support/community';

const harness = useSimulator();
const { freeGroups, communityJid, announcementsJid } = DEMO;

const unlinkGroups = operationRunner(harness, 'unlinkGroups', { communityJid, groupJids: freeGroups[0] });
const unlinkRequests = () => requestsTo(harness, '/api/community/unlink/');

describe('Community → Unlink Groups', () => {
	beforeEach(() => linkInWorld(harness, communityJid, freeGroups.slice(0, 3)));

	describe('sending', () => {
		it('posts the normalised JIDs to /api/community/unlink/{instance} with the token header', async () => {
			const { error } = await unlinkGroups({
				communityJid: communityJid.replace('@g.us', ''),
				groupJids: `${freeGroups[0]}; ${freeGroups[1].replace('@g.us', '')}\n${freeGroups[0]}`,
			});

			expect(error).toBeUndefined();
			expect(unlinkRequests()).toHaveLength(1);
			const [request] = unlinkRequests();
			expect(request.method).toBe('POST');
			expect(request.path).toBe('/api/community/unlink/main');
			expect(request.headers.token).toBe(mainToken);
			expect(request.body).toEqual({ communityJid, groupJid: [freeGroups[0], freeGroups[1]] });
		});
	});

	describe('one item per group (default output)', () => {
		it('returns every requested group in request order: unlinked, or failed with a reason', async () => {
			const { items, error } = await unlinkGroups({ groupJids: [freeGroups[0], freeGroups[3], freeGroups[1]].join(',') });

			expect(error).toBeUndefined();
			expect(items.map((item) => item.json)).toEqual([
				{ instance: 'main', communityJid, groupJid: freeGroups[0], status: 'unlinked' },
				{ instance: 'main', communityJid, groupJid: freeGroups[3], status: 'failed', reason: expect.stringMatching(/^RyzeAPI gave no reason\./) },
				{ instance: 'main', communityJid, groupJid: freeGroups[1], status: 'unlinked' },
			]);
			expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
			expect(harness.sim.world.groups.get(freeGroups[0])?.parentJid).toBeUndefined();
		});

		it('names the Announcements group among the possible causes when RyzeAPI gives no reason, without claiming it', async () => {
			const { items } = await unlinkGroups({ groupJids: announcementsJid });

			expect(items[0].json.status).toBe('failed');
			expect(items[0].json.reason).toBe(
				"RyzeAPI gave no reason. Common causes: it is the community's Announcements group, which can never be unlinked; the group is not linked to this community; or the connected number is not admin of the community. List Subgroups shows which subgroup is the Announcements group (isDefaultSubGroup true).",
			);
		});

		it("says the Announcements group cannot be unlinked when RyzeAPI's reason names it, and keeps other reasons", async () => {
			harness.sim.options.failedFormat = 'objects';

			const { items } = await unlinkGroups({ groupJids: `${announcementsJid} ${freeGroups[3]}` });

			expect(items.map((item) => [item.json.status, item.json.reason])).toEqual([
				[
					'failed',
					"This is the community's Announcements group, which cannot be unlinked: it belongs to its community for good. (RyzeAPI: the Announcements group cannot be unlinked)",
				],
				['failed', 'group is not linked to this community'],
			]);
		});

		it('reports a total failure (HTTP 200, success false) as failed items, not as an error', async () => {
			const { items, error } = await unlinkGroups({ groupJids: `${freeGroups[3]}, ${freeGroups[4]}` });

			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.status)).toEqual(['failed', 'failed']);
		});
	});

	describe('summary output', () => {
		it("returns one item with RyzeAPI's answer, naming its `linked` list `unlinked`", async () => {
			const { items } = await unlinkGroups({ output: 'summary', groupJids: `${freeGroups[0]}, ${announcementsJid}` });

			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual({
				instance: 'main',
				communityJid,
				success: true,
				message: 'Unlinked 1 of 2 groups from community',
				unlinked: [freeGroups[0]],
				failed: [announcementsJid],
			});
			expect(items[0].pairedItem).toEqual({ item: 0 });
		});
	});

	describe('several input items', () => {
		it('pairs every output item with the input item it came from', async () => {
			const result = await unlinkGroups(
				{ groupJids: '={{ $json.groups }}' },
				{ items: [{ groups: freeGroups[0] }, { groups: [freeGroups[1], freeGroups[2]] }] },
			);

			expect(pairing(result, (json) => [json.groupJid, json.status])).toEqual([
				[[freeGroups[0], 'unlinked'], { item: 0 }],
				[[freeGroups[1], 'unlinked'], { item: 1 }],
				[[freeGroups[2], 'unlinked'], { item: 1 }],
			]);
		});
	});

	describe('Error on Failed Groups option', () => {
		it('fails the item, listing each failed group with its reason', async () => {
			const { error } = await unlinkGroups({ groupJids: `${freeGroups[0]}, ${announcementsJid}`, options: { errorOnFailedGroups: true } });

			expect(error?.message).toBe(`1 of 2 groups could not be unlinked from community ${communityJid} (item 0)`);
			expect(error?.description).toContain(`${announcementsJid}: RyzeAPI gave no reason.`);
		});

		it('under Continue On Fail turns only the failing item into an error item, paired', async () => {
			const result = await unlinkGroups(
				{ groupJids: '={{ $json.groups }}', options: { errorOnFailedGroups: true } },
				{ continueOnFail: true, items: [{ groups: freeGroups[0] }, { groups: announcementsJid }, { groups: freeGroups[1] }] },
			);

			expect(pairing(result, (json) => json.status ?? json.error)).toEqual([
				['unlinked', { item: 0 }],
				[`1 of 1 groups could not be unlinked from community ${communityJid} (item 1)`, { item: 1 }],
				['unlinked', { item: 2 }],
			]);
		});
	});

	describe('checks before any request is sent', () => {
		itRefusesBeforeSending(harness, unlinkGroups, groupsRequestChecks);

		it('under Continue On Fail keeps a bad item as an error item paired with it, and runs the others', async () => {
			const result = await unlinkGroups(
				{ groupJids: '={{ $json.groups }}' },
				{ continueOnFail: true, items: [{ groups: freeGroups[0] }, { groups: 'not-a-group' }, { groups: freeGroups[1] }] },
			);

			expect(pairing(result, (json) => json.status ?? json.error)).toEqual([
				['unlinked', { item: 0 }],
				['Group JIDs on item 1: "not-a-group" is not a group JID', { item: 1 }],
				['unlinked', { item: 2 }],
			]);
			expect(unlinkRequests()).toHaveLength(2);
		});
	});

	describe('RyzeAPI errors', () => {
		it('400 not connected: asks to reconnect the instance', async () => {
			const result = await unlinkGroups(
				{ instance: { __rl: true, mode: 'name', value: 'offline' } },
				{ credentials: { token: DEMO.accountToken, baseUrl: harness.sim.url } },
			);

			expect(result.error?.message).toBe('Instance is not connected to WhatsApp');
			expect(result.error?.description).toMatch(/Instance "offline" is not connected/);
			expectNoToken(harness, result, DEMO.accountToken);
		});

		it('401: says the token is invalid, without showing it', async () => {
			const result = await unlinkGroups({}, { credentials: { token: 'ryze-wrong-token-456', baseUrl: harness.sim.url } });

			expect(result.error?.message).toBe('Invalid token');
			expectNoToken(harness, result, 'ryze-wrong-token-456');
		});

		it('under Continue On Fail, an item RyzeAPI refuses becomes one paired error item and the others go on', async () => {
			const result = await unlinkGroups(
				{ instance: { __rl: true, mode: 'name', value: '={{ $json.instance }}' } },
				{
					credentials: { token: DEMO.accountToken, baseUrl: harness.sim.url },
					continueOnFail: true,
					items: [{ instance: 'ghost' }, { instance: 'main' }],
				},
			);

			expect(pairing(result, (json) => json.status ?? json.error)).toEqual([
				['Instance not found', { item: 0 }],
				['unlinked', { item: 1 }],
			]);
		});
	});
});
