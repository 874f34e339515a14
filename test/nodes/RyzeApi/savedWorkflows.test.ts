/**
 * Saved workflows keep their output: every RyzeAPI action node of the five example workflows as they were saved
 * before node version 2 existed (test/fixtures/examples-v1, all typeVersion 1) runs through n8n-core's real engine
 * against the simulator, with its parameters and typeVersion exactly as in the file, fed what that workflow feeds
 * it, and gives exactly the items version 1 gave then. The expected items below are the ones the node produced at
 * commit 8cdf675 (the fixtures' commit, the last one before version 2), written out in full: a renamed key, a new
 * or lost field, another status or reason, or an item paired with another input item fails this file (pairedItem
 * as the engine delivers it). No run lets the token reach the run data, an error or a URL, and none asks RyzeAPI's
 * group routes for names. The trigger node itself is not run here (test/nodes/RyzeApiTrigger covers it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { RyzeApi } from '../../../nodes/RyzeApi/RyzeApi.node';
import { expectNoToken, mainToken } from '../../support/community';
import { runRyzeApi, type RunResult } from '../../support/engine';
import { useSimulator } from '../../support/simulator';

const harness = useSimulator();

const FIXTURES = join(__dirname, '../../fixtures/examples-v1');
const ACTION_TYPES = ['n8n-nodes-ryzeapi.ryzeApi', 'n8n-nodes-ryzeapi.ryzeApiTool'];
const TRIGGER_TYPE = 'n8n-nodes-ryzeapi.ryzeApiTrigger';

interface SavedWorkflow {
	nodes: INode[];
	connections: Record<string, Record<string, Array<Array<{ node: string }>>>>;
}

const workflows: Record<string, SavedWorkflow> = Object.fromEntries(
	readdirSync(FIXTURES)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => [file, JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as SavedWorkflow]),
);

function savedNode(file: string, name: string): INode {
	const found = workflows[file]?.nodes.find((node) => node.name === name);
	if (!found) throw new Error(`no node "${name}" in ${file}`);
	return found;
}

/** The node whose `connectionType` output goes into `name`: what feeds it in the saved workflow. */
function feederOf(file: string, name: string, connectionType = 'main'): INode {
	const [from] = Object.entries(workflows[file].connections).find(([, outputs]) =>
		(outputs[connectionType] ?? []).some((targets) => targets.some((target) => target.node === name)),
	) ?? [''];
	return savedNode(file, from);
}

/** Every RyzeAPI action node this file runs, as "file › node"; the first test checks it is all of them. */
const COVERED = [
	'ai-agent-link-groups.json › Link WhatsApp Groups',
	'form-create-community.json › Create Community',
	'form-create-community.json › Link Groups',
	'form-create-community.json › List Subgroups',
	'manual-link-groups.json › Link Groups',
	'trigger-auto-link.json › Link Groups',
	'webhook-link-groups.json › Link Groups',
];

/** Runs the saved node `name` of `file` on `items`, as saved unless `parameters` is given; the token never leaks. */
async function runSaved(
	file: string,
	name: string,
	items: IDataObject[],
	options: { parameters?: INodeParameters; continueOnFail?: boolean } = {},
): Promise<RunResult> {
	const node = savedNode(file, name);
	const result = await runRyzeApi({
		// The examples' credential "RyzeAPI (demo simulator)": instance main's Instance Token.
		credentials: { token: mainToken, tokenType: 'instance', baseUrl: harness.sim.url },
		parameters: options.parameters ?? node.parameters,
		typeVersion: node.typeVersion,
		items,
		continueOnFail: options.continueOnFail,
	});
	expectNoToken(harness, result);
	// Version 1 takes JIDs as given: it never asks RyzeAPI's group routes for names (version 2's pickers do).
	expect(harness.sim.requests.filter((request) => request.path.startsWith('/api/group/'))).toEqual([]);
	return result;
}

/** The demo seed's JIDs the examples name (simulator/seed.ts), and what the simulator gives created groups. */
const COMMUNITY = '120363400000000001@g.us';
const GROUP_11 = '120363400000000011@g.us';
const GROUP_12 = '120363400000000012@g.us';
const GROUP_13 = '120363400000000013@g.us';
const GROUP_14 = '120363400000000014@g.us';
const GROUP_15 = '120363400000000015@g.us';
/** Linked to another community, where `main` is not even a member: RyzeAPI refuses it, without a reason. */
const GROUP_IN_OTHER_COMMUNITY = '120363400000000020@g.us';
const CREATED_COMMUNITY = '120363900000000001@g.us';
const CREATED_ANNOUNCEMENTS = '120363900000000002@g.us';

