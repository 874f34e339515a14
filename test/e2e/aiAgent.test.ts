/**
 * The packed package as an AI Agent's tool in a real n8n (2.41.1 on Node 24, from e2e/runtime): the example
 * workflow examples/ai-agent-link-groups.json runs with `n8n execute`, its OpenAI Chat Model pointed at a fake
 * model server on 127.0.0.1 that calls the RyzeAPI tool with scripted arguments (the community's and the groups'
 * names, as a person says them), and the tool looks the names up and links the groups in the RyzeAPI simulator.
 * Needs dist/ and the prepared runtime (npm test does both first).
 */
import * as fs from 'fs';
import * as path from 'path';

import { startFakeOpenAi, type ChatMessage, type RecordedModelRequest, type RunningFakeOpenAi } from '../../e2e/lib/fakeOpenAi';
import { createUserFolder, ensureRuntime, executeWorkflow, importCredentials, importWorkflow, nodeItems, type ExecuteResult, type WorkflowJson } from '../../e2e/lib/n8n';
import { packPackage, PROJECT_ROOT, setUpUserFolder, STATE_DIR } from '../../e2e/lib/ryzeapi';
import { DEMO, startSimulator, type RecordedRequest, type RunningSimulator } from '../../simulator';

// Its own folder: realN8n.test.ts empties .state/e2e when it starts, and jest may run both at once.
const RUN_DIR = path.join(STATE_DIR, 'ai-agent-e2e');
const EXAMPLE = { file: path.join(PROJECT_ROOT, 'examples', 'ai-agent-link-groups.json'), id: 'ryzeAgentLink001' };
/** The credential the example's OpenAI Chat Model refers to; here it points at the fake model server. */
const OPENAI_CREDENTIAL = { id: 'openai-fake', name: 'OpenAI account', type: 'openAiApi' };
const AGENT_NODE = 'AI Agent';
const TOOL_NODE = 'Link WhatsApp Groups';
/** n8n names a tool after its node, with anything outside [a-zA-Z0-9_-] replaced by `_`. */
const TOOL_NAME = 'Link_WhatsApp_Groups';
const TOKEN = DEMO.instances.main.token;
/** The groups the example's prompt names, and their JIDs in the demo seed. */
const GROUP_NAMES = ['Group 13', 'Group 14'];
const GROUPS = [DEMO.freeGroups[2], DEMO.freeGroups[3]];
const COMMUNITY_NAME = 'Demo Community';
jest.setTimeout(120_000);

let simulator: RunningSimulator;
let model: RunningFakeOpenAi;
let userFolder: string;

beforeAll(async () => {
	fs.rmSync(RUN_DIR, { recursive: true, force: true });
	await ensureRuntime();
	const tarball = packPackage(RUN_DIR);
	simulator = await startSimulator({ linkDelayMs: 0, propagationDelayMs: 0 });
	// Each run scripts its own tool call and answer (runAgent).
	model = await startFakeOpenAi({ toolCall: { name: TOOL_NAME, arguments: {} }, finalAnswer: '' });
	userFolder = createUserFolder(RUN_DIR);
	await setUpUserFolder({ userFolder, tarball, baseUrl: simulator.url, token: TOKEN });
	await importCredentials(userFolder, [{ ...OPENAI_CREDENTIAL, data: { apiKey: 'sk-fake-not-a-secret', url: model.url } }]);
	await importWorkflow(userFolder, EXAMPLE.file);
});

afterAll(async () => {
	await Promise.all([simulator?.close(), model?.close()]);
});

interface AgentRun extends ExecuteResult {
	modelRequests: RecordedModelRequest[];
	ryzeRequests: RecordedRequest[];
}

