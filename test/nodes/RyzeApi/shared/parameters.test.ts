import { DEMO } from '../../../../simulator';
import { runRyzeApi, type RunOptions } from '../../../support/engine';
import { useSimulator } from '../../../support/simulator';

const harness = useSimulator();
const { freeGroups, communityJid } = DEMO;

function linkGroups(parameters: RunOptions['parameters'], options: Partial<RunOptions> = {}) {
	return runRyzeApi({
		credentials: { token: DEMO.instances.main.token, baseUrl: harness.sim.url },
		...options,
		parameters: {
			resource: 'community',
			operation: 'linkGroups',
			instance: { __rl: true, mode: 'list', value: 'main' },
			communityJid,
			groupJids: freeGroups[0],
			...parameters,
		},
	});
}

const manyGroups = Array.from({ length: 51 }, (_, index) => `1203634000001${String(index).padStart(5, '0')}@g.us`);

describe('checks before any request is sent', () => {
	it.each([
		['a blank instance', { instance: { __rl: true, mode: 'name', value: '  ' } }, 'Instance on item 0: no instance is set'],
		['an instance that is not a name', { instance: { __rl: true, mode: 'name', value: '={{ {a: 1} }}' } }, 'Instance on item 0: "{"a":1}" is not an instance name'],
		['an empty community from an expression', { communityJid: '={{ $json.missing ?? "" }}' }, 'Community JID on item 0: an empty value is not a group JID'],
		[
			'a person as community',
			{ communityJid: '5511999999999@s.whatsapp.net' },
			`Community JID on item 0: "5511999999999@s.whatsapp.net" is a person's WhatsApp ID, not a group`,
		],
		['no groups', { groupJids: ' , \n' }, 'Group JIDs on item 0: no group JIDs are given'],
		[
			'a person among the groups',
			{ groupJids: `${freeGroups[0]}, 5511999999999@s.whatsapp.net` },
			`Group JIDs on item 0: "5511999999999@s.whatsapp.net" is a person's WhatsApp ID, not a group`,
		],
		['a @lid among the groups', { groupJids: '123@lid' }, 'Group JIDs on item 0: "123@lid" is a person\'s hidden ID (@lid), not a group'],
		[
			'letters among the groups',
			{ groupJids: 'family, friends' },
			'Group JIDs on item 0: "family" is not a group JID (and 1 more invalid value(s))',
		],
		[
			'more than 50 groups',
			{ groupJids: manyGroups.join('\n') },
			'Group JIDs on item 0: 51 different groups are given; a community holds at most 50',
		],
		[
			'the community among its own groups',
			{ groupJids: `${freeGroups[0]}, ${communityJid.replace('@g.us', '')}` },
			`Group JIDs on item 0: the community "${communityJid}" is listed among its own groups`,
		],
	])('refuses %s, naming the field, the value and the item', async (_case, parameters, message) => {
		const { error, items } = await linkGroups(parameters);

		expect(error?.message).toBe(message);
		expect(error?.description).toEqual(expect.any(String));
		expect(items).toEqual([]);
		expect(harness.sim.requests).toEqual([]);
	});

	it('accepts exactly 50 groups', async () => {
		const { error } = await linkGroups({ communityJid: DEMO.otherCommunityJid, groupJids: manyGroups.slice(0, 50).join(',') });

		expect(error?.message ?? '').not.toMatch(/Group JIDs/);
		expect(harness.sim.requests).toHaveLength(1);
	});

	it('names the failing item among several, sending the valid ones', async () => {
		const { error } = await linkGroups(
			{ groupJids: '={{ $json.groups }}' },
			{ items: [{ groups: freeGroups[0] }, { groups: 'not-a-group' }] },
		);

		expect(error?.message).toBe('Group JIDs on item 1: "not-a-group" is not a group JID');
		expect(harness.sim.requests.map((request) => (request.body as { groupJid: string[] }).groupJid)).toEqual([[freeGroups[0]]]);
	});

	it('under Continue On Fail keeps a bad item as an error item paired with it, and runs the others', async () => {
		const { items, error } = await linkGroups(
			{ groupJids: '={{ $json.groups }}' },
			{ continueOnFail: true, items: [{ groups: `${freeGroups[0]}, ${freeGroups[1]}` }, { groups: '' }, { groups: freeGroups[2] }] },
		);

		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.status ?? item.json.error, item.pairedItem])).toEqual([
			['linked', { item: 0 }],
			['linked', { item: 0 }],
			['Group JIDs on item 1: no group JIDs are given', { item: 1 }],
			['linked', { item: 2 }],
		]);
		expect(harness.sim.requests).toHaveLength(2);
	});
});
