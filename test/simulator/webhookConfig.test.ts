import { DEMO, EVENT_TYPES, demoSeed } from '../../simulator';
import { errorOf, MAIN, path, useSimulator } from '../support/simulator';

const harness = useSimulator();
const { main, salesTeam, offline } = DEMO.instances;
const URL_A = 'https://meuapp.com/webhook';
const LIMIT_MESSAGE = 'webhook limit reached: at most 3 enabled webhooks per instance (disable one with {"enabled": false} first)';

const configure = (body: unknown, instance = MAIN, token: string | null = DEMO.accountToken) => harness.api(token).post(path.webhook(instance), body);
const list = async (instance = MAIN) => (await harness.api().get(path.getWebhook(instance))).data.webhooks;
const enable = (label: string, extra: Record<string, unknown> = {}) => configure({ label, enabled: true, url: `${URL_A}/${label}`, ...extra });

describe('POST /api/events/webhook/:instance', () => {
	it('saves the minimum body as the "default" webhook and answers the persisted object', async () => {
		const response = await configure({ enabled: true, url: URL_A });
		expect(response.status).toBe(200);
		expect(response.data).toEqual({
			success: true,
			message: 'Webhook configured successfully',
			webhook: { label: 'default', enabled: true, url: URL_A, authorization: '', byEvents: false, events: [], mediaBase64: false },
		});
		expect(harness.sim.world.webhooksOf(MAIN)).toEqual([{ instance: MAIN, ...response.data.webhook }]);
	});

	it('mirrors a full body: label, event filter, authorization, byEvents, mediaBase64', async () => {
		const body = {
			label: 'analytics-pipeline',
			enabled: true,
			url: 'https://meuapp.com/wh',
			authorization: 'Bearer svc-token-xyz',
			byEvents: true,
			events: ['message.exchange', 'message.status'],
			mediaBase64: true,
		};
		const response = await configure(body);
		expect(response.data.webhook).toEqual(body);
	});

	it('upserts by label: every field is replaced, omitted ones by their defaults', async () => {
		await enable('crm', { authorization: 'Bearer old', events: ['group.flow'], byEvents: true, mediaBase64: true });
		const response = await configure({ label: 'crm', enabled: true, url: 'http://127.0.0.1:9/new' });
		expect(response.data.webhook).toEqual({
			label: 'crm',
			enabled: true,
			url: 'http://127.0.0.1:9/new',
			authorization: '',
			byEvents: false,
			events: [],
			mediaBase64: false,
		});
		expect(await list()).toHaveLength(1);
	});

	it('treats an empty or blank label as "default" and trims labels and urls', async () => {
		await configure({ label: '  ', enabled: true, url: ` ${URL_A} ` });
		await configure({ label: ' crm ', enabled: true, url: URL_A });
		expect((await list()).map((webhook: { label: string; url: string }) => [webhook.label, webhook.url])).toEqual([
			['crm', URL_A],
			['default', URL_A],
		]);
	});

	it('can save the 6 types spelled out when events is omitted (omittedEvents: "all", inferred)', async () => {
		harness.sim.options.omittedEvents = 'all';
		const response = await configure({ enabled: true, url: URL_A });
		expect(response.data.webhook.events).toEqual([...EVENT_TYPES]);
	});

	describe('soft-disable', () => {
		it('keeps the row and clears url, authorization, events and mediaBase64', async () => {
			await enable('crm', { authorization: 'Bearer x', events: ['group.flow'], mediaBase64: true });
			const response = await configure({ label: 'crm', enabled: false });
			expect(response.status).toBe(200);
			expect(response.data).toEqual({
				success: true,
				message: 'Webhook disabled successfully',
				webhook: { label: 'crm', enabled: false, url: '', authorization: '', byEvents: false, events: [], mediaBase64: false },
			});
			expect(await list()).toEqual([response.data.webhook]);
		});

		it('clears them even when they are sent along', async () => {
			const response = await configure({ label: 'crm', enabled: false, url: URL_A, authorization: 'Bearer x', events: ['call.update'], mediaBase64: true });
			expect(response.data.webhook).toMatchObject({ url: '', authorization: '', events: [], mediaBase64: false });
		});

		it('disables when enabled is omitted (inferred: the docs\' minimum body needs enabled: true)', async () => {
			await enable('default');
			const response = await configure({ url: URL_A });
			expect(response.data.webhook).toMatchObject({ label: 'default', enabled: false, url: '' });
		});
	});

	describe('at most 3 enabled webhooks per instance', () => {
		beforeEach(async () => {
			for (const label of ['a', 'b', 'c']) expect((await enable(label)).status).toBe(200);
		});

		it('refuses a 4th enabled one with 400 (inferred) and saves nothing', async () => {
			const response = await enable('d');
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe(LIMIT_MESSAGE);
			expect((await list()).map((webhook: { label: string }) => webhook.label)).toEqual(['a', 'b', 'c']);
		});

		it('can refuse it with 409 instead (webhookLimitStatus)', async () => {
			harness.sim.options.webhookLimitStatus = 409;
			const response = await enable('d');
			expect(response.status).toBe(409);
			expect(errorOf(response)).toBe(LIMIT_MESSAGE);
		});

		it('still updates one of the three', async () => {
			expect((await enable('b', { events: ['call.update'] })).status).toBe(200);
		});

		it('accepts a disabled 4th row, and a new enabled one once another is disabled', async () => {
			expect((await configure({ label: 'd', enabled: false })).status).toBe(200);
			expect((await enable('d')).status).toBe(400);
			expect((await configure({ label: 'a', enabled: false })).status).toBe(200);
			expect((await enable('d')).status).toBe(200);
			expect((await enable('a')).status).toBe(400);
		});

		it('counts per instance', async () => {
			const response = await configure({ enabled: true, url: URL_A }, salesTeam.name, salesTeam.token);
			expect(response.status).toBe(200);
		});
	});

	it('lets a disconnected instance configure webhooks (inferred)', async () => {
		const response = await configure({ enabled: true, url: URL_A }, offline.name);
		expect(response.status).toBe(200);
	});

	describe('request errors', () => {
		it.each([
			['a missing url', { enabled: true }, 'url is required when enabled is true'],
			['a blank url', { enabled: true, url: '  ' }, 'url is required when enabled is true'],
			['a url that is not a URL', { enabled: true, url: 'meuapp.com/webhook' }, 'url must be an http or https URL, got "meuapp.com/webhook"'],
			['a url of another scheme', { enabled: true, url: 'ftp://meuapp.com/webhook' }, 'url must be an http or https URL, got "ftp://meuapp.com/webhook"'],
			[
				'an unknown event',
				{ enabled: true, url: URL_A, events: ['message.exchange', 'group.update'] },
				'invalid event "group.update": valid events are message.exchange, message.status, call.update, group.flow, instance.state, label.update',
			],
			['enabled that is not a boolean', { enabled: 'true', url: URL_A }, 'invalid request body: enabled must be a boolean'],
			['events that is not a list', { enabled: true, url: URL_A, events: 'group.flow' }, 'invalid request body: events must be an array of strings'],
			['authorization that is not a string', { enabled: true, url: URL_A, authorization: { token: 'x' } }, 'invalid request body: authorization must be a string'],
			['a body that is not an object', [URL_A], 'invalid request body: expected a JSON object'],
		])('answers 400 for %s and saves nothing', async (_case, body, message) => {
			const response = await configure(body);
			expect(response.status).toBe(400);
			expect(errorOf(response)).toBe(message);
			expect(harness.sim.world.webhooks).toEqual([]);
		});
	});
});

