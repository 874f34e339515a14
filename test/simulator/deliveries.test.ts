import { DEMO, type SimWebhook, startSimulator } from '../../simulator';
import { client, MAIN, path, useSimulator } from '../support/simulator';
import { type Receiver, refusingUrl, startReceiver } from './receiver';

const harness = useSimulator({ deliveryBackoffMs: 0 });
const { main, salesTeam } = DEMO.instances;
const GROUP_FLOW = { action: 'joined', groupJid: DEMO.communityJid, participants: ['5511999999999@s.whatsapp.net'] };

let receiver: Receiver;
beforeEach(async () => {
	receiver = await startReceiver();
});
afterEach(async () => {
	await receiver.close();
});

/** Configures a webhook through the API, as a client would; `url` defaults to the receiver's. */
async function configure(body: Partial<Omit<SimWebhook, 'instance'>>, instance = MAIN): Promise<void> {
	const response = await harness.api().post(path.webhook(instance), { enabled: true, url: receiver.url, ...body });
	expect(response.status).toBe(200);
}

describe('sim.emitEvent()', () => {
	it('POSTs the envelope, with the instance token in instanceData as RyzeAPI sends it, and no Authorization', async () => {
		await configure({});
		const deliveries = await harness.sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW);

		const envelope = { event: 'group.flow', data: GROUP_FLOW, instanceData: { baseUrl: harness.sim.url, instance: MAIN, token: main.token } };
		expect(receiver.received).toHaveLength(1);
		expect(receiver.received[0].url).toBe('/');
		expect(receiver.received[0].body).toEqual(envelope);
		expect(receiver.received[0].headers['content-type']).toBe('application/json');
		expect(receiver.received[0].headers).not.toHaveProperty('authorization');
		expect(receiver.received[0].headers).not.toHaveProperty('token');
		expect(deliveries).toEqual([
			{
				label: 'default',
				url: receiver.url,
				attempt: 1,
				headers: { 'content-type': 'application/json', 'content-length': expect.any(String) },
				body: envelope,
				status: 200,
				responseBody: 'answered 200',
			},
		]);
		expect(harness.sim.deliveries).toEqual(deliveries);
	});

	it('sends the webhook\'s authorization as the Authorization header', async () => {
		await configure({ authorization: 'Bearer svc-token-xyz' });
		const [delivery] = await harness.sim.emitEvent(MAIN, 'message.exchange', {});
		expect(receiver.received[0].headers.authorization).toBe('Bearer svc-token-xyz');
		expect(delivery.headers.authorization).toBe('Bearer svc-token-xyz');
	});

	it('names the instance and its own token for another instance (URL-unsafe name included)', async () => {
		await configure({}, salesTeam.name);
		await harness.sim.emitEvent(salesTeam.name, 'instance.state', { state: 'connected' });
		expect(receiver.received[0].body).toMatchObject({ instanceData: { instance: 'sales team', token: salesTeam.token } });
	});

	it('defaults data to {}', async () => {
		await configure({});
		await harness.sim.emitEvent(MAIN, 'label.update');
		expect(receiver.received[0].body).toMatchObject({ data: {} });
	});

	describe('which webhooks get it', () => {
		it('only those whose events include it; empty events means all', async () => {
			await configure({ label: 'statuses', events: ['message.status'], byEvents: true });
			await configure({ label: 'groups', events: ['group.flow', 'call.update'], byEvents: true });
			await configure({ label: 'everything', byEvents: true });

			const deliveries = await harness.sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW);

			expect(deliveries.map((delivery) => delivery.label).sort()).toEqual(['everything', 'groups']);
			expect(receiver.received).toHaveLength(2);
		});

		it('not disabled ones, nor other instances\' ones', async () => {
			await configure({ label: 'off' });
			await harness.api().post(path.webhook(MAIN), { label: 'off', enabled: false });
			await configure({}, salesTeam.name);

			expect(await harness.sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW)).toEqual([]);
			expect(receiver.received).toEqual([]);
			expect(harness.sim.deliveries).toEqual([]);
		});

		it('each enabled one once', async () => {
			const other = await startReceiver();
			try {
				await configure({ label: 'a' });
				await configure({ label: 'b', url: other.url });
				const deliveries = await harness.sim.emitEvent(MAIN, 'call.update', { status: 'offer' });
				expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200]);
				expect([receiver.received.length, other.received.length]).toEqual([1, 1]);
			} finally {
				await other.close();
			}
		});
	});

	it('appends /<event> to the URL with byEvents', async () => {
		await configure({ url: `${receiver.url}/wh`, byEvents: true });
		const [delivery] = await harness.sim.emitEvent(MAIN, 'message.exchange', {});
		expect(receiver.received[0].url).toBe('/wh/message.exchange');
		expect(delivery.url).toBe(`${receiver.url}/wh/message.exchange`);
	});

	describe('retries', () => {
		it('retries a non-2xx answer until one succeeds, recording every attempt', async () => {
			await configure({});
			receiver.script(500, 503);
			const [delivery] = await harness.sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW);
			expect(delivery).toMatchObject({ attempt: 3, status: 200 });
			expect(harness.sim.deliveries.map(({ attempt, status }) => [attempt, status])).toEqual([
				[1, 500],
				[2, 503],
				[3, 200],
			]);
			expect(receiver.received.map((request) => request.body)).toEqual(Array(3).fill(delivery.body));
		});

		it('gives up after deliveryRetries retries, resolving with the last failure', async () => {
			await configure({});
			receiver.script(500, 500, 500, 500);
			const [delivery] = await harness.sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW);
			expect(delivery).toMatchObject({ attempt: 3, status: 500, responseBody: 'answered 500' });
			expect(receiver.received).toHaveLength(3);
		});

		it('does not retry with deliveryRetries: 0', async () => {
			harness.sim.options.deliveryRetries = 0;
			await configure({});
			receiver.script(404);
			await harness.sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW);
			expect(harness.sim.deliveries.map((delivery) => delivery.status)).toEqual([404]);
		});

		it('waits deliveryBackoffMs, then twice as long', async () => {
			harness.sim.options.deliveryBackoffMs = 60;
			await configure({});
			receiver.script(500, 500);
			const started = Date.now();
			await harness.sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW);
			expect(Date.now() - started).toBeGreaterThanOrEqual(180);
		});

		it('retries a refused connection (status 0 with the error)', async () => {
			await configure({ url: await refusingUrl() });
			const [delivery] = await harness.sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW);
			expect(delivery).toMatchObject({ attempt: 3, status: 0, error: expect.stringContaining('ECONNREFUSED') });
		});

		it('fails an attempt left unanswered for deliveryTimeoutMs', async () => {
			harness.sim.options.deliveryTimeoutMs = 100;
			harness.sim.options.deliveryRetries = 1;
			await configure({});
			receiver.script('hang');
			const [delivery] = await harness.sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW);
			expect(harness.sim.deliveries.map(({ status, error }) => [status, error])).toEqual([
				[0, 'no answer within 100 ms'],
				[200, undefined],
			]);
			expect(delivery.status).toBe(200);
		});
	});

	it('never sends off the machine: a non-loopback URL gets one recorded attempt and no request', async () => {
		await configure({ url: 'https://meuapp.com/webhook' });
		const [delivery] = await harness.sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW);
		expect(delivery).toMatchObject({ attempt: 1, status: 0, error: expect.stringMatching(/^not delivered: the simulator only delivers to/) });
		expect(harness.sim.deliveries).toHaveLength(1);
	});

	it.each([
		['an unknown instance', 'ghost', 'group.flow', 'emitEvent: unknown instance "ghost"'],
		['an unknown event', MAIN, 'group.update', 'emitEvent: "group.update" is not one of message.exchange'],
	])('rejects %s', async (_case, instance, event, message) => {
		await expect(harness.sim.emitEvent(instance, event)).rejects.toThrow(message);
	});

	it('reset() clears the deliveries (same array)', async () => {
		await configure({});
		await harness.sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW);
		const { deliveries } = harness.sim;
		harness.sim.reset();
		expect(harness.sim.deliveries).toBe(deliveries);
		expect(deliveries).toEqual([]);
	});
});

describe('close()', () => {
	it('aborts a delivery in progress promptly', async () => {
		const sim = await startSimulator();
		await client(sim.url, DEMO.accountToken).post(path.webhook(MAIN), { enabled: true, url: receiver.url });
		receiver.script('hang');
		const pending = sim.emitEvent(MAIN, 'group.flow', GROUP_FLOW);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const started = Date.now();
		await sim.close();
		await expect(pending).rejects.toThrow();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(sim.deliveries).toEqual([expect.objectContaining({ attempt: 1, status: 0, error: expect.stringContaining('aborted') })]);
	});
});
