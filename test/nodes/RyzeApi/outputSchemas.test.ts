/**
 * The output schemas n8n's editor shows before the node has run, so the next node can map fields without anyone first
 * running an operation that changes WhatsApp: `nodes/RyzeApi/__schema__/v<x.y.z>/<resource>/<operation>.json`, one
 * per node version and operation (n8n pads the version to x.y.z and has no version fallback in the editor).
 *
 * The schemas are plain JSON, checked here both ways: every real output item (each operation run through n8n's engine
 * against the simulator, both Output variants, Verify, error items under Continue On Fail) must fit its schema, and
 * every property a schema lists must show up in some real item. The check reads a small subset of JSON Schema and
 * refuses any other keyword; it is stricter than JSON Schema on one point: an object's `properties` are the complete
 * list (an unlisted property fails) unless the schema says `additionalProperties: true`.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { RyzeApi } from '../../../nodes/RyzeApi/RyzeApi.node';
import { forgetGroupListings } from '../../../nodes/RyzeApi/shared/groupDirectory';
import { DEMO, inviteCodeOf, type SimulatorOptions } from '../../../simulator';
import { linkInWorld, mainToken } from '../../support/community';
import { runRyzeApi } from '../../support/engine';
import { useSimulator, type SimulatorHarness } from '../../support/simulator';

const SCHEMA_ROOT = path.join(__dirname, '../../../nodes/RyzeApi/__schema__');

// ---------------------------------------------------------------------------------------------------------------
// The JSON Schema subset the schemas use, and its check
// ---------------------------------------------------------------------------------------------------------------

type TypeName = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

interface Schema {
	type?: TypeName | TypeName[];
	description?: string;
	properties?: Record<string, Schema>;
	additionalProperties?: boolean;
	items?: Schema;
	enum?: unknown[];
	required?: string[];
	anyOf?: Schema[];
}

const KEYWORDS = new Set(['type', 'description', 'properties', 'additionalProperties', 'items', 'enum', 'required', 'anyOf']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fitsType(type: TypeName, value: unknown): boolean {
	switch (type) {
		case 'object':
			return isPlainObject(value);
		case 'array':
			return Array.isArray(value);
		case 'integer':
			return Number.isInteger(value);
		case 'null':
			return value === null;
		default:
			return typeof value === type;
	}
}

function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

/**
 * What is wrong with `value` against `schema`, one line per problem (none: it fits). `seen` collects the path of every
 * listed property met (`details.httpCode`, `failed[].reason`), to tell which properties no real item has.
 */
function problemsOf(schema: Schema, value: unknown, at: string, seen: Set<string>): string[] {
	const unknown = Object.keys(schema).filter((keyword) => !KEYWORDS.has(keyword));
	if (unknown.length > 0) throw new Error(`${at}: the check does not know the keyword(s) ${unknown.join(', ')}`);
	if (schema.type !== undefined) {
		const types = Array.isArray(schema.type) ? schema.type : [schema.type];
		if (!types.some((type) => fitsType(type, value))) return [`${at}: ${typeName(value)} ${JSON.stringify(value)}, the schema says ${types.join(' or ')}`];
	}
	if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
	const problems: string[] = [];
	if (isPlainObject(value)) {
		for (const key of schema.required ?? []) if (!(key in value)) problems.push(`${at || 'the item'}: no ${key}, which the schema requires`);
		if (schema.type !== undefined) {
			for (const [key, property] of Object.entries(value)) {
				const listed = schema.properties?.[key];
				const where = at === '' ? key : `${at}.${key}`;
				if (listed) {
					seen.add(where);
					problems.push(...problemsOf(listed, property, where, seen));
				} else if (schema.additionalProperties !== true) {
					problems.push(`${where}: not in the schema`);
				}
			}
		}
		if (schema.anyOf && !schema.anyOf.some((branch) => problemsOf(branch, value, at, new Set()).length === 0)) {
			const branches = schema.anyOf.map((branch) => `[${problemsOf(branch, value, at, new Set()).join('; ')}]`);
			problems.push(`${at || 'the item'}: fits none of anyOf: ${branches.join(' ')}`);
		}
	}
	if (Array.isArray(value) && schema.items) {
		for (const entry of value) problems.push(...problemsOf(schema.items, entry, `${at}[]`, seen));
	}
	return problems;
}