/** Runs the example once, the fake model calling the tool with toolArguments and then answering finalAnswer. */
async function runAgent(toolArguments: Record<string, unknown>, finalAnswer: string): Promise<AgentRun> {
	simulator.reset();
	model.reset();
	model.script = { toolCall: { name: TOOL_NAME, arguments: toolArguments }, finalAnswer };
	const run = await executeWorkflow(userFolder, EXAMPLE.id);
	return { ...run, modelRequests: [...model.requests], ryzeRequests: [...simulator.requests] };
}

/** What the tool answered the model: the tool message in the model's second request. */
function toolAnswer(run: AgentRun): unknown {
	const messages: ChatMessage[] = run.modelRequests[1]?.body?.messages ?? [];
	const toolMessages = messages.filter((message) => message.role === 'tool');
	expect(toolMessages).toHaveLength(1);
	return JSON.parse(String(toolMessages[0].content));
}

/** The parameters' string values, those inside a resourceLocator (`community: {__rl, mode, value}`) too. */
function stringValues(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	return typeof value === 'object' && value !== null ? Object.values(value).flatMap(stringValues) : [];
}

/** The `$fromAI(key, description, type)` calls in the example's tool node, as the JSON schema's properties. */
function fromAiProperties(): Record<string, { type: string; description: string }> {
	const workflow = JSON.parse(fs.readFileSync(EXAMPLE.file, 'utf8')) as WorkflowJson;
	const tool = (workflow.nodes as Array<{ name: string; parameters: Record<string, unknown> }>).find((node) => node.name === TOOL_NODE);
	const properties: Record<string, { type: string; description: string }> = {};
	for (const value of stringValues(tool?.parameters ?? {})) {
		const call = /\$fromAI\('(\w+)', '([^']*)', '(\w+)'\)/.exec(value);
		if (call) properties[call[1]] = { type: call[3], description: call[2] };
	}
	return properties;
}

/** What RyzeAPI received: method and path, the token header, and the body of a POST. */
function ryzeCalls(run: AgentRun): Array<Record<string, unknown>> {
	return run.ryzeRequests.map(({ method, path, headers, body }) => ({ method, path, token: headers.token, ...(method === 'POST' && { body }) }));
}

function expectNoToken(run: AgentRun): void {
	expect(`${run.stdout}\n${run.stderr}`).not.toContain(TOKEN);
	expect(JSON.stringify(run.modelRequests)).not.toContain(TOKEN);
}

