/**
 * Community → Sync Subgroups through the engine against the simulator: the community made to hold the listed groups
 * with one listing and at most one link and one unlink request; a repeat sends only the listing; two executions at
 * once, or a repeat after a run cut off halfway, report the truth; Preview changes nothing; checks before sending.
 */
import { sleep } from 'n8n-workflow';

import { DEMO } from '../../../../../simulator';
import { expectNoToken, itRefusesBeforeSending, linkInWorld, locator, operationRunner, requestsTo } from '../../../../support/community';
import { useSimulator } from '../../../../support/simulator';

const harness = useSimulator();
const { communityJid, announcementsJid, freeGroups } = DEMO;
const [group11, group12, group13] = freeGroups;
const sync = operationRunner(harness, 'syncSubgroups', { community: locator('list', communityJid) }, { typeVersion: 2 });
const syncByName = (names: string, parameters = {}, options = {}) =>
	sync({ community: locator('name', 'Demo Community'), groupSelection: 'name', groupNames: names, ...parameters }, options);
const removeOthers = { syncMode: 'addMissingAndRemoveOthers' };

const sent = () => harness.sim.requests.map((request) => `${request.method} ${request.path}`);
const linkBodies = () => requestsTo(harness, '/api/community/link/').map((request) => (request.body as { groupJid: string[] }).groupJid);
const unlinkBodies = () => requestsTo(harness, '/api/community/unlink/').map((request) => (request.body as { groupJid: string[] }).groupJid);
const actions = (result: Awaited<ReturnType<typeof sync>>) => result.items.map((item) => [item.json.groupJid, item.json.action]);
const subgroupsInWorld = () => harness.sim.world.subgroupsOf(communityJid).map((group) => group.jid).sort();