/** The path of every property the schema lists, nested ones included (`failed[].reason`). */
function listedPaths(schema: Schema, at = ''): string[] {
	const own = Object.entries(schema.properties ?? {}).flatMap(([key, property]) => {
		const where = at === '' ? key : `${at}.${key}`;
		return [where, ...listedPaths(property, where)];
	});
	return schema.items ? [...own, ...listedPaths(schema.items, `${at}[]`)] : own;
}

// ---------------------------------------------------------------------------------------------------------------
// What the node offers, read from its description
// ---------------------------------------------------------------------------------------------------------------

const description = new RyzeApi().description;
const versions = (Array.isArray(description.version) ? description.version : [description.version]).map(Number);

/** The folder n8n reads for a node version: `v` and the version padded to x.y.z (n8n-core's resolveOutputSchemaPath). */
function versionFolder(version: number): string {
	return `v${String(version).split('.').concat(['0', '0']).slice(0, 3).join('.')}`;
}

function shownFor(property: INodeProperties, version: number, resource?: string): boolean {
	const show = property.displayOptions?.show ?? {};
	const hide = property.displayOptions?.hide ?? {};
	const versionsShown = show['@version'] as unknown[] | undefined;
	if (versionsShown && !versionsShown.includes(version)) return false;
	if ((hide['@version'] as unknown[] | undefined)?.includes(version)) return false;
	const resourcesShown = show.resource as unknown[] | undefined;
	return resource === undefined || resourcesShown === undefined || resourcesShown.includes(resource);
}

/** Every `<resource>/<operation>` the node offers in `version`, as the editor's Resource and Operation fields list them. */
function offeredOperations(version: number): string[] {
	const resourceField = description.properties.find((property) => property.name === 'resource' && shownFor(property, version));
	if (!resourceField?.options) throw new Error(`no Resource field in version ${version}`);
	return resourceField.options.flatMap((resourceOption) => {
		const resource = String((resourceOption as { value: unknown }).value);
		return description.properties
			.filter((property) => property.name === 'operation' && shownFor(property, version, resource))
			.flatMap((operationField) => (operationField.options ?? []).map((option) => `${resource}/${String((option as { value: unknown }).value)}`));
	});
}

function schemaFiles(): string[] {
	const walk = (dir: string): string[] =>
		fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
			const full = path.join(dir, entry.name);
			return entry.isDirectory() ? walk(full) : [path.relative(SCHEMA_ROOT, full).split(path.sep).join('/')];
		});
	return walk(SCHEMA_ROOT).sort();
}

function readSchema(version: number, operation: string): Schema {
	return JSON.parse(fs.readFileSync(path.join(SCHEMA_ROOT, versionFolder(version), `${operation}.json`), 'utf8')) as Schema;
}

const offered = versions.flatMap((version) => offeredOperations(version).map((operation) => ({ version, operation })));

// ---------------------------------------------------------------------------------------------------------------
// Real runs: each operation's cases, for each version
// ---------------------------------------------------------------------------------------------------------------

interface Case {
	name: string;
	/** The node's fields besides resource, operation and instance (main, from the list). */
	parameters: (version: number) => INodeParameters;
	/** Only for these node versions (default: all). */
	versions?: number[];
	simulator?: Partial<SimulatorOptions>;
	/** Changes to the simulated world or faults, before the run. */
	before?: (harness: SimulatorHarness) => void;
	/** Runs with Continue On Fail, and every item must be an error item. */
	errorItems?: boolean;
}

const [GROUP_11, GROUP_12, GROUP_13, GROUP_14] = DEMO.freeGroups;
const byName = (value: string) => ({ __rl: true, mode: 'name', value });
const byJid = (value: string) => ({ __rl: true, mode: 'id', value });
const unknownInstance = { instance: byName('no such instance') };

/** The demo community: version 1 by JID, version 2 by name (so its name is in the output). */
function demoCommunity(version: number): INodeParameters {
	return version === 1 ? { communityJid: DEMO.communityJid } : { community: byName('Demo Community') };
}

/** Groups by JID (version 1) or by name (version 2, so their names are in the output). */
function groups(version: number, ...list: Array<[jid: string, name: string]>): INodeParameters {
	if (version === 1) return { groupJids: list.map(([jid]) => jid).join(', ') };
	return { groupSelection: 'name', groupNames: list.map(([, name]) => name).join('\n') };
}

