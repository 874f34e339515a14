import { createServer } from 'node:net';

import { DEMO } from '../../../../simulator';
import { runRyzeApi, type RunOptions, type RunResult } from '../../../support/engine';
import { useSimulator } from '../../../support/simulator';
import { expectNoToken as expectTokenKeptOut, linkInWorld, operationRunner } from '../../../support/community';

const harness = useSimulator();
const { freeGroups, communityJid } = DEMO;
const mainToken = DEMO.instances.main.token;

function linkGroups(options: Partial<RunOptions> & { instance?: string; token?: string; baseUrl?: string } = {}) {
	const { instance = 'main', token = mainToken, baseUrl = harness.sim.url, parameters, ...rest } = options;
	return runRyzeApi({
		credentials: { token, baseUrl },
		...rest,
		parameters: {
			resource: 'community',
			operation: 'linkGroups',
			instance: { __rl: true, mode: 'name', value: instance },
			communityJid,
			groupJids: freeGroups[0],
			...parameters,
		},
	});
}

const expectNoToken = (result: RunResult, token: string) => expectTokenKeptOut(harness, result, token);

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('RyzeAPI errors become errors that say what to do', () => {
	it('400 not connected: asks to reconnect the instance', async () => {
		const result = await linkGroups({ instance: 'offline', token: DEMO.accountToken });

		expect(result.error?.message).toBe('Instance is not connected to WhatsApp');
		expect(result.error?.description).toMatch(/Instance "offline" is not connected.*QR code/);
		expect(result.error).toMatchObject({ httpCode: '400' });
		expectNoToken(result, DEMO.accountToken);
	});

	it('401: says the token is invalid or of the wrong kind', async () => {
		const result = await linkGroups({ token: 'ryze-wrong-token-123' });

		expect(result.error?.message).toBe('Invalid token');
		expect(result.error?.description).toMatch(/token .* is invalid, revoked, or of the wrong kind/);
		expectNoToken(result, 'ryze-wrong-token-123');
	});

	it("403: says the token does not own the instance", async () => {
		const result = await linkGroups({ token: DEMO.instances.salesTeam.token });

		expect(result.error).toMatchObject({ httpCode: '403' });
		expect(result.error?.description).toMatch(/does not own instance "main"/);
		expectNoToken(result, DEMO.instances.salesTeam.token);
	});

	it('404: says the instance does not exist', async () => {
		const result = await linkGroups({ instance: 'ghost', token: DEMO.accountToken });

		expect(result.error?.message).toBe('Instance not found');
		expect(result.error?.description).toMatch(/no instance "ghost"/);
	});

	it("500 with RyzeAPI's envelope: keeps RyzeAPI's message", async () => {
		harness.sim.injectFault({
			kind: 'status',
			status: 500,
			body: { success: false, error: { message: 'error parse community jid: unexpected number of dots' } },
		});

		const result = await linkGroups();

		expect(result.error?.message).toBe('error parse community jid: unexpected number of dots');
		expect(result.error?.description).toMatch(/HTTP 500.*Try again/);
	});

	it('200 with a JSON list: says it is a list, not an object', async () => {
		harness.sim.injectFault({ kind: 'custom200', body: [{ linked: [freeGroups[0]] }] });

		const result = await linkGroups();

		expect(result.error?.message).toBe('RyzeAPI answered HTTP 200 with a JSON list where a JSON object was expected');
		expect(result.error?.description).toContain('[{"linked":["120363400000000011@g.us"]}]');
	});

	it('a refused connection: says RyzeAPI could not be reached, and where', async () => {
		const baseUrl = `http://127.0.0.1:${await closedPort()}`;

		const result = await linkGroups({ baseUrl });

		expect(result.error?.message).toBe('Could not connect to RyzeAPI: the connection was refused');
		expect(result.error?.description).toContain(baseUrl);
		expectNoToken(result, mainToken);
	});

	it.each([
		['linkGroups', { groupJids: freeGroups[0] }, /some or all may be linked already\. Check with List Subgroups, or run Link Groups again with Verify on/],
		['unlinkGroups', { groupJids: freeGroups[0] }, /some or all may be unlinked already\. Check with List Subgroups/],
		['create', { name: 'Neighbours' }, /The community may have been created anyway.*or you will make a second community/],
	])('a timeout in %s: says the work may still be happening, how to check, and the timeout to set', async (operation, parameters, advice) => {
		linkInWorld(harness, communityJid, [freeGroups[0]]);
		harness.sim.injectFault({ kind: 'delay', ms: 1500 });

		const { error } = await operationRunner(harness, operation, { communityJid, ...parameters, requestOptions: { timeout: 300 } })();

		expect(error?.message).toBe('RyzeAPI did not answer within the timeout (300 ms)');
		expect(error?.description).toMatch(advice);
		expect(error?.description).toContain('Settings → Request Options → Timeout to at least 1 s per group plus 30 s');
	});

	it('under Continue On Fail, a failed item becomes one paired error item and the others go on', async () => {
		const result = await linkGroups({
			token: DEMO.accountToken,
			continueOnFail: true,
			parameters: {
				instance: { __rl: true, mode: 'name', value: '={{ $json.instance }}' },
				groupJids: '={{ $json.groups }}',
			},
			items: [
				{ instance: 'main', groups: `${freeGroups[0]}, ${freeGroups[1]}` },
				{ instance: 'offline', groups: freeGroups[2] },
				{ instance: 'main', groups: freeGroups[3] },
			],
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.status ?? item.json.error, item.pairedItem])).toEqual([
			['linked', { item: 0 }],
			['linked', { item: 0 }],
			['Instance is not connected to WhatsApp', { item: 1 }],
			['linked', { item: 2 }],
		]);
		expectNoToken(result, DEMO.accountToken);
	});
});
