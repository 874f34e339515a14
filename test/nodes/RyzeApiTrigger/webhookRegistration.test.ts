/**
 * The trigger's webhook lifecycle, as n8n runs it on activation and deactivation, against the simulator's events
 * routes over real HTTP: one label per workflow and node, a fresh secret, clear activation errors.
 */
import type { INodeParameters } from 'n8n-workflow';

import { DEMO } from '../../../simulator';
import { requestsTo } from '../../support/community';
import { useSimulator } from '../../support/simulator';
import { startTrigger, type RunningTrigger } from '../../support/trigger';

const harness = useSimulator();
const MAIN = DEMO.instances.main;
const LABEL = 'n8n-wfTrigger0000001-7f3e9a2c';
let triggers: RunningTrigger[] = [];

async function trigger(parameters: INodeParameters = {}, token: string = MAIN.token, workflowId?: string) {
	const running = await startTrigger({
		credentials: { token, baseUrl: harness.sim.url },
		parameters: { instance: { __rl: true, mode: 'list', value: 'main' }, ...parameters },
		workflowId,
	});
	triggers.push(running);
	return running;
}

afterEach(async () => {
	await Promise.all(triggers.map((running) => running.close()));
	triggers = [];
});

const webhooksOfMain = () => harness.sim.world.webhooksOf('main');
/** The secret the node keeps for its active webhook (a test event's has its own). */
const secretOf = (running: RunningTrigger, kind: 'production' | 'test' = 'production') =>
	(running.staticData().registrations as Record<string, { secret?: string }> | undefined)?.[kind]?.secret;
const configRequests = () => requestsTo(harness, '/api/events/webhook/');