describe('GET /api/events/getWebhook/:instance', () => {
	it('answers an empty list when there is none', async () => {
		const response = await harness.api().get(path.getWebhook(MAIN));
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ success: true, message: '0 webhook(s) found', webhooks: [] });
	});

	it('lists every webhook of the instance, disabled ones too, sorted by label', async () => {
		await enable('zeta');
		await enable('Alpha');
		await configure({ label: 'beta', enabled: false });
		await configure({ enabled: true, url: URL_A }, salesTeam.name);
		const response = await harness.api().get(path.getWebhook(MAIN));
		expect(response.data.message).toBe('3 webhook(s) found');
		expect(response.data.webhooks.map((webhook: { label: string; enabled: boolean }) => [webhook.label, webhook.enabled])).toEqual([
			['Alpha', true],
			['beta', false],
			['zeta', true],
		]);
	});

	it('answers one webhook by ?label=, in the same shape as the POST', async () => {
		const saved = (await enable('crm', { events: ['group.flow'] })).data.webhook;
		const response = await harness.api().get(path.getWebhook(MAIN, 'crm'));
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ success: true, message: 'Webhook found', webhook: saved });
	});

	it('reads an empty ?label= as "default" (docs)', async () => {
		await configure({ enabled: true, url: URL_A });
		const response = await harness.api().get(path.getWebhook(MAIN, ''));
		expect(response.data.webhook).toMatchObject({ label: 'default', url: URL_A });
	});

	it('answers 404 for an unknown label', async () => {
		await enable('crm');
		const response = await harness.api().get(path.getWebhook(MAIN, 'other'));
		expect(response.status).toBe(404);
		expect(errorOf(response)).toBe('Webhook not found');
	});
});

