/** Group → Create through the engine against the simulator: what is sent, what comes out, what is refused first. */
import { DEMO } from '../../../../../simulator';
import { expectNoToken, itRefusesBeforeSending, locator, operationRunner, requestsTo } from '../../../../support/community';
import { useSimulator } from '../../../../support/simulator';

const harness = useSimulator();
const { communityJid } = DEMO;
const [blockedPhone] = DEMO.privacyBlockedPhones;
const createGroup = operationRunner(harness, 'create', { name: 'Acme Ltd - support' }, { resource: 'group', typeVersion: 2 });
const createRequests = () => requestsTo(harness, '/api/group/create/');

describe('Group → Create', () => {
	it('posts the name and the participants as digits, and returns the new group with its invite link', async () => {
		const result = await createGroup({ participants: '+55 11 97777-0000; 5521966660000@s.whatsapp.net\n(55) 31 955550000' });

		expect(result.error).toBeUndefined();
		expect(createRequests().map((request) => [request.path, request.body])).toEqual([
			['/api/group/create/main', { name: 'Acme Ltd - support', participants: ['5511977770000', '5521966660000', '5531955550000'] }],
		]);
		const [item] = result.items;
		const group = harness.sim.world.groups.get(item.json.groupJid as string);
		expect(item.json).toEqual({
			instance: 'main',
			groupJid: group?.jid,
			name: 'Acme Ltd - support',
			inviteLink: expect.stringMatching(/^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/),
			inviteCode: expect.stringMatching(/^[A-Za-z0-9]{22}$/),
			participantsRequested: ['5511977770000', '5521966660000', '5531955550000'],
			participantsAdded: ['5511977770000', '5521966660000', '5531955550000'],
			participantsNotAdded: [],
			groupSettings: { membersCanEditInfo: true, membersCanSendMessages: true, membersCanAddOthers: false, requireAdminApproval: false },
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expectNoToken(harness, result);
	});

	it('says who WhatsApp kept out (privacy settings), and that the invite link reaches them', async () => {
		const { items } = await createGroup({ participants: `5511977770000, ${blockedPhone}` });

		expect(items[0].json).toMatchObject({ participantsAdded: ['5511977770000'], participantsNotAdded: [blockedPhone] });
		expect(items[0].json.warning).toMatch(/did not add 1 of the 2 people.*privacy settings.*invite link/);
	});

	it.each([
		['picked from the list', locator('list', communityJid)],
		['by name', locator('name', 'Demo Community')],
	])('creates the group inside a community %s, in one request', async (_case, community) => {
		const { items } = await createGroup({ community });

		expect(createRequests().map((request) => (request.body as { communityJid?: string }).communityJid)).toEqual([communityJid]);
		expect(items[0].json.communityJid).toBe(communityJid);
		expect(harness.sim.world.groups.get(items[0].json.groupJid as string)?.parentJid).toBe(communityJid);
		expect(requestsTo(harness, '/api/community/link/')).toEqual([]);
	});

	it('sends the description, the image and only the group settings that are set', async () => {
		await createGroup({
			options: { description: ' Our support ', image: 'https://example.com/logo.png', membersCanSendMessages: false, requireAdminApproval: true },
		});

		expect(createRequests()[0].body).toEqual({
			name: 'Acme Ltd - support',
			participants: [],
			description: 'Our support',
			image: 'https://example.com/logo.png',
			groupSettings: { membersCanSendMessages: false, requireAdminApproval: true },
		});
	});

	it('reads a group that RyzeAPI wraps under "group" as well', async () => {
		harness.sim.options.groupCreateShape = 'wrapped';

		const { items } = await createGroup();

		expect(items[0].json).toMatchObject({ name: 'Acme Ltd - support', groupJid: expect.stringMatching(/@g\.us$/), inviteLink: expect.any(String) });
	});

	it('is not idempotent: run twice, it makes two groups', async () => {
		const first = await createGroup();
		const second = await createGroup();

		expect(first.items[0].json.groupJid).not.toBe(second.items[0].json.groupJid);
	});

	it('explains a community that cannot take the group, and warns before creating again', async () => {
		const { error } = await createGroup({ community: locator('list', DEMO.fullCommunityJid) });

		expect(error?.message).toMatch(/^failed to create group: /);
		expect(error?.description).toMatch(/must be its admin, and a community holds at most 50 groups.*before running Create again/);
	});

	describe('checks before anything is sent', () => {
		itRefusesBeforeSending(harness, createGroup, [
			['a blank name', { name: '={{ "  " }}' }, 'Name on item 0: no name is given'],
			['a name over 100 characters', { name: 'x'.repeat(101) }, `Name on item 0: "${'x'.repeat(60)}…" has 101 characters; a group name has at most 100`],
			['a group JID as participant', { participants: `${DEMO.freeGroups[0]}` }, `Participants on item 0: "${DEMO.freeGroups[0]}" is a group JID, not a person`],
			['a @lid participant', { participants: '123@lid' }, `Participants on item 0: "123@lid" is a hidden ID (@lid), which cannot be added: give the person's phone number`],
			['a number without country code', { participants: '011 99999-0000' }, 'Participants on item 0: "011 99999-0000" starts with 0: give the number with its country code, without a leading 0 or 00'],
			['letters as participant', { participants: 'Maria, 5511977770000, João' }, 'Participants on item 0: "Maria" is not a phone number with country code (and 1 more invalid value(s))'],
			['an image that is neither a URL nor base64', { options: { image: 'logo.png' } }, 'Image on item 0: "logo.png" is neither an http(s) URL nor base64 image data'],
			['a person as community', { community: locator('id', '={{ "5511999999999@s.whatsapp.net" }}') }, `Community on item 0: "5511999999999@s.whatsapp.net" is a person's WhatsApp ID, not a group`],
		]);
	});
});