/** Version 1's reason for a group RyzeAPI listed as failed without saying why (link). */
const NO_REASON =
	'RyzeAPI gave no reason. Common causes: the group is already linked to this community (Verify tells), it belongs to another community (unlink it first), the connected number is not admin of both the community and the group, or the JID does not exist.';

/** One output item of input item `item`. */
const paired = (json: IDataObject, item = 0): INodeExecutionData => ({ json, pairedItem: { item } });

describe('the fixtures are the version-1 workflows', () => {
	it('are the five example workflows, each RyzeAPI node (actions, AI tool, trigger) at typeVersion 1', () => {
		expect(Object.keys(workflows).sort()).toEqual([
			'ai-agent-link-groups.json',
			'form-create-community.json',
			'manual-link-groups.json',
			'trigger-auto-link.json',
			'webhook-link-groups.json',
		]);
		const ryzeNodes = Object.entries(workflows).flatMap(([file, workflow]) =>
			workflow.nodes.filter((node) => node.type.startsWith('n8n-nodes-ryzeapi.')).map((node) => [`${file} › ${node.name}`, node.type, node.typeVersion]),
		);
		expect(ryzeNodes).toEqual([
			['ai-agent-link-groups.json › Link WhatsApp Groups', 'n8n-nodes-ryzeapi.ryzeApiTool', 1],
			['form-create-community.json › Create Community', 'n8n-nodes-ryzeapi.ryzeApi', 1],
			['form-create-community.json › Link Groups', 'n8n-nodes-ryzeapi.ryzeApi', 1],
			['form-create-community.json › List Subgroups', 'n8n-nodes-ryzeapi.ryzeApi', 1],
			['manual-link-groups.json › Link Groups', 'n8n-nodes-ryzeapi.ryzeApi', 1],
			['trigger-auto-link.json › RyzeAPI Trigger', TRIGGER_TYPE, 1],
			['trigger-auto-link.json › Link Groups', 'n8n-nodes-ryzeapi.ryzeApi', 1],
			['webhook-link-groups.json › Link Groups', 'n8n-nodes-ryzeapi.ryzeApi', 1],
		]);
	});

	it('this file runs every RyzeAPI action node of them, and the node still offers version 1', () => {
		const actionNodes = Object.entries(workflows).flatMap(([file, workflow]) =>
			workflow.nodes.filter((node) => ACTION_TYPES.includes(node.type)).map((node) => `${file} › ${node.name}`),
		);
		expect(actionNodes.sort()).toEqual(COVERED);
		expect([new RyzeApi().description.version].flat()).toContain(1);
	});
});

describe('manual-link-groups.json › Link Groups (a fixed list, one item per group)', () => {
	const file = 'manual-link-groups.json';

	it('fed the Manual Trigger\'s one empty item, links two groups and reports the third failed', async () => {
		expect(feederOf(file, 'Link Groups').type).toBe('n8n-nodes-base.manualTrigger');

		const { items, error } = await runSaved(file, 'Link Groups', [{}]);

		expect(error).toBeUndefined();
		expect(items).toEqual([
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_13, status: 'linked' }),
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_14, status: 'linked' }),
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_IN_OTHER_COMMUNITY, status: 'failed', reason: NO_REASON }),
		]);
	});
});

