/**
 * Deliveries to the trigger's webhook: RyzeAPI's own (the simulator delivering what it registered, over real HTTP)
 * start the workflow with one item and never the instance token; anything without the secret or RyzeAPI's
 * envelope starts nothing.
 */
import { DEMO } from '../../../simulator';
import { useSimulator } from '../../support/simulator';
import { postDelivery, startTrigger, type RunningTrigger } from '../../support/trigger';

const harness = useSimulator({ deliveryRetries: 0 });
const MAIN = DEMO.instances.main;
let running: RunningTrigger;

beforeEach(async () => {
	running = await startTrigger({
		credentials: { token: MAIN.token, baseUrl: harness.sim.url },
		parameters: { instance: { __rl: true, mode: 'list', value: 'main' }, events: ['group.flow', 'instance.state'] },
	});
	await running.activate();
});

afterEach(async () => {
	await running.close();
});

const groupJoined = { action: 'joined', jid: DEMO.freeGroups[0], participants: ['5511900000009@s.whatsapp.net'] };
const envelope = (event = 'group.flow') => ({ event, data: groupJoined, instanceData: { baseUrl: harness.sim.url, instance: 'main', token: MAIN.token } });
const secret = () => `Bearer ${(running.staticData().registrations as { production: { secret: string } }).production.secret}`;

describe('RyzeAPI Trigger: a delivery', () => {
	it("from RyzeAPI starts the workflow with one item {event, instance, data, receivedAt}, without the instance's token", async () => {
		const before = Date.now();

		const [delivery] = await harness.sim.emitEvent('main', 'group.flow', groupJoined);

		expect(delivery.status).toBe(200);
		expect(delivery.body).toMatchObject({ instanceData: { token: MAIN.token } });
		expect(running.started).toEqual([[{ event: 'group.flow', instance: 'main', data: groupJoined, receivedAt: expect.any(String) }]]);
		expect(Date.parse(String(running.started[0][0].receivedAt))).toBeGreaterThanOrEqual(before - 1000);
		expect(JSON.stringify(running.started)).not.toContain(MAIN.token);
	});

	it('of each selected event starts one execution; RyzeAPI sends no other event', async () => {
		await harness.sim.emitEvent('main', 'instance.state', { state: 'connected' });
		await harness.sim.emitEvent('main', 'message.exchange', { text: 'hi' });
		await harness.sim.emitEvent('main', 'group.flow', groupJoined);

		expect(running.started.map(([item]) => item.event)).toEqual(['instance.state', 'group.flow']);
	});

	it.each([
		['without an Authorization header', () => ({})],
		['with a wrong secret', () => ({ Authorization: 'Bearer not-the-secret' })],
		['with the secret but not as a Bearer token', () => ({ Authorization: secret().replace('Bearer ', '') })],
		['with the secret and a character more', () => ({ Authorization: `${secret()}x` })],
		["with RyzeAPI's own token instead", () => ({ Authorization: `Bearer ${MAIN.token}`, token: MAIN.token })],
	])('%s is refused with HTTP 401 and starts nothing', async (_case, headers) => {
		const answer = await postDelivery(running.webhookUrl, envelope(), headers());

		expect(answer).toEqual({ status: 401, body: { error: 'Unauthorized: this webhook accepts deliveries from RyzeAPI only.' } });
		expect(running.started).toEqual([]);
	});

	it.each([
		['a body that is not the envelope', { hello: 'world' }],
		['an envelope without instanceData', { event: 'group.flow', data: {} }],
		['an envelope whose data is not an object', { event: 'group.flow', data: 'x', instanceData: { instance: 'main' } }],
		['an empty body', undefined],
	])('with the secret but %s is refused with HTTP 400 and starts nothing', async (_case, body) => {
		const answer = await postDelivery(running.webhookUrl, body, { Authorization: secret() });

		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ error: expect.stringContaining("RyzeAPI's event envelope") });
		expect(running.started).toEqual([]);
	});

	it('of an event not selected (should RyzeAPI send one) is answered 200 and starts nothing', async () => {
		const answer = await postDelivery(running.webhookUrl, envelope('call.update'), { Authorization: secret() });

		expect(answer).toEqual({ status: 200, body: { ignored: 'event call.update is not selected in this trigger' } });
		expect(running.started).toEqual([]);
	});

	it('while listening for a test event, reaches the test URL with its own secret; the active one still works', async () => {
		await running.activate('test');

		const deliveries = await harness.sim.emitEvent('main', 'group.flow', groupJoined);

		expect(deliveries.map((delivery) => [delivery.url, delivery.status]).sort()).toEqual([
			[running.testWebhookUrl, 200],
			[running.webhookUrl, 200],
		].sort());
		expect(running.started).toHaveLength(2);
		expect((await postDelivery(running.testWebhookUrl, envelope(), { Authorization: secret() })).status).toBe(401);
	});

	it('after deactivation reaches nothing: RyzeAPI no longer delivers, and a replay with the old secret is refused', async () => {
		const oldSecret = secret();
		await running.deactivate();

		expect(await harness.sim.emitEvent('main', 'group.flow', groupJoined)).toEqual([]);
		expect((await postDelivery(running.webhookUrl, envelope(), { Authorization: oldSecret })).status).toBe(401);
		expect(running.started).toEqual([]);
	});
});

describe('RyzeAPI Trigger: Answer RyzeAPI', () => {
	it("When the Execution Starts (the default) leaves the answer to n8n: the node returns the item and answers nothing", async () => {
		const delivery = await postDelivery(running.webhookUrl, envelope(), { Authorization: secret() });

		// The harness answers as n8n does once the execution has started.
		expect(delivery).toEqual({ status: 200, body: { message: 'Workflow was started' } });
		expect(running.started).toHaveLength(1);
	});

	it('At Once answers the delivery itself, before n8n queues the execution, and still starts the workflow', async () => {
		await running.close();
		running = await startTrigger({
			credentials: { token: MAIN.token, baseUrl: harness.sim.url },
			parameters: { instance: { __rl: true, mode: 'list', value: 'main' }, events: ['group.flow'], options: { answerDeliveries: 'atOnce' } },
		});
		await running.activate();

		const [delivery] = await harness.sim.emitEvent('main', 'group.flow', groupJoined);

		expect([delivery.status, delivery.responseBody]).toEqual([200, '{"received":true}']);
		expect(running.started).toEqual([[{ event: 'group.flow', instance: 'main', data: groupJoined, receivedAt: expect.any(String) }]]);
	});
});