describe('Community → Sync Subgroups', () => {
	describe('Add Missing (default)', () => {
		it('lists once, links only the missing groups in one request, and reports each listed group', async () => {
			linkInWorld(harness, communityJid, [group11]);

			const result = await syncByName('Group 11\nGroup 12\nGroup 13');

			expect(result.error).toBeUndefined();
			expect(sent()).toEqual(['GET /api/group/list/main', 'GET /api/community/listSubGroups/main', 'POST /api/community/link/main']);
			expect(linkBodies()).toEqual([[group12, group13]]);
			expect(result.items.map((item) => item.json)).toEqual([
				{ instance: 'main', communityJid, communityName: 'Demo Community', groupJid: group11, groupName: 'Group 11', action: 'unchanged', alreadyLinked: true },
				{ instance: 'main', communityJid, communityName: 'Demo Community', groupJid: group12, groupName: 'Group 12', action: 'linked' },
				{ instance: 'main', communityJid, communityName: 'Demo Community', groupJid: group13, groupName: 'Group 13', action: 'linked' },
			]);
			expect(result.items.map((item) => item.pairedItem)).toEqual(Array(3).fill({ item: 0 }));
			expectNoToken(harness, result);
		});

		it('never unlinks: subgroups not in the list stay, and the summary names them', async () => {
			linkInWorld(harness, communityJid, [group11, group12]);

			const { items } = await sync({ groups: [group13], output: 'summary' });

			expect(unlinkBodies()).toEqual([]);
			expect(items.map((item) => item.json)).toEqual([
				{
					instance: 'main',
					communityJid,
					mode: 'addMissing',
					preview: false,
					counts: { linked: 1, unlinked: 0, unchanged: 0, failed: 0, notInList: 2 },
					linked: [group13],
					unlinked: [],
					unchanged: [],
					failed: [],
					notInList: [group11, group12],
					alreadyLinked: [],
				},
			]);
		});

		it('leaves the Announcements group alone when it is listed: it belongs to the community already', async () => {
			const { items } = await sync({ groups: [announcementsJid, group11] });

			expect(linkBodies()).toEqual([[group11]]);
			expect(actions({ items } as never)).toEqual([
				[announcementsJid, 'unchanged'],
				[group11, 'linked'],
			]);
		});
	});

	describe('Add Missing and Remove Others', () => {
		it('links the missing groups and unlinks the others in one request each, never the Announcements group', async () => {
			linkInWorld(harness, communityJid, [group11, group13]);

			const result = await sync({ ...removeOthers, groups: [group11, group12] });

			expect(linkBodies()).toEqual([[group12]]);
			expect(unlinkBodies()).toEqual([[group13]]);
			expect(actions(result)).toEqual([
				[group11, 'unchanged'],
				[group12, 'linked'],
				[group13, 'unlinked'],
			]);
			expect(subgroupsInWorld()).toEqual([announcementsJid, DEMO.hiddenSubgroup, group11, group12].sort());
		});

		it('refuses several items naming the same community, sending nothing, and says to aggregate first', async () => {
			const { items } = await sync(
				{ ...removeOthers, community: locator('name', '={{ $json.community }}'), groupSelection: 'name', groupNames: '={{ $json.group }}' },
				{ items: [{ community: 'Demo Community', group: 'Group 11' }, { community: 'demo community', group: 'Group 12' }, { community: 'Full Community', group: 'Group 13' }], continueOnFail: true },
			);

			// Item 2, alone on its community, syncs it: Group 13 linked, then the community's 50 other subgroups unlinked.
			expect(items.slice(0, 3).map((item) => item.json.error ?? item.json.action)).toEqual([
				'Community on item 0: item 1 names the same community, and with Add Missing and Remove Others each item would unlink the groups the others link',
				'Community on item 1: item 0 names the same community, and with Add Missing and Remove Others each item would unlink the groups the others link',
				'linked',
			]);
			expect(items[0].json.details).toMatchObject({ errorType: 'invalidInput', description: expect.stringMatching(/Summarize node/) });
			expect(items.slice(3).map((item) => item.json.action)).toEqual(Array(DEMO.fullCommunitySubgroups.length).fill('unlinked'));
			expect(linkBodies()).toEqual([[group13]]);
			expect(requestsTo(harness, '/api/community/listSubGroups/').map((request) => request.query.communityJid)).toEqual([DEMO.fullCommunityJid]);
		});
	});

	describe('safe to repeat', () => {
		it('a second run with the same list sends only the listing and reports every group unchanged', async () => {
			await sync({ ...removeOthers, groups: [group11, group12] });
			harness.sim.requests.length = 0;

			const again = await sync({ ...removeOthers, groups: [group11, group12] });

			expect(sent()).toEqual(['GET /api/community/listSubGroups/main']);
			expect(actions(again)).toEqual([
				[group11, 'unchanged'],
				[group12, 'unchanged'],
			]);
		});

		it('two executions syncing the same community at once both report the truth, none failed', async () => {
			harness.sim.options.linkDelayMs = 50;

			const [first, second] = await Promise.all([sync({ groups: [group11, group12] }), sync({ groups: [group11, group12] })]);

			expect(subgroupsInWorld()).toEqual(expect.arrayContaining([group11, group12]));
			for (const run of [first, second]) {
				expect(run.error).toBeUndefined();
				expect(run.items.map((item) => item.json.action)).toEqual(expect.arrayContaining([expect.stringMatching(/^(linked|unchanged)$/)]));
				expect(run.items.every((item) => item.json.action === 'linked' || item.json.alreadyLinked === true)).toBe(true);
			}
			// Each group was linked by one of the two; the other found it there.
			expect([...first.items, ...second.items].filter((item) => item.json.action === 'linked')).toHaveLength(2);
		});

		it('two Remove Others executions at once both report the other subgroups unlinked, none failed', async () => {
			linkInWorld(harness, communityJid, [group12, group13]);
			harness.sim.options.linkDelayMs = 50;

			const runs = await Promise.all([sync({ ...removeOthers, groups: [group11] }), sync({ ...removeOthers, groups: [group11] })]);

			for (const run of runs) {
				expect(run.items.filter((item) => item.json.groupJid !== group11).map((item) => [item.json.groupJid, item.json.action])).toEqual([
					[group12, 'unlinked'],
					[group13, 'unlinked'],
				]);
			}
			expect(subgroupsInWorld()).toEqual([announcementsJid, DEMO.hiddenSubgroup, group11].sort());
		});

		it('a run cut off halfway (its link went on at RyzeAPI, unrecorded) is completed by sending the same sync again', async () => {
			harness.sim.options.linkDelayMs = 400;
			const cut = await sync({ groups: [group11, group12, group13], requestOptions: { timeout: 500 } });
			expect(cut.error?.message).toMatch(/did not answer within the timeout/);
			// RyzeAPI finishes the link it was given, as a killed worker's call would leave it.
			while (requestsTo(harness, '/api/community/link/').some((request) => request.status === 0)) await sleep(50);
			harness.sim.options.linkDelayMs = 0;

			const again = await sync({ groups: [group11, group12, group13] });

			expect(actions(again)).toEqual([
				[group11, 'unchanged'],
				[group12, 'unchanged'],
				[group13, 'unchanged'],
			]);
			expect(linkBodies()).toHaveLength(1);
		});
	});

	describe('Preview', () => {
		it('reports the plan per group and changes nothing', async () => {
			linkInWorld(harness, communityJid, [group11, group13]);

			const result = await sync({ ...removeOthers, groups: [group11, group12], options: { preview: true } });

			expect(sent()).toEqual(['GET /api/community/listSubGroups/main']);
			expect(actions(result)).toEqual([
				[group11, 'unchanged'],
				[group12, 'wouldLink'],
				[group13, 'wouldUnlink'],
			]);
		});
	});

	describe('checks', () => {
		it('refuses, before linking, a sync that would pass 50 subgroups as far as the listing shows', async () => {
			const { error } = await sync({ community: locator('list', DEMO.fullCommunityJid), groups: [DEMO.groupsForFullCommunity[0]] });

			expect(error?.message).toBe('Groups on item 0: after the sync the community would hold 51 subgroups (1 to link, 50 there already); a community holds at most 50');
			expect(linkBodies()).toEqual([]);
		});

		it('in Remove Others counts only what stays: the same community ends with its listed groups', async () => {
			const { error } = await sync({ ...removeOthers, community: locator('list', DEMO.fullCommunityJid), groups: [DEMO.groupsForFullCommunity[0]] });

			expect(error).toBeUndefined();
			expect(linkBodies()).toEqual([[DEMO.groupsForFullCommunity[0]]]);
			expect(unlinkBodies()).toEqual([DEMO.fullCommunitySubgroups]);
		});

		itRefusesBeforeSending(harness, sync, [
			['the community among the groups', { groups: [group11, communityJid] }, `Groups on item 0: the community "${communityJid}" is listed among its own groups`],
			['no groups from an expression', { groups: '={{ [] }}' }, 'Groups on item 0: no groups are picked'],
		]);

		it('works on a version-1 node with JIDs, as the other operations do', async () => {
			const { items } = await operationRunner(harness, 'syncSubgroups', { communityJid })({ groupJids: `${group11}, ${group12}` });

			expect(actions({ items } as never)).toEqual([
				[group11, 'linked'],
				[group12, 'linked'],
			]);
		});
	});
});