describe('RyzeAPI Trigger: registering its webhook', () => {
	it('on activation, registers a webhook under a label of its own, for the selected events, with a fresh secret', async () => {
		const running = await trigger();

		expect(await running.activate()).toBe(true);

		const [webhook] = webhooksOfMain();
		const secret = secretOf(running);
		expect(webhook).toMatchObject({ label: LABEL, enabled: true, url: running.webhookUrl, events: ['group.flow'], byEvents: false, mediaBase64: false });
		expect(secret).toEqual(expect.stringMatching(/^[A-Za-z0-9]{40}$/));
		expect(webhook.authorization).toBe(`Bearer ${secret}`);
		expect(configRequests().map((request) => [request.method, request.path, request.headers.token])).toEqual([['POST', '/api/events/webhook/main', MAIN.token]]);
		expect(harness.sim.requests.map((request) => request.url).join(' ')).not.toContain(String(secret));
	});

	it('on a second activation, finds its webhook as it should be and registers nothing', async () => {
		const running = await trigger();
		await running.activate();

		expect(await running.activate()).toBe(false);
		expect(configRequests()).toHaveLength(1);
	});

	it('registers again, with a new secret, when the webhook was disabled elsewhere', async () => {
		const running = await trigger();
		await running.activate();
		const firstSecret = secretOf(running);
		webhooksOfMain()[0].enabled = false;

		expect(await running.activate()).toBe(true);
		expect(secretOf(running)).not.toBe(firstSecret);
		expect(webhooksOfMain()[0].authorization).toBe(`Bearer ${secretOf(running)}`);
	});

	it('registers again when another n8n took the label (its secret is not ours)', async () => {
		const running = await trigger();
		await running.activate();
		webhooksOfMain()[0].authorization = 'Bearer someone-else';

		expect(await running.activate()).toBe(true);
	});

	it('gives two workflows two labels, so neither takes the other\'s webhook', async () => {
		await (await trigger({}, MAIN.token, 'wfFirst000000001')).activate();
		await (await trigger({}, MAIN.token, 'wfSecond00000001')).activate();

		expect(webhooksOfMain().map((webhook) => [webhook.label, webhook.enabled])).toEqual([
			['n8n-wfFirst000000001-7f3e9a2c', true],
			['n8n-wfSecond00000001-7f3e9a2c', true],
		]);
	});

	it('uses the Label option, the chosen events and Include Media as Base64', async () => {
		const running = await trigger({ events: ['message.exchange', 'group.flow'], options: { label: 'crm-sync', mediaBase64: true } });

		await running.activate();

		expect(webhooksOfMain()[0]).toMatchObject({ label: 'crm-sync', events: ['group.flow', 'message.exchange'], mediaBase64: true });
	});

	it('listening for a test event uses the label plus -test and a secret of its own, leaving the active workflow\'s webhook alone', async () => {
		const running = await trigger();
		await running.activate();
		const activeSecret = secretOf(running);

		await running.activate('test');
		const testSecret = secretOf(running, 'test');
		await running.deactivate('test');

		expect(webhooksOfMain().map((webhook) => [webhook.label, webhook.enabled, webhook.url === running.webhookUrl])).toEqual([
			[LABEL, true, true],
			[`${LABEL}-test`, false, false],
		]);
		expect(testSecret).toEqual(expect.stringMatching(/^[A-Za-z0-9]{40}$/));
		expect(testSecret).not.toBe(activeSecret);
		expect(secretOf(running)).toBe(activeSecret);
		expect(secretOf(running, 'test')).toBeUndefined();
		expect(webhooksOfMain()[0].authorization).toBe(`Bearer ${activeSecret}`);
	});

	it('on deactivation, disables its label at RyzeAPI and forgets the secret', async () => {
		const running = await trigger();
		await running.activate();

		expect(await running.deactivate()).toBe(true);

		expect(webhooksOfMain()[0]).toMatchObject({ label: LABEL, enabled: false, url: '', authorization: '', events: [] });
		expect(running.staticData()).toEqual({ registrations: {} });
	});

	describe('activation errors say what to do', () => {
		it('the 3 enabled webhooks of the instance are in use: names them by label', async () => {
			for (const label of ['crm', 'analytics', 'backup']) {
				harness.sim.world.saveWebhook({ instance: 'main', label, enabled: true, url: 'http://127.0.0.1:9/x', authorization: '', byEvents: false, events: [], mediaBase64: false });
			}
			const running = await trigger();

			const error = await running.activate().catch((caught: Error & { description?: string }) => caught);

			expect((error as Error).message).toBe('Instance "main" already has 3 enabled webhooks ("analytics", "backup", "crm"); RyzeAPI allows 3 per instance');
			expect((error as { description?: string }).description).toMatch(/^Free one: deactivate the n8n workflow that registered it .* or disable it in the RyzeAPI dashboard/);
		});

		// RyzeAPI documents neither the status nor the wording of this refusal: the instance's list of webhooks decides.
		it.each([
			[400, 'maximum number of webhooks reached'],
			[409, 'conflict'],
			[400, 'webhooks: too many enabled'],
		])('the 3 enabled webhooks in use, refused with %i "%s": names them by label', async (status, message) => {
			for (const label of ['crm', 'analytics', 'backup']) {
				harness.sim.world.saveWebhook({ instance: 'main', label, enabled: true, url: 'http://127.0.0.1:9/x', authorization: '', byEvents: false, events: [], mediaBase64: false });
			}
			harness.sim.injectFault({ kind: 'status', status, path: '/api/events/webhook/', body: JSON.stringify({ success: false, error: { message } }), contentType: 'application/json' });
			const running = await trigger();

			const error = (await running.activate().catch((caught: unknown) => caught)) as Error;

			expect(error.message).toBe('Instance "main" already has 3 enabled webhooks ("analytics", "backup", "crm"); RyzeAPI allows 3 per instance');
		});

		it.each([
			[400, 'invalid url', /refused to register the trigger's webhook.*Events.*Label.*WEBHOOK_URL/],
			[400, 'maximum number of webhooks reached', /refused to register the trigger's webhook/],
			[409, 'duplicate webhook', /conflict with one it already has/],
		])('any other %i "%s" gets advice about the webhook, not about JIDs', async (status, message, advice) => {
			harness.sim.injectFault({ kind: 'status', status, path: '/api/events/webhook/', body: JSON.stringify({ success: false, error: { message } }), contentType: 'application/json' });
			const running = await trigger();

			const error = (await running.activate().catch((caught: unknown) => caught)) as { message: string; description: string };

			expect(error.message).toBe(message);
			expect(error.description).toMatch(advice);
			expect(error.description).not.toMatch(/JID/);
		});

		it.each([
			['a token that does not own the instance', DEMO.instances.salesTeam.token, {}, /does not own instance "main"/],
			['an unknown instance', DEMO.accountToken, { instance: { __rl: true, mode: 'name', value: 'ghost' } }, /no instance "ghost"/],
			['a wrong token', 'ryze-wrong-token', {}, /token .* is invalid, revoked, or of the wrong kind/],
		])('%s', async (_case, token, parameters, description) => {
			const running = await trigger(parameters, token);

			const error = (await running.activate().catch((caught: unknown) => caught)) as { message: string; description: string };

			expect(error.description).toMatch(description);
			expect(`${error.message} ${error.description}`).not.toContain(token);
		});

		it('the rate limit: says when it resets and to try again', async () => {
			harness.sim.injectFault({ kind: 'rateLimited', resetInSeconds: 30 });
			const running = await trigger();

			const error = (await running.activate().catch((caught: unknown) => caught)) as { message: string; description: string };

			expect(error.message).toBe('Rate limit exceeded. Try again later.');
			expect(error.description).toMatch(/resets at .*RyzeAPI allows 100 requests per minute per token.*Try again once it resets\./);
		});

		it('no instance chosen: refused before any request', async () => {
			const running = await trigger({ instance: { __rl: true, mode: 'name', value: ' ' } });

			const error = (await running.activate().catch((caught: unknown) => caught)) as Error;

			expect(error.message).toBe('Instance: no instance is set');
			expect(harness.sim.requests).toEqual([]);
		});
	});
});
