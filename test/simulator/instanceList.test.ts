import { DEMO } from '../../simulator';
import { errorOf, useSimulator } from '../support/simulator';

const harness = useSimulator();
const names = (data: { instances: { name: string }[] }): string[] => data.instances.map((instance) => instance.name);

describe('GET /api/instance/list', () => {
	it('lists every instance of the account for an account token', async () => {
		const response = await harness.api().get('/api/instance/list');
		expect(response.status).toBe(200);
		expect(response.data).toMatchObject({ success: true, message: '4 Instances found' });
		expect(names(response.data)).toEqual(['main', 'sales team', 'offline', 'pairing']);
	});

	it('describes each instance with its name, connection state and profile', async () => {
		const response = await harness.api().get('/api/instance/list');
		expect(response.data.instances[0]).toEqual({
			name: 'main',
			connection: { state: 'connected' },
			profile: { name: 'Demo Main', phone: '5511900000001', jid: '5511900000001@s.whatsapp.net' },
		});
		expect(response.data.instances.map((instance: { connection: { state: string } }) => instance.connection.state)).toEqual([
			'connected',
			'connected',
			'disconnected',
			'connecting',
		]);
	});

	it('returns only the owning instance for an instance token, with a singular message', async () => {
		const response = await harness.api(DEMO.instances.salesTeam.token).get('/api/instance/list');
		expect(response.data.message).toBe('1 Instance found');
		expect(names(response.data)).toEqual(['sales team']);
	});

	it('ignores ?instanceName for an instance token', async () => {
		const response = await harness.api(DEMO.instances.main.token).get('/api/instance/list', { params: { instanceName: 'offline' } });
		expect(names(response.data)).toEqual(['main']);
	});

	it('filters by ?instanceName=a,b for an account token', async () => {
		const response = await harness.api().get('/api/instance/list', { params: { instanceName: 'main,sales team' } });
		expect(response.data.message).toBe('2 Instances found');
		expect(names(response.data)).toEqual(['main', 'sales team']);
	});

	it('answers 404 "Instance not found" for a single unknown name', async () => {
		const response = await harness.api().get('/api/instance/list', { params: { instanceName: 'ghost' } });
		expect(response.status).toBe(404);
		expect(errorOf(response)).toBe('Instance not found');
	});

	it('skips unknown names when others match', async () => {
		const response = await harness.api().get('/api/instance/list', { params: { instanceName: 'ghost,main' } });
		expect(names(response.data)).toEqual(['main']);
	});

	it('reflects changes made to the world', async () => {
		harness.sim.world.instances[0].state = 'loggedout';
		const response = await harness.api().get('/api/instance/list', { params: { instanceName: 'main' } });
		expect(response.data.instances[0].connection.state).toBe('loggedout');
	});
});