describe('auth, ownership and rate limit on the webhook routes', () => {
	const requests = [
		['POST webhook', (token: string | null, instance: string) => configure({ enabled: true, url: URL_A }, instance, token)],
		['GET getWebhook', (token: string | null, instance: string) => harness.api(token).get(path.getWebhook(instance))],
	] as const;

	it.each(requests)('%s works with the instance token of its own instance', async (_route, send) => {
		const response = await send(main.token, MAIN);
		expect(response.status).toBe(200);
		expect(response.headers['x-ratelimit-limit']).toBe('100');
	});

	it.each(requests)('%s answers 401 without a token', async (_route, send) => {
		const response = await send(null, MAIN);
		expect(response.status).toBe(401);
		expect(errorOf(response)).toBe('Missing token in header');
	});

	it.each(requests)('%s answers 403 for another instance', async (_route, send) => {
		const response = await send(salesTeam.token, MAIN);
		expect(response.status).toBe(403);
		expect(errorOf(response)).toBe('Token does not have access to this instance');
	});

	it.each(requests)('%s answers 404 for an unknown instance', async (_route, send) => {
		const response = await send(DEMO.accountToken, 'ghost');
		expect(response.status).toBe(404);
		expect(errorOf(response)).toBe('Instance not found');
	});

	it.each(requests)('%s answers 429 over the limit', async (_route, send) => {
		harness.sim.options.rateLimit = { limit: 1, windowMs: 60_000 };
		await send(DEMO.accountToken, MAIN);
		const response = await send(DEMO.accountToken, MAIN);
		expect(response.status).toBe(429);
		expect(errorOf(response)).toBe('Rate limit exceeded. Try again later.');
	});

	it('answers 404 Route not found for the wrong method', async () => {
		const response = await harness.api().get(path.webhook(MAIN));
		expect(response.status).toBe(404);
		expect(errorOf(response)).toBe('Route not found');
	});
});

describe('reset()', () => {
	it('drops configured webhooks and restores the seed\'s', async () => {
		await enable('crm');
		harness.sim.reset();
		expect(await list()).toEqual([]);
	});

	it('restores seeded webhooks as they were', async () => {
		const seeded = { instance: MAIN, label: 'seeded', enabled: true, url: URL_A, authorization: '', byEvents: false, events: [], mediaBase64: false };
		const { sim } = harness;
		sim.options.seed = { ...demoSeed(), webhooks: [seeded] }; // the harness restores the file's options before each test
		sim.reset();
		await configure({ label: 'seeded', enabled: false });
		sim.reset();
		expect(sim.world.webhooksOf(MAIN)).toEqual([seeded]);
	});
});
