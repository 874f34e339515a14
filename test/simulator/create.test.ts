import { DEMO } from '../../simulator';
import { errorOf, MAIN, path, useSimulator } from '../support/simulator';

const harness = useSimulator();
const create = (body: Record<string, unknown>, instance = MAIN) => harness.api().post(path.create(instance), body);

describe('POST /api/community/create/:instance', () => {
	it('creates a community with its Announcements group', async () => {
		const response = await create({ name: 'Neighbours', description: 'Our street' });
		expect(response.status).toBe(200);
		expect(response.data).toEqual({
			success: true,
			message: 'Community created successfully',
			group: {
				jid: expect.stringMatching(/^120363\d{12}@g\.us$/),
				name: 'Neighbours',
				description: 'Our street',
				isCommunity: true,
				membershipApprovalMode: '',
				announcementsJid: expect.stringMatching(/@g\.us$/),
			},
			isCommunity: true,
			linkedGroups: [],
			failedGroups: [],
		});
		const subgroups = await harness.api().get(path.listSubGroups(MAIN, response.data.group.jid));
		expect(subgroups.data.subgroups).toEqual([{ jid: response.data.group.announcementsJid, name: 'Announcements', isDefaultSubGroup: true }]);
	});

	it('links groupJid right away, reporting failures per group', async () => {
		const response = await create({ name: 'Neighbours', groupJid: [DEMO.freeGroups[0], DEMO.groupNotAdmin], membershipApprovalMode: 'request_required' });
		expect(response.data).toMatchObject({ linkedGroups: [DEMO.freeGroups[0]], failedGroups: [DEMO.groupNotAdmin] });
		expect(response.data.group.membershipApprovalMode).toBe('request_required');
		expect(harness.sim.world.groups.get(DEMO.freeGroups[0])?.parentJid).toBe(response.data.group.jid);
	});

	it('uses failedFormat for failedGroups', async () => {
		harness.sim.options.failedFormat = 'objects';
		const response = await create({ name: 'Neighbours', groupJid: [DEMO.groupNotAdmin] });
		expect(response.data.failedGroups).toEqual([{ jid: DEMO.groupNotAdmin, reason: 'not admin of the group' }]);
	});

	it('pauses linkDelayMs per group', async () => {
		harness.sim.options.linkDelayMs = 50;
		const started = Date.now();
		await create({ name: 'Neighbours', groupJid: DEMO.freeGroups.slice(0, 3) });
		expect(Date.now() - started).toBeGreaterThanOrEqual(100);
	});

	it('creates distinct JIDs each time', async () => {
		const first = await create({ name: 'One' });
		const second = await create({ name: 'Two' });
		expect(first.data.group.jid).not.toBe(second.data.group.jid);
	});

	describe('image', () => {
		it.each([['a URL', 'https://example.com/logo.png'], ['base64', 'aGVsbG8='], ['a data URI', 'data:image/png;base64,aGVsbG8=']])(
			'accepts %s without imageError',
			async (_case, image) => {
				const response = await create({ name: 'Neighbours', image });
				expect(response.data).not.toHaveProperty('imageError');
			},
		);

		it('still creates the community but reports imageError for anything else', async () => {
			const response = await create({ name: 'Neighbours', image: 'not an image' });
			expect(response.data).toMatchObject({ success: true, isCommunity: true, imageError: expect.stringContaining('image') });
		});
	});

	describe('createFallback', () => {
		it('creates a plain group (isCommunity: false) and cannot link groups to it', async () => {
			harness.sim.options.createFallback = true;
			const response = await create({ name: 'Neighbours', groupJid: [DEMO.freeGroups[0]] });
			expect(response.status).toBe(200);
			expect(response.data).toMatchObject({ success: true, isCommunity: false, group: { isCommunity: false }, linkedGroups: [], failedGroups: [DEMO.freeGroups[0]] });
			expect(response.data.group.announcementsJid).toBeUndefined();
		});
	});

	describe('request errors', () => {
		it.each([
			['a missing name', {}, 'name is required'],
			['a blank name', { name: '  ' }, 'name is required'],
			['a name longer than 25 characters', { name: 'x'.repeat(26) }, 'name must be at most 25 characters'],
			['an unknown membershipApprovalMode', { name: 'Ok', membershipApprovalMode: 'open' }, 'membershipApprovalMode must be "request_required" or ""'],
		])('answers 400 for %s', async (_case, body, message) => {
			const response = await create(body);
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe(message);
		});

		it('accepts a name of exactly 25 characters', async () => {
			expect((await create({ name: 'x'.repeat(25) })).status).toBe(200);
		});

		it('counts a name as a person sees it by default (inferred): 24 letters and 👍🏽 are 25', async () => {
			expect((await create({ name: `${'x'.repeat(24)}👍🏽` })).status).toBe(200);
		});

		it('can count code points instead (the other reading of "25 characters"): then 👍🏽 is two', async () => {
			harness.sim.options.nameLength = 'codePoints';

			expect(errorOf(await create({ name: `${'x'.repeat(24)}👍🏽` }))).toBe('name must be at most 25 characters');
		});

		it('answers 400 when the instance is not connected', async () => {
			const response = await create({ name: 'Neighbours' }, 'pairing');
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe('Instance is not connected to WhatsApp');
		});
	});
});
