import { DEMO } from '../../../../simulator';
import { useSimulator } from '../../../support/simulator';
import { groupsRequestChecks, itRefusesBeforeSending, manyGroups, operationRunner } from '../../../support/community';

const harness = useSimulator();
const { freeGroups, communityJid } = DEMO;

const linkGroups = operationRunner(harness, 'linkGroups', { communityJid, groupJids: freeGroups[0] });

describe('checks before any request is sent', () => {
	itRefusesBeforeSending(harness, linkGroups, groupsRequestChecks);

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