const linkCases: Case[] = [
	{
		name: 'One Item per Group: one linked, one in another community',
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11'], [DEMO.groupInOtherCommunity, 'Group 20']) }),
	},
	{
		name: 'One Item per Group, picked from the lists',
		versions: [2],
		parameters: () => ({ community: byJid(DEMO.communityJid), groupSelection: 'list', groups: [GROUP_14] }),
	},
	{
		name: 'One Item per Group, Verify: one linked, one already linked',
		before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_12]),
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_12, 'Group 12'], [GROUP_13, 'Group 13']), options: { verify: true } }),
	},
	{
		name: 'One Item per Group, Verify: past the 50-subgroup cap, unconfirmed',
		parameters: (v) => ({
			...(v === 1 ? { communityJid: DEMO.fullCommunityJid } : { community: byName('Full Community') }),
			...groups(v, [DEMO.groupsForFullCommunity[0], 'Group 41']),
			options: { verify: true },
		}),
	},
	{
		name: 'Summary: one linked, one in another community',
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11'], [DEMO.groupInOtherCommunity, 'Group 20']), output: 'summary' }),
	},
	{
		name: 'Summary, Verify: one linked, one already linked',
		before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_12]),
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_12, 'Group 12'], [GROUP_13, 'Group 13']), output: 'summary', options: { verify: true } }),
	},
	{
		name: 'Summary, RyzeAPI listing failed groups as objects',
		simulator: { failedFormat: 'objects' },
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11'], [DEMO.groupNotAdmin, 'Group 21']), output: 'summary' }),
	},
	{
		name: 'Error on Failed Groups',
		errorItems: true,
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [DEMO.groupNotAdmin, 'Group 21']), options: { errorOnFailedGroups: true } }),
	},
	{
		name: 'an unknown instance',
		errorItems: true,
		parameters: (v) => ({ ...unknownInstance, ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11']) }),
	},
];

const unlinkCases: Case[] = [
	{
		name: 'One Item per Group: one unlinked, one not linked',
		before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_11]),
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11'], [GROUP_12, 'Group 12']) }),
	},
	{
		name: 'One Item per Group, picked from the lists: the Announcements group',
		versions: [2],
		parameters: () => ({ community: byJid(DEMO.communityJid), groupSelection: 'list', groups: [DEMO.announcementsJid] }),
	},
	{
		name: 'Summary: one unlinked, one not linked',
		before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_11]),
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11'], [GROUP_12, 'Group 12']), output: 'summary' }),
	},
	{
		name: 'Summary, RyzeAPI listing failed groups as objects',
		simulator: { failedFormat: 'objects' },
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_12, 'Group 12']), output: 'summary' }),
	},
	{
		name: 'an unknown instance',
		errorItems: true,
		parameters: (v) => ({ ...unknownInstance, ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11']) }),
	},
];

const syncCases: Case[] = [
	{
		name: 'One Item per Group: one in place, one linked, one failed',
		before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_11]),
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11'], [GROUP_12, 'Group 12'], [DEMO.groupNotAdmin, 'Group 21']) }),
	},
	{
		name: 'One Item per Group, Remove Others: one unlinked',
		before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_11, GROUP_13]),
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11']), syncMode: 'addMissingAndRemoveOthers' }),
	},
	{
		name: 'One Item per Group, Preview, Remove Others',
		before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_13]),
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11']), syncMode: 'addMissingAndRemoveOthers', options: { preview: true } }),
	},
	{
		name: 'Summary, Add Missing: one linked, one failed, one subgroup not in the list',
		before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_11, GROUP_13]),
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11'], [GROUP_12, 'Group 12'], [DEMO.groupNotAdmin, 'Group 21']), output: 'summary' }),
	},
	{
		name: 'Summary, Preview, Remove Others',
		before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_13]),
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11']), syncMode: 'addMissingAndRemoveOthers', output: 'summary', options: { preview: true } }),
	},
	{
		name: 'Summary, Remove Others: one unlinked',
		before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_13]),
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11']), syncMode: 'addMissingAndRemoveOthers', output: 'summary' }),
	},
	{
		name: 'Error on Failed Groups',
		errorItems: true,
		parameters: (v) => ({ ...demoCommunity(v), ...groups(v, [DEMO.groupNotAdmin, 'Group 21']), options: { errorOnFailedGroups: true } }),
	},
	{ name: 'an unknown instance', errorItems: true, parameters: (v) => ({ ...unknownInstance, ...demoCommunity(v), ...groups(v, [GROUP_11, 'Group 11']) }) },
];

