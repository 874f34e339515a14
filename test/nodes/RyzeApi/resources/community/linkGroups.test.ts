import { DEMO } from '../../../../../simulator';
import { runRyzeApi, type RunOptions, type RyzeCredentials } from '../../../../support/engine';
import { useSimulator } from '../../../../support/simulator';

const harness = useSimulator();
const { freeGroups, communityJid } = DEMO;
const mainToken = DEMO.instances.main.token;

function credentials(token: string = mainToken): RyzeCredentials {
	return { token, baseUrl: harness.sim.url };
}

function linkGroups(parameters: RunOptions['parameters'], options: Partial<RunOptions> = {}) {
	return runRyzeApi({
		credentials: credentials(),
		...options,
		parameters: {
			resource: 'community',
			operation: 'linkGroups',
			instance: { __rl: true, mode: 'list', value: 'main' },
			communityJid,
			...parameters,
		},
	});
}

const linkRequests = () => harness.sim.requests.filter((request) => request.path.startsWith('/api/community/link/'));

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
});
