/** What the node's tests share: a runner per operation, the checks several operations make, and the token check. */
import type { INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import { DEMO } from '../../simulator';
import { runRyzeApi, type RunOptions, type RunResult } from './engine';
import type { SimulatorHarness } from './simulator';

export const mainToken = DEMO.instances.main.token;

export type OperationRunner = (parameters?: INodeParameters, options?: Partial<RunOptions>) => Promise<RunResult>;

/** Which node runs: the resource, and the node version (1, as saved workflows have it, by default). */
export interface NodeKind {
	resource?: 'community' | 'group';
	typeVersion?: number;
}

/** Runs Input → RyzeAPI `operation` on instance `main` with its Instance Token, over `defaults` and `parameters`. */
export function operationRunner(
	harness: SimulatorHarness,
	operation: string,
	defaults: INodeParameters = {},
	{ resource = 'community', typeVersion = 1 }: NodeKind = {},
): OperationRunner {
	return async (parameters = {}, options = {}) =>
		await runRyzeApi({
			credentials: { token: mainToken, baseUrl: harness.sim.url },
			typeVersion,
			...options,
			parameters: {
				resource,
				operation,
				instance: { __rl: true, mode: 'list', value: 'main' },
				...defaults,
				...parameters,
			},
		});
}

/** A resourceLocator value, as the editor saves it. */
export function locator(mode: 'list' | 'id' | 'name' | 'url' | 'code', value: string): INodeParameterResourceLocator {
	return { __rl: true, mode, value };
}

/** The requests the simulator received whose path starts with `prefix`. */
export function requestsTo(harness: SimulatorHarness, prefix: string) {
	return harness.sim.requests.filter((request) => request.path.startsWith(prefix));
}

/** Links groups to a community straight in the simulated world, as if long ago (listed at once). */
export function linkInWorld(harness: SimulatorHarness, communityJid: string, groupJids: readonly string[]) {
	for (const jid of groupJids) {
		const group = harness.sim.world.groups.get(jid);
		if (!group) throw new Error(`no group ${jid} in the seed`);
		group.parentJid = communityJid;
	}
}

/** Adds `count` new groups where instance `main` is admin, in no community; returns their JIDs. */
export function addFreeGroups(harness: SimulatorHarness, count: number): string[] {
	return Array.from({ length: count }, (_, index) => {
		const jid = `1203634000007${String(index).padStart(5, '0')}@g.us`;
		const main = DEMO.instances.main.name;
		harness.sim.world.groups.set(jid, { jid, name: `Burst ${index}`, isCommunity: false, isDefaultSubGroup: false, participants: { [main]: 'admin' } });
		return jid;
	});
}

/** The pairing of each output item, as `[what, pairedItem]`. */
export function pairing(result: RunResult, what: (json: RunResult['items'][number]['json']) => unknown) {
	return result.items.map((item) => [what(item.json), item.pairedItem]);
}

export type RequestCheck = [checkCase: string, parameters: INodeParameters, message: string];

/** One test per case: the node refuses the parameters with `message` (field, value, item) and sends nothing. */
export function itRefusesBeforeSending(harness: SimulatorHarness, run: OperationRunner, cases: RequestCheck[]) {
	it.each(cases)('refuses %s, naming the field, the value and the item', async (_case, parameters, message) => {
		const { error, items } = await run(parameters);

		expect(error?.message).toBe(message);
		expect(error?.description).toEqual(expect.any(String));
		// No HTTP code: the editor then shows no "From RyzeAPI, Error code" section for a check that asked nobody.
		expect(error).toMatchObject({ httpCode: null });
		expect(items).toEqual([]);
		expect(harness.sim.requests).toEqual([]);
	});
}

/** 51 different well-formed group JIDs. */
export const manyGroups = Array.from({ length: 51 }, (_, index) => `1203634000001${String(index).padStart(5, '0')}@g.us`);

/** The checks of instance and community every operation on an existing community makes. */
export const communityRequestChecks: RequestCheck[] = [
	['a blank instance', { instance: { __rl: true, mode: 'name', value: '  ' } }, 'Instance on item 0: no instance is set'],
	[
		'an instance that is not a name',
		{ instance: { __rl: true, mode: 'name', value: '={{ {a: 1} }}' } },
		'Instance on item 0: "{"a":1}" is not an instance name',
	],
	[
		'an empty community from an expression',
		{ communityJid: '={{ $json.missing ?? "" }}' },
		'Community JID on item 0: it is empty; give a group JID such as 120363406289005073@g.us',
	],
	[
		'a community an expression leaves undefined (e.g. an AI model that left it out)',
		{ communityJid: '={{ $json.missing }}' },
		'Community JID on item 0: it is empty; give a group JID such as 120363406289005073@g.us',
	],
	[
		'a person as community',
		{ communityJid: '5511999999999@s.whatsapp.net' },
		`Community JID on item 0: "5511999999999@s.whatsapp.net" is a person's WhatsApp ID, not a group`,
	],
];

/** Every check of instance, community and group list, for link and unlink. */
export const groupsRequestChecks: RequestCheck[] = [
	...communityRequestChecks,
	['no groups', { groupJids: ' , \n' }, 'Group JIDs on item 0: no group JIDs are given'],
	[
		'a person among the groups',
		{ groupJids: `${DEMO.freeGroups[0]}, 5511999999999@s.whatsapp.net` },
		`Group JIDs on item 0: "5511999999999@s.whatsapp.net" is a person's WhatsApp ID, not a group`,
	],
	['a @lid among the groups', { groupJids: '123@lid' }, 'Group JIDs on item 0: "123@lid" is a person\'s hidden ID (@lid), not a group'],
	['letters among the groups', { groupJids: 'family, friends' }, 'Group JIDs on item 0: "family" is not a group JID (and 1 more invalid value(s))'],
	['more than 50 groups', { groupJids: manyGroups.join('\n') }, 'Group JIDs on item 0: 51 different groups are given; a community holds at most 50'],
	[
		'the community among its own groups',
		{ groupJids: `${DEMO.freeGroups[0]}, ${DEMO.communityJid.replace('@g.us', '')}` },
		`Group JIDs on item 0: the community "${DEMO.communityJid}" is listed among its own groups`,
	],
];

/** The token must not reach any output item, error message, error description or URL. */
export function expectNoToken(harness: SimulatorHarness, result: RunResult, token: string = mainToken) {
	expect(JSON.stringify(result.run)).not.toContain(token);
	expect(`${result.error?.message} ${result.error?.description}`).not.toContain(token);
	expect(harness.sim.requests.map((request) => request.url).join(' ')).not.toContain(token);
}
