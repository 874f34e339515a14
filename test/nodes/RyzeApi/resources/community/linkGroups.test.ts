import { DEMO } from '../../../../../simulator';
import { linkInWorld, mainToken, operationRunner, requestsTo } from '../../../../support/community';
import { runRyzeApi, type RyzeCredentials } from '../../../../support/engine';
import { useSimulator } from '../../../../support/simulator';

const harness = useSimulator();
const { freeGroups, communityJid } = DEMO;
const linkGroups = operationRunner(harness, 'linkGroups', { communityJid });

function credentials(token: string): RyzeCredentials {
	return { token, baseUrl: harness.sim.url };
}

const linkRequests = () => requestsTo(harness, '/api/community/link/');

describe('Community → Link Groups', () => {
	describe('sending', () => {
		it('posts the normalised JIDs to /api/community/link/{instance} with the token header', async () => {
			const bare = freeGroups[1].replace('@g.us', '');
			const { items, error } = await linkGroups({
				communityJid: ` ${communityJid.replace('@g.us', '')} `,
				groupJids: `${freeGroups[0]},\n ${bare}  ${freeGroups[0].toUpperCase()}`,
			});

			expect(error).toBeUndefined();
			expect(linkRequests()).toHaveLength(1);
			const [request] = linkRequests();
			expect(request.method).toBe('POST');
			expect(request.path).toBe('/api/community/link/main');
			expect(request.headers.token).toBe(mainToken);
			expect(request.url).not.toContain(mainToken);
			expect(request.body).toEqual({ communityJid, groupJid: [freeGroups[0], freeGroups[1]] });
			expect(items.map((item) => item.json.groupJid)).toEqual([freeGroups[0], freeGroups[1]]);
		});

		it('encodes the instance name as one path segment', async () => {
			const { sales } = DEMO;
			await runRyzeApi({
				credentials: credentials(DEMO.instances.salesTeam.token),
				parameters: {
					resource: 'community',
					operation: 'linkGroups',
					instance: { __rl: true, mode: 'name', value: 'sales team' },
					communityJid: sales.communityJid,
					groupJids: sales.freeGroups[0],
				},
			});

			expect(linkRequests().map((request) => request.url)).toEqual(['/api/community/link/sales%20team']);
		});

		it('takes a list of JIDs from an expression', async () => {
			const { items } = await linkGroups(
				{ groupJids: '={{ $json.groups }}' },
				{ items: [{ groups: [freeGroups[0], freeGroups[1]] }] },
			);

			expect(items.map((item) => item.json.status)).toEqual(['linked', 'linked']);
		});

		it('works with the Account Token', async () => {
			const { items } = await linkGroups({ groupJids: freeGroups[0] }, { credentials: credentials(DEMO.accountToken) });

			expect(items.map((item) => item.json.status)).toEqual(['linked']);
		});
	});

	describe('one item per group (default output)', () => {
		it('returns every requested group, in request order, with its status', async () => {
			const { items, error } = await linkGroups({
				groupJids: [DEMO.groupInOtherCommunity, freeGroups[0], DEMO.groupNotAdmin, DEMO.legacyGroup].join(','),
			});

			expect(error).toBeUndefined();
			expect(items.map((item) => [item.json.groupJid, item.json.status])).toEqual([
				[DEMO.groupInOtherCommunity, 'failed'],
				[freeGroups[0], 'linked'],
				[DEMO.groupNotAdmin, 'failed'],
				[DEMO.legacyGroup, 'linked'],
			]);
			expect(items[1].json).toEqual({ instance: 'main', communityJid, groupJid: freeGroups[0], status: 'linked' });
			// Plain-string failures carry no reason: the item says what usually causes one.
			expect(items[0].json.reason).toMatch(/^RyzeAPI gave no reason\. Common causes/);
			expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		});

		it('keeps the reason RyzeAPI gives when failed entries are objects', async () => {
			harness.sim.options.failedFormat = 'objects';

			const { items } = await linkGroups({ groupJids: [DEMO.groupInOtherCommunity, DEMO.groupNotAdmin].join(' ') });

			expect(items.map((item) => item.json.reason)).toEqual([
				'group already belongs to another community (unlink it first)',
				'not admin of the group',
			]);
		});

		it('reports a total failure (HTTP 200, success false) as failed items, not as an error', async () => {
			const { items, error } = await linkGroups({ groupJids: `${DEMO.groupInOtherCommunity}, ${DEMO.groupNotAdmin}` });

			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.status)).toEqual(['failed', 'failed']);
		});

		it('marks a group RyzeAPI did not report as failed, saying so', async () => {
			harness.sim.injectFault({
				kind: 'custom200',
				body: { success: true, message: 'Linked 1 of 2 groups to community', linked: [freeGroups[0]], failed: [] },
			});

			const { items } = await linkGroups({ groupJids: `${freeGroups[0]}, ${freeGroups[1]}` });

			expect(items.map((item) => item.json.status)).toEqual(['linked', 'failed']);
			expect(items[1].json.reason).toMatch(/did not report/);
		});

		it('accepts failed entries of unexpected types without losing a group', async () => {
			harness.sim.injectFault({
				kind: 'custom200',
				body: { success: false, message: 'x', linked: null, failed: [42, null, { jid: freeGroups[1], reason: 'nope' }] },
			});

			const { items } = await linkGroups({ groupJids: `${freeGroups[0]}, ${freeGroups[1]}` });

			expect(items.map((item) => [item.json.status, item.json.reason])).toEqual([
				['failed', expect.stringMatching(/did not report/)],
				['failed', 'nope'],
			]);
		});
	});

	describe('summary output', () => {
		it("returns one item with RyzeAPI's success, message, linked and failed", async () => {
			const { items } = await linkGroups({ output: 'summary', groupJids: `${freeGroups[0]}, ${DEMO.groupNotAdmin}` });

			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual({
				instance: 'main',
				communityJid,
				success: true,
				message: 'Linked 1 of 2 groups to community',
				linked: [freeGroups[0]],
				failed: [DEMO.groupNotAdmin],
			});
			expect(items[0].pairedItem).toEqual({ item: 0 });
		});
	});

	describe('several input items', () => {
		it('pairs every output item with the input item it came from', async () => {
			const { items } = await linkGroups(
				{ groupJids: '={{ $json.groups }}' },
				{ items: [{ groups: freeGroups[0] }, { groups: `${freeGroups[1]}, ${freeGroups[2]}` }, { groups: freeGroups[3] }] },
			);

			expect(items.map((item) => [item.json.groupJid, item.pairedItem])).toEqual([
				[freeGroups[0], { item: 0 }],
				[freeGroups[1], { item: 1 }],
				[freeGroups[2], { item: 1 }],
				[freeGroups[3], { item: 2 }],
			]);
		});
	});

	describe('Error on Failed Groups option', () => {
		it('fails the item, listing each failed group with its reason', async () => {
			const { error } = await linkGroups({
				groupJids: `${freeGroups[0]}, ${DEMO.groupNotAdmin}`,
				options: { errorOnFailedGroups: true },
			});

			expect(error?.message).toBe(`1 of 2 groups could not be linked to community ${communityJid} (item 0)`);
			expect(error?.description).toContain(DEMO.groupNotAdmin);
		});

		it('under Continue On Fail turns only the failing item into an error item', async () => {
			const { items } = await linkGroups(
				{ groupJids: '={{ $json.groups }}', options: { errorOnFailedGroups: true } },
				{ continueOnFail: true, items: [{ groups: freeGroups[0] }, { groups: DEMO.groupNotAdmin }, { groups: freeGroups[1] }] },
			);

			expect(items.map((item) => [item.json.groupJid ?? item.json.error, item.pairedItem])).toEqual([
				[freeGroups[0], { item: 0 }],
				[expect.stringMatching(/^1 of 1 groups could not be linked/), { item: 1 }],
				[freeGroups[1], { item: 2 }],
			]);
		});

		it('does not fail when every group is linked', async () => {
			const { items, error } = await linkGroups({ groupJids: freeGroups[0], options: { errorOnFailedGroups: true } });

			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.status)).toEqual(['linked']);
		});
	});

	describe('Verify option', () => {
		const listRequests = () => harness.sim.requests.filter((request) => request.path.startsWith('/api/community/listSubGroups/'));
		const verify = { verify: true };

		it('confirms linked groups by listing the subgroups once when they show at once', async () => {
			const { items, error } = await linkGroups({ groupJids: `${freeGroups[0]}, ${DEMO.groupNotAdmin}`, options: verify });

			expect(error).toBeUndefined();
			expect(items.map((item) => item.json)).toEqual([
				{ instance: 'main', communityJid, groupJid: freeGroups[0], status: 'linked', alreadyLinked: false },
				{ instance: 'main', communityJid, groupJid: DEMO.groupNotAdmin, status: 'failed', reason: expect.any(String), alreadyLinked: false },
			]);
			expect(listRequests()).toHaveLength(1);
			expect(listRequests()[0].query).toEqual({ communityJid });
			expect(listRequests()[0].headers.token).toBe(mainToken);
			expect(listRequests()[0].url).not.toContain(mainToken);
		});

		it('retries the listing while a fresh link is still on its way (RyzeAPI: 1–3 s)', async () => {
			harness.sim.options.propagationDelayMs = 1500;
			const started = Date.now();

			const { items } = await linkGroups({ groupJids: `${freeGroups[0]}, ${freeGroups[1]}`, options: verify });

			expect(items.map((item) => item.json.status)).toEqual(['linked', 'linked']);
			// Checked at about 0, 1 and 2 s: the third listing shows both groups.
			expect(listRequests()).toHaveLength(3);
			expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
		});

		it('reports a group RyzeAPI called linked but that never shows (past the 50-subgroup cap) as unconfirmed, saying it gave up', async () => {
			// Over the cap the simulator reports the groups linked without linking them, so both runs can share it;
			// run side by side, they wait for the retries once.
			const overTheCap = { communityJid: DEMO.fullCommunityJid, groupJids: DEMO.groupsForFullCommunity.join(','), options: verify };
			const [perGroup, summary] = await Promise.all([linkGroups(overTheCap), linkGroups({ ...overTheCap, output: 'summary' })]);

			expect(listRequests()).toHaveLength(8);
			expect(perGroup.items.map((item) => item.json)).toEqual(
				DEMO.groupsForFullCommunity.map((groupJid) => ({
					instance: 'main',
					communityJid: DEMO.fullCommunityJid,
					groupJid,
					status: 'unconfirmed',
					reason:
						"RyzeAPI reported this group as linked, but it did not appear among the community's subgroups in 4 checks over 3 s, so the node gave up. WhatsApp may have refused it without saying so (a community holds at most 50 subgroups), or it is still on its way: check again later with List Subgroups.",
					alreadyLinked: false,
				})),
			);
			expect(summary.items[0].json).toEqual({
				instance: 'main',
				communityJid: DEMO.fullCommunityJid,
				success: true,
				message: 'Linked 2 of 2 groups to community',
				linked: [...DEMO.groupsForFullCommunity],
				failed: [],
				unconfirmed: [...DEMO.groupsForFullCommunity],
				alreadyLinked: [],
				verification: "0 of 2 groups reported as linked appear among the community's subgroups; the node gave up after 4 checks over 3 s.",
			});
		});

		it('says in the summary when every linked group was confirmed', async () => {
			const { items } = await linkGroups({ groupJids: `${freeGroups[0]} ${freeGroups[1]}`, output: 'summary', options: verify });

			expect(items[0].json).toMatchObject({
				linked: [freeGroups[0], freeGroups[1]],
				unconfirmed: [],
				verification: "2 of 2 groups reported as linked appear among the community's subgroups (1 check).",
			});
		});

		it('reports a group RyzeAPI refused because it already is a subgroup as linked, already linked (re-runs tell the truth)', async () => {
			linkInWorld(harness, communityJid, [freeGroups[1]]);

			const { items, error } = await linkGroups({
				groupJids: `${freeGroups[0]}, ${freeGroups[1]}, ${DEMO.groupInOtherCommunity}`,
				options: { verify: true, errorOnFailedGroups: false },
			});

			expect(error).toBeUndefined();
			expect(items.map((item) => [item.json.groupJid, item.json.status, item.json.alreadyLinked, item.json.reason])).toEqual([
				[freeGroups[0], 'linked', false, undefined],
				[freeGroups[1], 'linked', true, undefined],
				[DEMO.groupInOtherCommunity, 'failed', false, expect.any(String)],
			]);
			expect(listRequests()).toHaveLength(1);
		});

		it('the summary counts an already linked group as linked, not failed, and says so', async () => {
			linkInWorld(harness, communityJid, [freeGroups[1]]);

			const { items } = await linkGroups({ groupJids: `${freeGroups[1]} ${DEMO.groupNotAdmin}`, output: 'summary', options: verify });

			expect(items[0].json).toEqual({
				instance: 'main',
				communityJid,
				success: true,
				message: 'Linked 0 of 2 groups to community',
				linked: [freeGroups[1]],
				failed: [DEMO.groupNotAdmin],
				unconfirmed: [],
				alreadyLinked: [freeGroups[1]],
				verification: '1 of 2 groups reported as failed was already linked to this community (1 check).',
			});
		});

		it('a re-run of the same item reports every group linked: the second time, as already linked', async () => {
			const again = { groupJids: `${freeGroups[0]}, ${freeGroups[1]}`, options: { verify: true, errorOnFailedGroups: true } };

			const first = await linkGroups(again);
			const second = await linkGroups(again);

			expect(first.items.map((item) => [item.json.status, item.json.alreadyLinked])).toEqual([['linked', false], ['linked', false]]);
			expect(second.error).toBeUndefined();
			expect(second.items.map((item) => [item.json.status, item.json.alreadyLinked])).toEqual([['linked', true], ['linked', true]]);
		});

		it('keeps the links but marks them unconfirmed, with the mapped RyzeAPI error, when the listing fails', async () => {
			harness.sim.injectFault({ kind: 'status', status: 503, path: '/api/community/listSubGroups/' });

			const result = await linkGroups({ groupJids: freeGroups[0], options: verify });

			expect(result.error).toBeUndefined();
			expect(listRequests()).toHaveLength(1);
			expect(result.items[0].json.status).toBe('unconfirmed');
			expect(result.items[0].json.reason).toMatch(
				/^RyzeAPI reported this group as linked, but listing the community's subgroups to verify it failed: Service Unavailable\. RyzeAPI or a proxy in front of it failed \(HTTP 503\)/,
			);
			expect(harness.sim.world.groups.get(freeGroups[0])?.parentJid).toBe(communityJid);
		});

		it('says the connection broke when the listing is cut off, without showing the token', async () => {
			harness.sim.injectFault({ kind: 'reset', path: '/api/community/listSubGroups/' });

			const result = await linkGroups({ groupJids: freeGroups[0], output: 'summary', options: verify });

			expect(result.items[0].json).toMatchObject({
				unconfirmed: [freeGroups[0]],
				verification: expect.stringMatching(/^0 of 1 groups .*; then verifying failed: The connection to RyzeAPI was closed before its answer arrived\. Check the Base URL/),
			});
			expect(JSON.stringify(result.run)).not.toContain(mainToken);
		});

		it('fails the item for an unconfirmed group with Error on Failed Groups, paired under Continue On Fail', async () => {
			harness.sim.injectFault({ kind: 'status', status: 500, path: '/api/community/listSubGroups/' });

			const { items } = await linkGroups(
				{ groupJids: freeGroups[0], options: { verify: true, errorOnFailedGroups: true } },
				{ continueOnFail: true },
			);

			expect(items).toHaveLength(1);
			expect(items[0].json.error).toBe(`1 of 1 groups could not be linked to community ${communityJid} (item 0)`);
			expect((items[0].json.details as { description: string }).description).toMatch(
				new RegExp(`^${freeGroups[0]}: RyzeAPI reported this group as linked, but listing .* failed: Internal Server Error\\. RyzeAPI or a proxy`),
			);
			expect(items[0].pairedItem).toEqual({ item: 0 });
		});
	});
});
