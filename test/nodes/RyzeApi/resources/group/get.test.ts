/** Group → Get through the engine against the simulator: by JID, invite link or code, and what a failure says. */
import { DEMO } from '../../../../../simulator';
import { inviteCodeOf } from '../../../../../simulator/world';
import { itRefusesBeforeSending, locator, operationRunner, requestsTo } from '../../../../support/community';
import { useSimulator } from '../../../../support/simulator';

const harness = useSimulator();
const getGroup = operationRunner(harness, 'get', {}, { resource: 'group', typeVersion: 2 });
const [group11] = DEMO.freeGroups;
const code = inviteCodeOf(group11);

describe('Group → Get', () => {
	it.each([
		['picked from the list', locator('list', group11), group11],
		['by JID, bare digits', locator('id', group11.replace('@g.us', '')), group11],
		['by invite link', locator('url', `https://chat.whatsapp.com/${code}`), `https://chat.whatsapp.com/${code}`],
		['by invite code', locator('code', code), code],
	])('gets a group %s', async (_case, group, identifier) => {
		const { items, error } = await getGroup({ group });

		expect(error).toBeUndefined();
		expect(requestsTo(harness, '/api/group/info/main').map((request) => request.query)).toEqual([{ identifier }]);
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ instance: 'main', groupJid: group11, name: 'Group 11', inviteCode: code, isDefaultSubGroup: false, createdAt: expect.any(String) }),
		]);
		expect(items[0].json).not.toHaveProperty('success');
	});

	it('says what to do for a group WhatsApp does not know', async () => {
		const { error } = await getGroup({ group: locator('code', 'AbCdEfGhIjKlMnOpQrStUv') });

		expect(error).toMatchObject({ message: 'Group not found', httpCode: '404' });
		expect(error?.description).toMatch(/no group with this JID, invite code or link/);
	});

	it("says to use the invite link for a group the number is not in", async () => {
		const { error } = await getGroup({ group: locator('id', DEMO.hiddenSubgroup) });

		expect(error?.description).toMatch(/is not in this group.*invite link or invite code/);
	});

	itRefusesBeforeSending(harness, getGroup, [
		['a person as group', { group: locator('id', '={{ "5511999999999@s.whatsapp.net" }}') }, `Group on item 0: "5511999999999@s.whatsapp.net" is a person's WhatsApp ID, not a group`],
		['a link that is not an invite link', { group: locator('url', '={{ "https://example.com/x" }}') }, 'Group on item 0: "https://example.com/x" is not an invite link such as https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv'],
		['a code with spaces', { group: locator('code', 'abc def ghi') }, 'Group on item 0: "abc def ghi" is not an invite code such as AbCdEfGhIjKlMnOpQrStUv'],
	]);
});