describe('webhook-link-groups.json › Link Groups (what the caller posts, one item per group)', () => {
	const file = 'webhook-link-groups.json';

	/** The item n8n's Webhook node (2.1) emits for a POST of `body`: headers, params, query, body, URL and mode. */
	const posted = (body: IDataObject): IDataObject => ({
		headers: { host: '127.0.0.1:5678', 'user-agent': 'curl/8.5.0', accept: '*/*', 'content-type': 'application/json', 'content-length': '99' },
		params: {},
		query: {},
		body,
		webhookUrl: 'http://127.0.0.1:5678/webhook/ryzeapi-link-groups',
		executionMode: 'production',
	});

	it('is fed by the Webhook node and sends its failures to the error output', () => {
		expect(feederOf(file, 'Link Groups')).toMatchObject({ type: 'n8n-nodes-base.webhook', typeVersion: 2.1 });
		expect(savedNode(file, 'Link Groups').onError).toBe('continueErrorOutput');
	});

	it('links the groups of a posted list', async () => {
		const { items, error } = await runSaved(file, 'Link Groups', [posted({ communityJid: COMMUNITY, groups: [GROUP_13, GROUP_IN_OTHER_COMMUNITY] })]);

		expect(error).toBeUndefined();
		expect(items).toEqual([
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_13, status: 'linked' }),
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_IN_OTHER_COMMUNITY, status: 'failed', reason: NO_REASON }),
		]);
	});

	it('links the groups of a posted string, split at commas, spaces and new lines', async () => {
		const { items, error } = await runSaved(file, 'Link Groups', [posted({ communityJid: COMMUNITY, groups: `${GROUP_13}, ${GROUP_14}\n${GROUP_15}` })]);

		expect(error).toBeUndefined();
		expect(items).toEqual([
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_13, status: 'linked' }),
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_14, status: 'linked' }),
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_15, status: 'linked' }),
		]);
	});

	// The node's On Error is "Continue (using error output)"; the engine here continues on the regular output, so
	// the item is the node's own. n8n sends an item to the error output only when its keys are error, message or
	// details: these keys, and the fields the "Respond with error" node reads (error, details.description, .errorType).
	it('gives a refused input as an error item: invalidInput, no HTTP code (the workflow answers 400)', async () => {
		const { items, error } = await runSaved(file, 'Link Groups', [posted({ communityJid: 'family', groups: [GROUP_13] })], { continueOnFail: true });

		expect(error).toBeUndefined();
		expect(items).toEqual([
			paired({
				error: 'Community JID on item 0: "family" is not a group JID',
				details: {
					description:
						"Use group JIDs such as 120363406289005073@g.us (bare digits and legacy ids like 4911111111111-1583093984 work too). A community's JID is a group JID.",
					errorType: 'invalidInput',
					httpCode: null,
				},
			}),
		]);
		expect(harness.sim.requests).toEqual([]);
	});

	it("gives RyzeAPI's refusal as an error item: ryzeApiError with its HTTP code (the workflow answers 502)", async () => {
		harness.sim.injectFault({
			kind: 'status',
			status: 403,
			path: '/api/community/link',
			body: { success: false, error: { message: 'Token does not have access to this instance' } },
		});

		const { items, error } = await runSaved(file, 'Link Groups', [posted({ communityJid: COMMUNITY, groups: [GROUP_13] })], { continueOnFail: true });

		expect(error).toBeUndefined();
		expect(items).toEqual([
			paired({
				error: 'Token does not have access to this instance',
				details: {
					description:
						'The token does not own instance "main". Use that instance\'s Instance Token, or the Account Token of the account that owns it.',
					errorType: 'ryzeApiError',
					httpCode: 403,
				},
			}),
		]);
	});
});

describe('trigger-auto-link.json › Link Groups (each group.flow event links its group, verified)', () => {
	const file = 'trigger-auto-link.json';

	/** The item the RyzeAPI Trigger emits for a group.flow delivery of instance main. */
	const event = (data: IDataObject, receivedAt: string): IDataObject => ({ event: 'group.flow', instance: 'main', data, receivedAt });

	it('is fed by the RyzeAPI Trigger, listening for group.flow', () => {
		expect(feederOf(file, 'Link Groups')).toMatchObject({ type: TRIGGER_TYPE, typeVersion: 1, parameters: { events: ['group.flow'] } });
	});

	it('links a new group, tells one already linked (alreadyLinked), and reports a refused one, each paired with its event', async () => {
		const { items, error } = await runSaved(file, 'Link Groups', [
			event({ action: 'joined', jid: GROUP_13 }, '2026-05-04T10:00:00.000Z'),
			// The same group again, its JID under `JID`: by now it is a subgroup.
			event({ action: 'joined', JID: GROUP_13 }, '2026-05-04T10:00:01.000Z'),
			event({ action: 'joined', groupJid: GROUP_IN_OTHER_COMMUNITY }, '2026-05-04T10:00:02.000Z'),
		]);

		expect(error).toBeUndefined();
		expect(items).toEqual([
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_13, status: 'linked', alreadyLinked: false }, 0),
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_13, status: 'linked', alreadyLinked: true }, 1),
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_IN_OTHER_COMMUNITY, status: 'failed', reason: NO_REASON, alreadyLinked: false }, 2),
		]);
	});
});