const listSubgroupsCases: Case[] = [
	{ name: 'every subgroup', before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_11]), parameters: (v) => demoCommunity(v) },
	{
		name: 'Announcements group left out',
		before: (harness) => linkInWorld(harness, DEMO.communityJid, [GROUP_11]),
		parameters: (v) => ({ ...demoCommunity(v), options: { excludeAnnouncements: true } }),
	},
	{ name: 'an unknown instance', errorItems: true, parameters: (v) => ({ ...unknownInstance, ...demoCommunity(v) }) },
];

const createCommunityCases: Case[] = [
	{
		name: 'with groups: one linked, one in another community',
		parameters: () => ({ name: 'Neighbours', options: { description: 'Our street', groupJids: `${GROUP_11}, ${DEMO.groupInOtherCommunity}` } }),
	},
	{
		name: 'created as a plain group',
		simulator: { createFallback: true },
		parameters: () => ({ name: 'Neighbours', options: { groupJids: GROUP_12 } }),
	},
	{
		name: 'image refused',
		before: (harness) =>
			harness.sim.injectFault({
				kind: 'custom200',
				path: '/api/community/create',
				body: {
					success: true,
					message: 'Community created successfully',
					group: { jid: '120363900000000001@g.us', name: 'Neighbours', isCommunity: true },
					isCommunity: true,
					linkedGroups: [],
					failedGroups: [],
					imageError: 'failed to set community image: image is neither a URL nor base64 data',
				},
			}),
		parameters: () => ({ name: 'Neighbours', options: { image: 'https://example.com/logo.png' } }),
	},
	{
		name: 'Error If Created as Plain Group',
		errorItems: true,
		simulator: { createFallback: true },
		parameters: () => ({ name: 'Neighbours', options: { errorOnPlainGroup: true } }),
	},
];

const createGroupCases: Case[] = [
	{
		name: 'in a community given by name, one person kept out by privacy settings',
		parameters: () => ({ name: 'Book club', participants: `5511999999999, ${DEMO.privacyBlockedPhones[0]}`, community: byName('Demo Community') }),
	},
	{
		name: 'in no community, RyzeAPI wrapping the group',
		simulator: { groupCreateShape: 'wrapped' },
		parameters: () => ({ name: 'Book club', participants: '5511999999999', options: { membersCanAddOthers: true } }),
	},
	{
		name: 'image refused, no invite link in the answer',
		before: (harness) =>
			harness.sim.injectFault({
				kind: 'custom200',
				path: '/api/group/create',
				body: {
					success: true,
					message: 'Group created successfully',
					jid: '120363900000000001@g.us',
					name: 'Book club',
					participants: [{ jid: '5511900000001@s.whatsapp.net', isAdmin: true, isSuperAdmin: true }],
					imageError: 'failed to set group image: image is neither a URL nor base64 data',
				},
			}),
		parameters: () => ({ name: 'Book club', options: { image: 'https://example.com/logo.png' } }),
	},
	{ name: 'an unknown instance', errorItems: true, parameters: () => ({ ...unknownInstance, name: 'Book club' }) },
];

const getGroupCases: Case[] = [
	{ name: 'by JID', parameters: () => ({ group: byJid(GROUP_11) }) },
	{ name: 'by invite code, an Announcements group', parameters: () => ({ group: { __rl: true, mode: 'code', value: inviteCodeOf(DEMO.announcementsJid) } }) },
	{ name: 'an unknown group', errorItems: true, parameters: () => ({ group: byJid('120363499999999999@g.us') }) },
];

const getManyCases: Case[] = [
	{ name: 'all, communities and Announcements groups too', parameters: () => ({ returnAll: true, filters: { excludeCommunities: false, excludeAnnouncements: false } }) },
	{
		name: 'a list flagging communities as isParent, parents under communityJid, under data',
		simulator: { groupListFlags: 'isParent', groupListParentField: 'communityJid', groupListShape: 'data' },
		parameters: () => ({ returnAll: true, filters: { excludeCommunities: false, excludeAnnouncements: false } }),
	},
	{
		name: 'a bare list without flags, filtered by name',
		simulator: { groupListShape: 'array', groupListFlags: 'none', groupListParentField: 'none' },
		parameters: () => ({ filters: { nameContains: 'group' }, limit: 5 }),
	},
	{ name: 'an unknown instance', errorItems: true, parameters: () => unknownInstance },
];

