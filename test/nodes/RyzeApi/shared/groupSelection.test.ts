/**
 * Version 2 of the node: the community and the groups of Link Groups, Unlink Groups and List Subgroups picked from
 * lists, given by JID or by name, run through n8n's engine against the simulator. JIDs cost no request; names cost
 * one look-up of the number's group list per execution; every check fails the item before anything is sent.
 */
import type { NodeParameterValueType } from 'n8n-workflow';

import { DEMO } from '../../../../simulator';
import { expectNoToken, itRefusesBeforeSending, locator, operationRunner, requestsTo } from '../../../support/community';
import { useSimulator } from '../../../support/simulator';

const harness = useSimulator();
const { communityJid, freeGroups } = DEMO;
const version2 = { typeVersion: 2 };
const linkGroups = operationRunner(harness, 'linkGroups', { community: locator('list', communityJid) }, version2);
const unlinkGroups = operationRunner(harness, 'unlinkGroups', { community: locator('list', communityJid) }, version2);
const listSubgroups = operationRunner(harness, 'listSubgroups', {}, version2);

const linkRequests = () => requestsTo(harness, '/api/community/link/');
const listRequests = () => requestsTo(harness, '/api/group/list/');
const byName = (groupNames: NodeParameterValueType) => ({ groupSelection: 'name', groupNames });