describe('an AI Agent in a real n8n, with the RyzeAPI tool installed from the packed tarball', () => {
	describe('the model gives the names from the prompt', () => {
		const finalAnswer = 'Done: Group 13 and Group 14 are now subgroups of Demo Community.';
		let run: AgentRun;

		beforeAll(async () => {
			run = await runAgent({ community: COMMUNITY_NAME, groupNames: GROUP_NAMES.join('\n') }, finalAnswer);
		});

		it("looks the names up in one read of the number's groups, then links exactly those groups, with the instance token", () => {
			expect(ryzeCalls(run)).toEqual([
				{ method: 'GET', path: '/api/group/list/main', token: TOKEN },
				{ method: 'POST', path: '/api/community/link/main', token: TOKEN, body: { communityJid: DEMO.communityJid, groupJid: GROUPS } },
			]);
		});

		it("gives the model one item per group, naming the community and each group, and outputs the model's final answer", () => {
			expect(toolAnswer(run)).toEqual(
				GROUPS.map((groupJid, index) => ({
					instance: 'main',
					communityJid: DEMO.communityJid,
					communityName: COMMUNITY_NAME,
					groupJid,
					groupName: GROUP_NAMES[index],
					status: 'linked',
				})),
			);
			expect({ exitCode: run.exitCode, status: run.result?.status }).toEqual({ exitCode: 0, status: 'success' });
			expect(nodeItems(run.result!, AGENT_NODE)).toEqual([{ output: finalAnswer }]);
		});

		it("offers the model the tool under its node's name, with the $fromAI keys (the one inside the Community locator too) as required parameters", () => {
			expect(run.modelRequests.map((request) => `${request.method} ${request.url}`)).toEqual(Array(2).fill('POST /v1/chat/completions'));
			const tools = run.modelRequests[0].body?.tools ?? [];
			expect(tools.map((tool) => tool.function.name)).toEqual([TOOL_NAME]);
			expect(tools[0].function.parameters).toEqual(
				expect.objectContaining({ type: 'object', properties: fromAiProperties(), required: ['community', 'groupNames'] }),
			);
		});

		it('tells the model, in the parameters it offers, that names are expected, one group per line', () => {
			const { properties } = run.modelRequests[0].body?.tools?.[0].function.parameters as { properties: Record<string, { description: string }> };
			expect(properties.community.description).toMatch(/^The name of the WhatsApp community\b.*e\.g\. Customers$/);
			expect(properties.groupNames.description).toMatch(/^The names of the WhatsApp groups\b.*one name per line \(a name may contain commas\)/);
		});

		// n8n's automatic description, "<the operation's action> in <the node's default name>": all the model learns of
		// what the tool is for, so the default name says WhatsApp.
		it("describes the tool to the model with n8n's automatic description, which names WhatsApp", () => {
			expect(run.modelRequests[0].body?.tools?.[0].function.description).toBe('Link groups to a community in WhatsApp (RyzeAPI)');
		});

		it('never shows the token in the logs or to the model', () => {
			expectNoToken(run);
		});
	});

	describe('the model gives a group name the number has no group by', () => {
		const finalAnswer = 'I could not link the groups: there is no group named Grup 14.';
		let run: AgentRun;

		beforeAll(async () => {
			run = await runAgent({ community: COMMUNITY_NAME, groupNames: 'Group 13\nGrup 14' }, finalAnswer);
		});

		it("reads the number's groups once and links nothing, not even the group whose name is known", () => {
			expect(ryzeCalls(run)).toEqual([{ method: 'GET', path: '/api/group/list/main', token: TOKEN }]);
		});

		// A failing tool gives the model only the error's message, which names the closest names; their JIDs and what to do
		// are in the description. The example's tool node therefore continues on error (Settings → On Error): the node's
		// error item, description included, is what the model gets.
		it("answers the model with the node's error naming the unknown name and the closest names, and the run still ends with the model's answer", () => {
			expect(toolAnswer(run)).toEqual([
				{
					error: expect.stringMatching(/^Group Names on item 0: instance "main" has no group named "Grup 14" \(closest: "Group 14"/),
					details: {
						description: expect.stringMatching(/^Nothing was sent\..* Closest names: "Group 14" \(120363400000000014@g\.us\)/),
						errorType: 'invalidInput',
						httpCode: null,
					},
				},
			]);
			expect(run.result?.status).toBe('success');
			expect(nodeItems(run.result!, AGENT_NODE)).toEqual([{ output: finalAnswer }]);
		});

		it('never shows the token in the logs or to the model', () => {
			expectNoToken(run);
		});
	});

	describe('the model leaves the community out', () => {
		const finalAnswer = 'I could not link the groups: the community is missing.';
		let run: AgentRun;

		beforeAll(async () => {
			run = await runAgent({ groupNames: GROUP_NAMES.join('\n') }, finalAnswer);
		});

		it('sends nothing to RyzeAPI', () => {
			expect(run.ryzeRequests).toEqual([]);
		});

		it("answers the model with the node's error naming the empty field, and the run still ends with the model's answer", () => {
			expect(toolAnswer(run)).toEqual([
				{ error: 'Community on item 0: no community name is given', details: expect.objectContaining({ errorType: 'invalidInput' }) },
			]);
			expect(run.result?.status).toBe('success');
			expect(nodeItems(run.result!, AGENT_NODE)).toEqual([{ output: finalAnswer }]);
		});

		it('never shows the token in the logs or to the model', () => {
			expectNoToken(run);
		});
	});
});
