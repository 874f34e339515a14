import { DEMO } from '../../../../../simulator';
import { useSimulator } from '../../../../support/simulator';
import { expectNoToken, itRefusesBeforeSending, mainToken, manyGroups, operationRunner, pairing, requestsTo } from '../../../../support/community';

const harness = useSimulator();
const { freeGroups } = DEMO;

const create = operationRunner(harness, 'create', { name: 'Neighbours' });
const createRequests = () => requestsTo(harness, '/api/community/create/');

/** The simulator numbers created groups from here: a community takes two JIDs (itself and its Announcements group). */
const firstCreatedJid = '120363900000000001@g.us';
const thirdCreatedJid = '120363900000000003@g.us';

// A 1×1 transparent PNG.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('Community → Create', () => {
	describe('sending', () => {
		it('posts the name and every option to /api/community/create/{instance} with the token header', async () => {
			const result = await create({
				name: '  Neighbours  ',
				options: {
					description: 'Street 1 to 9',
					image: 'https://example.com/logo.png',
					membershipApprovalMode: true,
					groupJids: `${freeGroups[0]}, ${freeGroups[1].replace('@g.us', '')}, ${freeGroups[0]}`,
				},
			});

			expect(result.error).toBeUndefined();
			expect(createRequests()).toHaveLength(1);
			const [request] = createRequests();
			expect(request.method).toBe('POST');
			expect(request.path).toBe('/api/community/create/main');
			expect(request.headers.token).toBe(mainToken);
			expect(request.body).toEqual({
				name: 'Neighbours',
				description: 'Street 1 to 9',
				image: 'https://example.com/logo.png',
				groupJid: [freeGroups[0], freeGroups[1]],
				membershipApprovalMode: 'request_required',
			});
			expectNoToken(harness, result);
		});

		it('sends only the name when no option is set', async () => {
			await create();

			expect(createRequests()[0].body).toEqual({ name: 'Neighbours' });
		});

		it('sends an empty membership approval mode when the option is off, and base64 images without line breaks', async () => {
			await create({
				options: { membershipApprovalMode: false, image: `data:image/png;base64,${PNG_BASE64.slice(0, 40)}\n${PNG_BASE64.slice(40)}` },
			});

			expect(createRequests()[0].body).toEqual({
				name: 'Neighbours',
				image: `data:image/png;base64,${PNG_BASE64}`,
				membershipApprovalMode: '',
			});
		});

		it('takes the name and the groups from expressions', async () => {
			await create(
				{ name: '={{ $json.title }}', options: { groupJids: '={{ $json.groups }}' } },
				{ items: [{ title: 'Book club', groups: [freeGroups[2]] }] },
			);

			expect(createRequests()[0].body).toEqual({ name: 'Book club', groupJid: [freeGroups[2]] });
		});
	});

	describe('output', () => {
		it('returns one item with the new community, its linked and its failed groups', async () => {
			const { items, error } = await create({ options: { groupJids: `${freeGroups[0]}, ${DEMO.groupNotAdmin}` } });

			expect(error).toBeUndefined();
			expect(items).toEqual([
				{
					json: {
						instance: 'main',
						communityJid: firstCreatedJid,
						name: 'Neighbours',
						isCommunity: true,
						linked: [freeGroups[0]],
						failed: [{ groupJid: DEMO.groupNotAdmin, reason: expect.stringMatching(/^RyzeAPI gave no reason\. Common causes/) }],
					},
					pairedItem: { item: 0 },
				},
			]);
			expect(harness.sim.world.groups.get(freeGroups[0])?.parentJid).toBe(firstCreatedJid);
		});

		it("keeps RyzeAPI's reason for a failed group when it gives one", async () => {
			harness.sim.options.failedFormat = 'objects';

			const { items } = await create({ options: { groupJids: DEMO.groupInOtherCommunity } });

			expect(items[0].json.failed).toEqual([
				{ groupJid: DEMO.groupInOtherCommunity, reason: 'group already belongs to another community (unlink it first)' },
			]);
		});

		it('says clearly when RyzeAPI created a plain group instead of a community', async () => {
			harness.sim.options.createFallback = true;

			const { items, error } = await create({ options: { groupJids: freeGroups[0] } });

			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({
				instance: 'main',
				communityJid: firstCreatedJid,
				name: 'Neighbours',
				isCommunity: false,
				linked: [],
				failed: [{ groupJid: freeGroups[0], reason: 'Not linked: RyzeAPI created a plain group, not a community, so it cannot take subgroups.' }],
				warning: `WhatsApp refused to make this a community, so RyzeAPI created a plain group (${firstCreatedJid}) instead: it has no Announcements group and cannot take subgroups. Delete or reuse it in WhatsApp, and try creating the community again.`,
			});
		});

		it("passes on RyzeAPI's image error: the community exists, without the picture", async () => {
			harness.sim.injectFault({
				kind: 'custom200',
				body: {
					success: true,
					message: 'Community created successfully',
					group: { jid: firstCreatedJid, name: 'Neighbours', isCommunity: true },
					isCommunity: true,
					linkedGroups: [],
					failedGroups: [],
					imageError: 'failed to set community image: download failed',
				},
			});

			const { items } = await create({ options: { image: 'https://example.com/missing.png' } });

			expect(items[0].json).toMatchObject({ communityJid: firstCreatedJid, imageError: 'failed to set community image: download failed' });
		});

		it('fails the item when the answer gives no JID for the new community, warning against creating it twice', async () => {
			harness.sim.injectFault({ kind: 'custom200', body: { success: true, message: 'Community created successfully', group: {} } });

			const { error } = await create();

			expect(error?.message).toBe("RyzeAPI's answer gives no JID for the new community (item 0)");
			expect(error?.description).toMatch(/whether "Neighbours" was created .* you may create it twice/);
		});

		it('creates one community per input item, each item paired', async () => {
			const result = await create({ name: '={{ $json.title }}' }, { items: [{ title: 'North' }, { title: 'South' }] });

			expect(pairing(result, (json) => json.name)).toEqual([
				['North', { item: 0 }],
				['South', { item: 1 }],
			]);
			// The requests run side by side, so which one the simulator numbers first is not fixed.
			expect(result.items.map((item) => item.json.communityJid).sort()).toEqual([firstCreatedJid, thirdCreatedJid]);
		});
	});

	describe('Error If Created as Plain Group option', () => {
		it('fails the item, giving the JID of the plain group that was created', async () => {
			harness.sim.options.createFallback = true;

			const { error, items } = await create({ options: { errorOnPlainGroup: true } });

			expect(items).toEqual([]);
			expect(error?.message).toBe(`RyzeAPI created a plain group, not a community: ${firstCreatedJid} (item 0)`);
			expect(error?.description).toMatch(/^WhatsApp refused to make this a community/);
		});

		it('under Continue On Fail turns only that item into an error item, paired', async () => {
			const result = await create(
				{ name: '={{ $json.title }}', options: { errorOnPlainGroup: true } },
				{ continueOnFail: true, items: [{ title: 'North' }, { title: 'South' }] },
			);
			expect(result.items.map((item) => item.json.isCommunity)).toEqual([true, true]);

			harness.sim.options.createFallback = true;
			const fallback = await create({ options: { errorOnPlainGroup: true } }, { continueOnFail: true, items: [{}, {}] });

			expect(pairing(fallback, (json) => json.error)).toEqual([
				[expect.stringMatching(/^RyzeAPI created a plain group, not a community: \d+@g\.us \(item 0\)$/), { item: 0 }],
				[expect.stringMatching(/^RyzeAPI created a plain group, not a community: \d+@g\.us \(item 1\)$/), { item: 1 }],
			]);
		});

		it('does not fail when a community was created', async () => {
			const { error, items } = await create({ options: { errorOnPlainGroup: true } });

			expect(error).toBeUndefined();
			expect(items[0].json.isCommunity).toBe(true);
		});
	});

	describe('checks before any request is sent', () => {
		itRefusesBeforeSending(harness, create, [
			['a blank instance', { instance: { __rl: true, mode: 'name', value: ' ' } }, 'Instance on item 0: no instance is set'],
			['a blank name', { name: '   ' }, 'Name on item 0: no name is given'],
			['an empty name from an expression', { name: '={{ $json.missing ?? "" }}' }, 'Name on item 0: no name is given'],
			['a name that is not text', { name: '={{ ["a"] }}' }, 'Name on item 0: "["a"]" is not text'],
			[
				'a name of 26 characters',
				{ name: 'Neighbours of Main Street' + '!' },
				'Name on item 0: "Neighbours of Main Street!" has 26 characters; a community name has at most 25',
			],
			[
				'a group that is not a group JID',
				{ options: { groupJids: `${freeGroups[0]}, 5511999999999@s.whatsapp.net` } },
				`Group JIDs on item 0: "5511999999999@s.whatsapp.net" is a person's WhatsApp ID, not a group`,
			],
			['more than 50 groups', { options: { groupJids: manyGroups.join(' ') } }, 'Group JIDs on item 0: 51 different groups are given; a community holds at most 50'],
			['an image that is a file name', { options: { image: 'logo.png' } }, 'Image on item 0: "logo.png" is neither an http(s) URL nor base64 image data'],
			['an image that is an ftp link', { options: { image: 'ftp://example.com/logo.png' } }, 'Image on item 0: "ftp://example.com/logo.png" is neither an http(s) URL nor base64 image data'],
			['an image that is not whole base64', { options: { image: 'iVBORw0KGgo' } }, 'Image on item 0: "iVBORw0KGgo" is neither an http(s) URL nor base64 image data'],
		]);

		it.each([
			['an emoji', '🏘'],
			['an emoji with a skin tone (2 code points)', '👍🏽'],
			['a flag (2 code points)', '🇧🇷'],
			['a family emoji (5 code points)', '👨‍👩‍👧'],
		])('accepts a name of exactly 25 characters as a person counts them, ending in %s', async (_what, last) => {
			const name = `${'a'.repeat(24)}${last}`;

			const { error } = await create({ name });

			expect(error).toBeUndefined();
			expect(createRequests()[0].body).toEqual({ name });
		});

		it('if RyzeAPI counts code points instead (inferred either way), its refusal of such a name reads clearly', async () => {
			harness.sim.options.nameLength = 'codePoints';

			const { error } = await create({ name: `${'a'.repeat(24)}👍🏽` });

			expect(error?.message).toBe('name must be at most 25 characters');
			expect(error?.description).toMatch(/RyzeAPI refused the request as invalid\. Check .*the community name/);
		});

		it('counts a 26th character seen, whatever it is made of', async () => {
			const { error } = await create({ name: `${'a'.repeat(25)}👍🏽` });

			expect(error?.message).toBe(`Name on item 0: "${'a'.repeat(25)}👍🏽" has 26 characters; a community name has at most 25`);
		});

		it('accepts an empty group list from an expression, linking nothing', async () => {
			const { error, items } = await create({ options: { groupJids: '={{ [] }}' } });

			expect(error).toBeUndefined();
			expect(createRequests()[0].body).toEqual({ name: 'Neighbours' });
			expect(items[0].json).toMatchObject({ linked: [], failed: [] });
		});

		it('under Continue On Fail keeps a bad item as an error item paired with it, and runs the others', async () => {
			const result = await create(
				{ name: '={{ $json.title }}' },
				{ continueOnFail: true, items: [{ title: 'North' }, { title: 'A name far too long for WhatsApp' }, { title: 'South' }] },
			);

			expect(pairing(result, (json) => json.name ?? json.error)).toEqual([
				['North', { item: 0 }],
				['Name on item 1: "A name far too long for WhatsApp" has 32 characters; a community name has at most 25', { item: 1 }],
				['South', { item: 2 }],
			]);
			expect(createRequests()).toHaveLength(2);
		});
	});

	describe('RyzeAPI errors', () => {
		it('400 not connected: asks to reconnect the instance', async () => {
			const result = await create(
				{ instance: { __rl: true, mode: 'name', value: 'pairing' } },
				{ credentials: { token: DEMO.accountToken, baseUrl: harness.sim.url } },
			);

			expect(result.error?.message).toBe('Instance is not connected to WhatsApp');
			expect(result.error?.description).toMatch(/Instance "pairing" is not connected/);
			expectNoToken(harness, result, DEMO.accountToken);
		});

		it('under Continue On Fail, an item RyzeAPI refuses becomes one paired error item and the others go on', async () => {
			const result = await create(
				{ instance: { __rl: true, mode: 'name', value: '={{ $json.instance }}' } },
				{
					credentials: { token: DEMO.accountToken, baseUrl: harness.sim.url },
					continueOnFail: true,
					items: [{ instance: 'main' }, { instance: 'offline' }],
				},
			);

			expect(pairing(result, (json) => json.communityJid ?? json.error)).toEqual([
				[firstCreatedJid, { item: 0 }],
				['Instance is not connected to WhatsApp', { item: 1 }],
			]);
		});
	});
});
