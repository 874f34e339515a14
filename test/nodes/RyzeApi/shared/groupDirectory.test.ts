/**
 * What names cost under RyzeAPI's 100 requests a minute: the number's group list is asked for at most once per
 * execution and instance (items share the request in flight), and executions and the editor's pickers share it for a
 * minute; a name not found asks again only when the list is older than 5 s; a group the node creates, or a list Get
 * Many reads, joins it at no cost. Engine runs against the simulator; the clock is moved by replacing Date.now.
 */
import { DEMO } from '../../../../simulator';
import { locator, mainToken, operationRunner, requestsTo } from '../../../support/community';
import { searchList } from '../../../support/engine';
import { useSimulator } from '../../../support/simulator';

const harness = useSimulator();
const { communityJid, freeGroups } = DEMO;
const version2 = { typeVersion: 2 };
const linkByName = operationRunner(harness, 'linkGroups', { community: locator('list', communityJid), groupSelection: 'name' }, version2);
const createGroup = operationRunner(harness, 'create', {}, { resource: 'group', typeVersion: 2 });
const getManyGroups = operationRunner(harness, 'getMany', { returnAll: true }, { resource: 'group', typeVersion: 2 });

const listRequests = () => requestsTo(harness, '/api/group/list/');
const linkRequests = () => requestsTo(harness, '/api/community/link/');

/** Moves the node's clock (Date.now) by `ms` from now on. */
function later(ms: number): void {
	const now = Date.now();
	jest.spyOn(Date, 'now').mockImplementation(() => now + ms);
}

afterEach(() => {
	jest.restoreAllMocks();
});

describe('The group list behind names and pickers', () => {
	it('is asked for once for twenty items of one execution, which share the request in flight', async () => {
		const names = DEMO.directoryGroups.slice(0, 20).map((group) => ({ name: group.name }));

		const { items } = await linkByName({ groupNames: '={{ $json.name }}' }, { items: names });

		expect(listRequests()).toHaveLength(1);
		expect(linkRequests()).toHaveLength(20);
		expect(items.map((item) => item.json.status)).toEqual(Array(20).fill('linked'));
	});

	it('serves the next executions for a minute, then is asked for again', async () => {
		await linkByName({ groupNames: 'Group 11' });
		await linkByName({ groupNames: 'Group 12' });
		expect(listRequests()).toHaveLength(1);

		later(61_000);
		await linkByName({ groupNames: 'Group 13' });

		expect(listRequests()).toHaveLength(2);
	});

	it('is asked for again for a name not found only when older than 5 s, so a misspelt name in a burst costs one refresh', async () => {
		await linkByName({ groupNames: 'Group 11' });
		const created = '120363400000007998@g.us';
		harness.sim.world.groups.set(created, { jid: created, name: 'Made in WhatsApp', isCommunity: false, isDefaultSubGroup: false, participants: { main: 'admin' } });

		const soon = await linkByName({ groupNames: 'Made in WhatsApp' });
		expect(soon.error?.message).toMatch(/has no group named "Made in WhatsApp"/);
		expect(listRequests()).toHaveLength(1);

		later(6_000);
		const afterRefresh = await linkByName({ groupNames: 'Made in WhatsApp' });
		const misspelt = await linkByName({ groupNames: 'Made in WhatsAp' });

		expect(afterRefresh.items.map((item) => [item.json.groupJid, item.json.status])).toEqual([[created, 'linked']]);
		expect(misspelt.error?.message).toMatch(/has no group named "Made in WhatsAp"/);
		expect(listRequests()).toHaveLength(2);
	});

	it('takes in a group the node creates, so its name resolves at once', async () => {
		await linkByName({ groupNames: 'Group 11' });

		await createGroup({ name: 'Brand new team' });
		const { items } = await linkByName({ groupNames: 'brand new team' });

		expect(items.map((item) => item.json.status)).toEqual(['linked']);
		expect(listRequests()).toHaveLength(1);
	});

	it("is replaced by the list Group → Get Many reads, at no extra request", async () => {
		await linkByName({ groupNames: 'Group 11' });
		(harness.sim.world.groups.get(freeGroups[1]) as { name: string }).name = 'Renamed in WhatsApp';

		await getManyGroups();
		const { items } = await linkByName({ groupNames: 'Renamed in WhatsApp' });

		expect(items.map((item) => item.json.groupJid)).toEqual([freeGroups[1]]);
		expect(listRequests()).toHaveLength(2);
	});

	it("serves the editor's searches as the user types, from the same list", async () => {
		const credentials = { token: mainToken, baseUrl: harness.sim.url };
		const parameters = { resource: 'community', operation: 'linkGroups', instance: locator('list', 'main') };

		await linkByName({ groupNames: 'Group 11' });
		for (const typed of ['d', 'de', 'dem', 'demo']) await searchList(credentials, 'searchCommunities', parameters, typed);

		expect(listRequests()).toHaveLength(1);
	});

	it('is kept per token: another token (maybe of another account) asks for its own list', async () => {
		await linkByName({ groupNames: 'Group 11' });
		await linkByName({ groupNames: 'Group 12' }, { credentials: { token: DEMO.accountToken, baseUrl: harness.sim.url } });

		expect(listRequests().map((request) => request.headers.token)).toEqual([mainToken, DEMO.accountToken]);
	});

	it('is not kept when asking for it failed: the next execution asks again', async () => {
		harness.sim.injectFault({ kind: 'status', status: 503, path: '/api/group/list' });

		const failed = await linkByName({ groupNames: 'Group 11' });
		const next = await linkByName({ groupNames: 'Group 11' });

		expect(failed.error).toMatchObject({ message: expect.any(String), httpCode: '503' });
		expect(linkRequests()).toHaveLength(1);
		expect(next.items.map((item) => item.json.status)).toEqual(['linked']);
		expect(listRequests()).toHaveLength(2);
	});

	it("waits out RyzeAPI's rate limit for it, within the item's Max Rate-Limit Wait", async () => {
		harness.sim.injectFault({ kind: 'rateLimited', resetInSeconds: 1, path: '/api/group/list' });

		const { items } = await linkByName({ groupNames: 'Group 11' });

		expect(items.map((item) => item.json.status)).toEqual(['linked']);
		expect(listRequests().map((request) => request.status)).toEqual([429, 200]);
	});

	it('holds at most 50 lists, forgetting the oldest first', async () => {
		const instances = Array.from({ length: 51 }, (_, index) => `extra ${index}`);
		for (const name of instances) {
			harness.sim.world.instances.push({ ...DEMO.instances.main, name, token: `ryze-instance-${name}`, accountToken: DEMO.accountToken });
		}
		const search = (instance: string) =>
			searchList({ token: DEMO.accountToken, baseUrl: harness.sim.url }, 'searchCommunities', { instance: locator('list', instance) }, 'demo');

		for (const instance of instances) await search(instance);
		await search(instances[50]);
		expect(listRequests()).toHaveLength(51);
		await search(instances[0]);

		expect(listRequests()).toHaveLength(52);
	});
});