const casesByOperation: Record<string, Case[]> = {
	'community/create': createCommunityCases,
	'community/linkGroups': linkCases,
	'community/listSubgroups': listSubgroupsCases,
	'community/syncSubgroups': syncCases,
	'community/unlinkGroups': unlinkCases,
	'group/create': createGroupCases,
	'group/get': getGroupCases,
	'group/getMany': getManyCases,
};

// ---------------------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------------------

describe('output schemas (__schema__)', () => {
	const harness = useSimulator();
	let initialOptions: SimulatorOptions;
	beforeEach(() => {
		initialOptions = { ...harness.sim.options };
	});

	/** Each case starts from the seed with the file's options, as each test does. */
	function fresh(options: Partial<SimulatorOptions> = {}) {
		Object.assign(harness.sim.options, initialOptions, options);
		harness.sim.reset();
		forgetGroupListings();
	}

	it('has a schema for every version × resource × operation the node offers, and no other file', () => {
		const expected = offered.map(({ version, operation }) => `${versionFolder(version)}/${operation}.json`).sort();

		expect(expected.length).toBeGreaterThan(0);
		expect(schemaFiles()).toEqual(expected);
	});

	it.each(offered)("version $version $operation: a schema n8n's editor accepts, in the subset the check reads", ({ version, operation }) => {
		const schema = readSchema(version, operation);
		// What the editor checks before it shows a schema preview: an object with type and non-empty properties.
		expect(schema.type).toBe('object');
		expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
		// Every keyword is one the check knows (problemsOf throws otherwise), at every depth.
		const walk = (part: Schema): void => {
			problemsOf(part, undefined, operation, new Set());
			Object.values(part.properties ?? {}).forEach(walk);
			if (part.items) walk(part.items);
			part.anyOf?.forEach(walk);
		};
		walk(schema);
	});

	it.each(offered.filter(({ version }) => version > 1))(
		'version $version $operation: only adds properties to version 1, the shared ones described the same',
		({ version, operation }) => {
			const older = readSchema(1, operation);
			const newer = readSchema(version, operation);
			const shared = Object.fromEntries(Object.entries(newer.properties ?? {}).filter(([key]) => key in (older.properties ?? {})));

			expect({ ...newer, properties: shared }).toEqual(older);
			// In the same order, so both versions' previews list the fields alike.
			expect(Object.keys(shared)).toEqual(Object.keys(older.properties ?? {}));
		},
	);

	it.each(offered)(
		'version $version $operation: every real output item fits the schema, and every listed property shows up',
		async ({ version, operation }) => {
			const schema = readSchema(version, operation);
			const cases = (casesByOperation[operation] ?? []).filter((testCase) => !testCase.versions || testCase.versions.includes(version));
			const [resource, operationName] = operation.split('/');
			const seen = new Set<string>();
			const problems: string[] = [];

			expect(cases.length).toBeGreaterThan(0);
			for (const testCase of cases) {
				fresh(testCase.simulator);
				testCase.before?.(harness);
				const { items, error } = await runRyzeApi({
					credentials: { token: mainToken, baseUrl: harness.sim.url },
					typeVersion: version,
					continueOnFail: testCase.errorItems === true,
					parameters: { resource, operation: operationName, instance: { __rl: true, mode: 'list', value: 'main' }, ...testCase.parameters(version) },
				});

				expect({ case: testCase.name, error: error?.message, items: items.length > 0 }).toEqual({ case: testCase.name, error: undefined, items: true });
				for (const [index, item] of items.entries()) {
					const isErrorItem = 'error' in item.json;
					if (isErrorItem !== (testCase.errorItems === true)) problems.push(`${testCase.name}, item ${index}: ${isErrorItem ? 'an' : 'not an'} error item`);
					problems.push(...problemsOf(schema, item.json, '', seen).map((problem) => `${testCase.name}, item ${index}: ${problem}`));
				}
			}

			expect(problems).toEqual([]);
			expect(listedPaths(schema).filter((listed) => !seen.has(listed))).toEqual([]);
		},
	);
});