describe('Version 2: communities and groups without typing a JID', () => {
	describe('picked from lists (JIDs stored), or JIDs by expression', () => {
		it('links the picked groups to the picked community, without asking for the group list', async () => {
			const { items, error } = await linkGroups({ groups: [freeGroups[0], freeGroups[1]] });

			expect(error).toBeUndefined();
			expect(linkRequests().map((request) => request.body)).toEqual([{ communityJid, groupJid: [freeGroups[0], freeGroups[1]] }]);
			expect(listRequests()).toEqual([]);
			expect(items.map((item) => item.json)).toEqual([
				{ instance: 'main', communityJid, groupJid: freeGroups[0], status: 'linked' },
				{ instance: 'main', communityJid, groupJid: freeGroups[1], status: 'linked' },
			]);
		});

		it('takes JIDs from an expression in the groups field, and a community typed By ID (its JID) as bare digits', async () => {
			const { items } = await linkGroups(
				{ community: locator('id', communityJid.replace('@g.us', '')), groups: '={{ $json.groups }}' },
				{ items: [{ groups: `${freeGroups[0]}, ${freeGroups[1]}` }] },
			);

			expect(linkRequests().map((request) => request.body)).toEqual([{ communityJid, groupJid: [freeGroups[0], freeGroups[1]] }]);
			expect(items.map((item) => item.json.status)).toEqual(['linked', 'linked']);
		});
	});

	describe('by name', () => {
		it('looks the names up once and links the right JIDs, naming the community and each group in the output', async () => {
			const result = await linkGroups({ community: locator('name', 'Demo Community'), ...byName('Group 11\nGroup 12') });
			const { items, error } = result;

			expect(error).toBeUndefined();
			expect(listRequests()).toHaveLength(1);
			expect(linkRequests().map((request) => request.body)).toEqual([{ communityJid, groupJid: [freeGroups[0], freeGroups[1]] }]);
			expect(items.map((item) => item.json)).toEqual([
				{ instance: 'main', communityJid, communityName: 'Demo Community', groupJid: freeGroups[0], groupName: 'Group 11', status: 'linked' },
				{ instance: 'main', communityJid, communityName: 'Demo Community', groupJid: freeGroups[1], groupName: 'Group 12', status: 'linked' },
			]);
			expectNoToken(harness, result);
		});

		it('takes one name per line, so names may contain commas, and a list of names from an expression', async () => {
			const jid = '120363400000007999@g.us';
			harness.sim.world.groups.set(jid, { jid, name: 'Customers, Brazil', isCommunity: false, isDefaultSubGroup: false, participants: { main: 'admin' } });

			const typed = await linkGroups(byName('Customers, Brazil\nGroup 11'));
			const fromExpression = await unlinkGroups(byName('={{ $json.names }}'), { items: [{ names: ['Customers, Brazil', 'Group 11'] }] });

			expect(typed.items.map((item) => [item.json.groupName, item.json.groupJid, item.json.status])).toEqual([
				['Customers, Brazil', jid, 'linked'],
				['Group 11', freeGroups[0], 'linked'],
			]);
			expect(fromExpression.items.map((item) => [item.json.groupName, item.json.status])).toEqual([
				['Customers, Brazil', 'unlinked'],
				['Group 11', 'unlinked'],
			]);
		});

		it('sends a group named twice in other spellings once', async () => {
			await linkGroups(byName(['Group 11', '  group   11 ', 'GROUP 12']));

			expect(linkRequests().map((request) => request.body)).toEqual([{ communityJid, groupJid: [freeGroups[0], freeGroups[1]] }]);
		});

		it('names the community given by name on a summary item too', async () => {
			const { items } = await linkGroups({ community: locator('name', 'Demo Community'), output: 'summary', ...byName('Group 11') });

			expect(items.map((item) => item.json)).toEqual([
				expect.objectContaining({ communityJid, communityName: 'Demo Community', linked: [freeGroups[0]], failed: [] }),
			]);
		});

		it('lists a community given by name, with its name on each subgroup', async () => {
			const { items } = await listSubgroups({ community: locator('name', 'demo community') });

			expect(items.map((item) => [item.json.communityName, item.json.jid])).toEqual([['Demo Community', DEMO.announcementsJid]]);
		});

		it('under Continue On Fail, fails only the item with an unknown name, paired with it, and still asks for the list once', async () => {
			const { items } = await linkGroups(byName('={{ $json.name }}'), {
				items: [{ name: 'Group 11' }, { name: 'Group 99' }, { name: 'Group 12' }],
				continueOnFail: true,
			});

			expect(items.map((item) => [item.json.groupJid ?? item.json.error, item.pairedItem])).toEqual([
				[freeGroups[0], { item: 0 }],
				[expect.stringMatching(/^Group Names on item 1: instance "main" has no group named "Group 99"/), { item: 1 }],
				[freeGroups[1], { item: 2 }],
			]);
			expect(items[1].json.details).toMatchObject({ errorType: 'invalidInput', httpCode: null });
			expect(listRequests()).toHaveLength(1);
			expect(linkRequests()).toHaveLength(2);
		});
	});

	describe('checks before anything is sent', () => {
		// Fixed values are checked by n8n itself before the run (required fields, the By ID mode's pattern); values
		// that arrive by expression (webhook data, an AI agent) reach the node's own checks.
		it.each([
			['a community left empty', { community: locator('list', ''), groups: [freeGroups[0]] }, 'Parameter "Community" is required.'],
			["a person's JID typed as community", { community: locator('id', '5511999999999@s.whatsapp.net'), groups: [freeGroups[0]] }, 'Not a group JID'],
			['no group picked', { groups: [] }, 'Parameter "Group Names or IDs" is required.'],
		])('n8n refuses to run with %s, before the node sends anything', async (_case, parameters, issue) => {
			const refusal: Error = await linkGroups(parameters).then(
				() => new Error('ran'),
				(error: Error) => error,
			);

			expect(refusal.message).toMatch(/has issues/);
			// n8n 2.x names the issue in the message (1.x only in the editor, which shows the same text on the field).
			if (refusal.message.includes('node has issues:')) expect(refusal.message).toContain(issue);
			expect(harness.sim.requests).toEqual([]);
		});

		itRefusesBeforeSending(harness, linkGroups, [
			[
				'a community an expression leaves empty',
				{ community: locator('list', '={{ $json.missing }}'), groups: [freeGroups[0]] },
				'Community on item 0: it is empty; give a group JID such as 120363406289005073@g.us',
			],
			[
				"a person's JID as community from an expression",
				{ community: locator('id', '={{ "5511999999999@s.whatsapp.net" }}'), groups: [freeGroups[0]] },
				`Community on item 0: "5511999999999@s.whatsapp.net" is a person's WhatsApp ID, not a group`,
			],
			['no community name', { community: locator('name', '={{ " " }}'), groups: [freeGroups[0]] }, 'Community on item 0: no community name is given'],
			['no groups from an expression', { groups: '={{ [] }}' }, 'Groups on item 0: no groups are picked'],
			['letters among the groups by expression', { groups: '={{ "family" }}' }, 'Groups on item 0: "family" is not a group JID'],
			[
				'the community among its own groups',
				{ groups: [freeGroups[0], communityJid] },
				`Groups on item 0: the community "${communityJid}" is listed among its own groups`,
			],
			['no group names', byName(' \n '), 'Group Names on item 0: no group names are given'],
			['an object among the names', byName('={{ [{ a: 1 }] }}'), 'Group Names on item 0: "{"a":1}" is not a name'],
		]);

		it('refuses more than 50 groups by name after looking them up, sending no link', async () => {
			const names = DEMO.directoryGroups.slice(0, 51).map((group) => group.name);

			const { error } = await linkGroups(byName(names.join('\n')));

			expect(error?.message).toBe('Group Names on item 0: 51 different groups are given; a community holds at most 50');
			expect(linkRequests()).toEqual([]);
		});

		it('refuses a community given by name among the groups given by name', async () => {
			const { error } = await linkGroups({ community: locator('name', 'Demo Community'), ...byName('Demo Community') });

			expect(error?.message).toBe('Group Names on item 0: "Demo Community" is a community, not a group that can be linked or unlinked');
			expect(linkRequests()).toEqual([]);
		});
	});
});