describe('form-create-community.json › Create Community → Link Groups → List Subgroups (node by node)', () => {
	const file = 'form-create-community.json';

	/** The item n8n's Form Trigger (2.2) emits: the fields by label, when, and in which mode. */
	const submission = {
		'Community name': 'Neighbours',
		Description: 'Street 1 to 9',
		'Group JIDs': `${GROUP_11}, ${GROUP_12}`,
		submittedAt: '2026-05-04T10:00:00.000+00:00',
		formMode: 'production',
	};

	it('chains the form and the three nodes', () => {
		expect(feederOf(file, 'Create Community').type).toBe('n8n-nodes-base.formTrigger');
		expect(feederOf(file, 'Link Groups').name).toBe('Create Community');
		expect(feederOf(file, 'List Subgroups').name).toBe('Link Groups');
	});

	it('creates the community, links the groups (summary, verified) and lists the subgroups', async () => {
		const created = await runSaved(file, 'Create Community', [submission]);

		expect(created.error).toBeUndefined();
		expect(created.items).toEqual([
			paired({ instance: 'main', communityJid: CREATED_COMMUNITY, name: 'Neighbours', isCommunity: true, linked: [], failed: [] }),
		]);

		// The only change, as in examples/formCreateCommunity.test.ts: the form node is not in the engine's
		// workflow, so Link Groups reads the form's field from its own item instead of through $('New community form').
		const link = savedNode(file, 'Link Groups').parameters;
		expect(link.groupJids).toBe("={{ $('New community form').item.json['Group JIDs'] }}");
		const linked = await runSaved(file, 'Link Groups', [{ ...created.items[0].json, 'Group JIDs': submission['Group JIDs'] }], {
			parameters: { ...link, groupJids: String(link.groupJids).replace("$('New community form').item.json", '$json') },
		});

		expect(linked.error).toBeUndefined();
		expect(linked.items).toEqual([
			paired({
				instance: 'main',
				communityJid: CREATED_COMMUNITY,
				success: true,
				message: 'Linked 2 of 2 groups to community',
				linked: [GROUP_11, GROUP_12],
				failed: [],
				unconfirmed: [],
				alreadyLinked: [],
				verification: "2 of 2 groups reported as linked appear among the community's subgroups (1 check).",
			}),
		]);

		const subgroups = await runSaved(file, 'List Subgroups', [linked.items[0].json]);

		expect(subgroups.error).toBeUndefined();
		expect(subgroups.items).toEqual([
			paired({ instance: 'main', communityJid: CREATED_COMMUNITY, jid: GROUP_11, name: 'Group 11', isDefaultSubGroup: false }),
			paired({ instance: 'main', communityJid: CREATED_COMMUNITY, jid: GROUP_12, name: 'Group 12', isDefaultSubGroup: false }),
			paired({ instance: 'main', communityJid: CREATED_COMMUNITY, jid: CREATED_ANNOUNCEMENTS, name: 'Announcements', isDefaultSubGroup: true }),
		]);
	});
});

describe('ai-agent-link-groups.json › Link WhatsApp Groups (the AI Agent\'s tool)', () => {
	const file = 'ai-agent-link-groups.json';
	const name = 'Link WhatsApp Groups';

	/** A `$fromAI('key', 'description', 'type')` call of an expression. */
	const FROM_AI = /\$fromAI\(\s*'(\w+)'(?:\s*,\s*'(?:[^'\\]|\\.)*')*\s*\)/g;

	/** The arguments the agent gives the tool for the example's prompt. */
	const answers: Record<string, string> = { communityJid: COMMUNITY, groupJids: `${GROUP_13}, ${GROUP_14}` };

	/**
	 * `$fromAI(...)` resolves only inside an agent's tool call, so for this run each call is replaced, textually, by
	 * the literal the agent would give for its key; every other parameter stays as saved.
	 */
	function withAgentAnswers(parameters: INodeParameters): INodeParameters {
		return Object.fromEntries(
			Object.entries(parameters).map(([key, value]) => [
				key,
				typeof value === 'string'
					? value.replace(FROM_AI, (_call, answerKey: string) => {
							if (!(answerKey in answers)) throw new Error(`no answer for $fromAI('${answerKey}')`);
							return JSON.stringify(answers[answerKey]);
						})
					: value,
			]),
		);
	}

	it("is the AI Agent's tool, whose JID fields the agent fills with $fromAI", () => {
		expect(savedNode(file, name).type).toBe('n8n-nodes-ryzeapi.ryzeApiTool');
		expect(savedNode(file, 'AI Agent').type).toBe('@n8n/n8n-nodes-langchain.agent');
		expect(feederOf(file, 'AI Agent', 'ai_tool').name).toBe(name);
		const parameters = withAgentAnswers(savedNode(file, name).parameters);
		expect(parameters).toEqual({
			...savedNode(file, name).parameters,
			communityJid: `={{ "${COMMUNITY}" }}`,
			groupJids: `={{ "${GROUP_13}, ${GROUP_14}" }}`,
		});
	});

	it('links the groups the agent names, one item per group', async () => {
		// n8n runs a tool node on the agent's input item (the Manual Trigger's empty one) merged with the call's arguments and id.
		const toolCall = { ...answers, toolCallId: 'call_1' };

		const { items, error } = await runSaved(file, name, [toolCall], { parameters: withAgentAnswers(savedNode(file, name).parameters) });

		expect(error).toBeUndefined();
		expect(items).toEqual([
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_13, status: 'linked' }),
			paired({ instance: 'main', communityJid: COMMUNITY, groupJid: GROUP_14, status: 'linked' }),
		]);
	});
});
