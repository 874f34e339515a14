/**
 * The packed package inside a real n8n (2.41.1 on Node 24, from e2e/runtime), installed like a user install,
 * running the example workflows against the RyzeAPI simulator. Needs dist/ and the prepared runtime
 * (npm test does both first).
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

import {
	createUserFolder,
	dataTableRows,
	dataTablesNamed,
	ensureRuntime,
	executeWorkflow,
	freePort,
	nodeItems,
	publishWorkflow,
	runFromManualTrigger,
	setUpOwner,
	startN8n,
	waitUntil,
	workflowExecutions,
	type ExecuteResult,
	type RestSession,
	type RunningN8n,
} from '../../e2e/lib/n8n';
import { postWebhook } from '../../e2e/lib/queue';
import { EXAMPLES, packPackage, setUpUserFolder, STATE_DIR } from '../../e2e/lib/ryzeapi';
import { DEMO, startSimulator, type RunningSimulator } from '../../simulator';

const E2E_DIR = path.join(STATE_DIR, 'e2e');
const LINK_NODE = 'Link Groups';
jest.setTimeout(180_000);

let simulator: RunningSimulator;
let tarball: string;

beforeAll(async () => {
	// Each run starts from nothing; user folders of earlier runs would only pile up (about 50 MB each).
	fs.rmSync(E2E_DIR, { recursive: true, force: true });
	await ensureRuntime();
	tarball = packPackage(E2E_DIR);
	simulator = await startSimulator({ linkDelayMs: 0, propagationDelayMs: 0 });
});

afterAll(async () => {
	await simulator?.close();
});

beforeEach(() => simulator.reset());

async function userFolderWith(token: string): Promise<string> {
	const userFolder = createUserFolder(E2E_DIR);
	await setUpUserFolder({ userFolder, tarball, baseUrl: simulator.url, token });
	return userFolder;
}

function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
		});
		request.on('error', reject);
		request.end(JSON.stringify(body));
	});
}

describe('in a real n8n, installed from the packed tarball', () => {
	it('`n8n execute` runs the manual example and returns one item per group', async () => {
		const userFolder = await userFolderWith(DEMO.instances.main.token);

		const { exitCode, result, stdout } = await executeWorkflow(userFolder, EXAMPLES.manual.id);

		expect({ exitCode, status: result?.status }).toEqual({ exitCode: 0, status: 'success' });
		expect(nodeItems(result!, LINK_NODE).map((item) => [item.groupJid, item.status])).toEqual([
			['120363400000000013@g.us', 'linked'],
			['120363400000000014@g.us', 'linked'],
			[DEMO.groupInOtherCommunity, 'failed'],
		]);
		expect(simulator.requests.map((request) => request.headers.token)).toEqual([DEMO.instances.main.token]);
		expect(stdout).not.toContain(DEMO.instances.main.token);
	});

	it('a wrong token fails the execution, naming the token problem without showing the token', async () => {
		const wrongToken = 'ryze-e2e-wrong-token-4f1c';
		const userFolder = await userFolderWith(wrongToken);

		const { exitCode, result, stdout, stderr } = await executeWorkflow(userFolder, EXAMPLES.manual.id);

		expect(exitCode).toBe(1);
		const error = result?.data.resultData.error as { message?: string; description?: string } | undefined;
		expect(error?.message).toBe('Invalid token');
		expect(error?.description).toMatch(/token .* is invalid, revoked, or of the wrong kind/);
		expect(`${stdout}\n${stderr}`).not.toContain(wrongToken);
	});

	it('`n8n execute` runs the sheet example (Summarize → Sync Subgroups by name): links the groups, and a second run changes nothing', async () => {
		const userFolder = await userFolderWith(DEMO.instances.main.token);
		const [group11, group12, group13] = DEMO.freeGroups;
		const sent = () => simulator.requests.map((request) => `${request.method} ${request.path}`);
		const syncItems = (result: ExecuteResult['result']) => nodeItems(result!, EXAMPLES.sheetSync.node);

		const first = await executeWorkflow(userFolder, EXAMPLES.sheetSync.id);

		expect({ exitCode: first.exitCode, status: first.result?.status }).toEqual({ exitCode: 0, status: 'success' });
		// Summarize's append gives the list of names as `appended_group`, one item for the one community.
		expect(nodeItems(first.result!, 'Summarize')).toEqual([{ community: 'Demo Community', appended_group: ['Group 11', 'Group 12', 'Group 13'] }]);
		expect(syncItems(first.result).map((item) => [item.groupName, item.groupJid, item.action, item.alreadyLinked])).toEqual([
			['Group 11', group11, 'linked', undefined],
			['Group 12', group12, 'linked', undefined],
			['Group 13', group13, 'linked', undefined],
		]);
		expect(sent()).toEqual(['GET /api/group/list/main', 'GET /api/community/listSubGroups/main', 'POST /api/community/link/main']);
		expect(simulator.requests[2].body).toEqual({ communityJid: DEMO.communityJid, groupJid: [group11, group12, group13] });
		expect(simulator.world.subgroupsOf(DEMO.communityJid).map((group) => group.jid)).toEqual(expect.arrayContaining([group11, group12, group13]));
		simulator.requests.length = 0;

		const second = await executeWorkflow(userFolder, EXAMPLES.sheetSync.id);

		expect({ exitCode: second.exitCode, status: second.result?.status }).toEqual({ exitCode: 0, status: 'success' });
		expect(syncItems(second.result).map((item) => [item.groupName, item.action, item.alreadyLinked])).toEqual([
			['Group 11', 'unchanged', true],
			['Group 12', 'unchanged', true],
			['Group 13', 'unchanged', true],
		]);
		// Each `n8n execute` is its own process: the names are looked up again, then the listing; no link request.
		expect(sent()).toEqual(['GET /api/group/list/main', 'GET /api/community/listSubGroups/main']);
		for (const run of [first, second]) expect(`${run.stdout}\n${run.stderr}`).not.toContain(DEMO.instances.main.token);
	});

	describe('`n8n start` with the webhook example published', () => {
		let n8n: RunningN8n;

		beforeAll(async () => {
			const userFolder = await userFolderWith(DEMO.instances.main.token);
			await publishWorkflow(userFolder, EXAMPLES.webhook.id);
			n8n = await startN8n(userFolder, { port: 5689 });
		});

		afterAll(async () => {
			await n8n?.stop();
		});

		const post = (body: unknown) => postJson(`${n8n.url}/webhook/${EXAMPLES.webhook.path}`, body);

		it('answers 200 with one item per group when every group is in the community now; the same call again answers the same, verified', async () => {
			const groups = [DEMO.freeGroups[0], DEMO.freeGroups[1].replace('@g.us', '')];

			const first = await post({ communityJid: DEMO.communityJid, groups });
			const again = await post({ communityJid: DEMO.communityJid, groups });

			const statuses = (answer: { body: unknown }) =>
				(answer.body as Array<Record<string, unknown>>).map((item) => [item.groupJid, item.status, item.alreadyLinked ?? false]);
			expect(first.status).toBe(200);
			expect(statuses(first)).toEqual([
				[DEMO.freeGroups[0], 'linked', false],
				[DEMO.freeGroups[1], 'linked', false],
			]);
			expect(again.status).toBe(200);
			expect(statuses(again)).toEqual([
				[DEMO.freeGroups[0], 'linked', true],
				[DEMO.freeGroups[1], 'linked', true],
			]);
		});

		it('answers 422 with the per-group results when a group is not in the community', async () => {
			const groups = [DEMO.freeGroups[2], DEMO.groupNotAdmin];

			const response = await post({ communityJid: DEMO.communityJid, groups });

			expect(response.status).toBe(422);
			expect((response.body as Array<Record<string, unknown>>).map((item) => [item.groupJid, item.status])).toEqual([
				[DEMO.freeGroups[2], 'linked'],
				[DEMO.groupNotAdmin, 'failed'],
			]);
		});

		it('answers an item the node refuses with HTTP 400 and {error, description}, sending nothing to RyzeAPI', async () => {
			const response = await post({ communityJid: 'family', groups: [DEMO.freeGroups[2]] });

			expect(response).toEqual({
				status: 400,
				body: { error: 'Community on item 0: "family" is not a group JID', description: expect.stringContaining('120363406289005073@g.us') },
			});
			expect(simulator.requests).toEqual([]);
		});

		it('answers HTTP 429 and {error, description} when the rate limit resets later than the node may wait', async () => {
			simulator.injectFault({ kind: 'rateLimited', resetInSeconds: 600 });

			const response = await post({ communityJid: DEMO.communityJid, groups: [DEMO.freeGroups[2]] });

			expect(response).toEqual({
				status: 429,
				body: { error: 'Rate limit exceeded. Try again later.', description: expect.stringContaining('would pass Max Rate-Limit Wait (120 s)') },
			});
			expect(JSON.stringify(response.body)).not.toContain(DEMO.instances.main.token);
		});
	});

	describe('`n8n start` with the answer-at-once example published (links afterwards, records the groups not linked in a Data Table)', () => {
		const { id, path: webhookPath, setUpTrigger, table } = EXAMPLES.webhookAsync;
		/** RyzeAPI's pause per group: a call of 4 groups takes at least 4 s to link. */
		const LINK_DELAY_MS = 1000;
		let n8n: RunningN8n;
		let owner: RestSession;
		let userFolder: string;

		beforeAll(async () => {
			userFolder = await userFolderWith(DEMO.instances.main.token);
			await publishWorkflow(userFolder, id);
			n8n = await startN8n(userFolder, { port: await freePort() });
			owner = await setUpOwner(n8n);
		});

		afterAll(async () => {
			simulator.options.linkDelayMs = 0;
			await n8n?.stop();
		});

		it('its Manual Trigger creates the data table, and running it again reuses it; `n8n execute` cannot run the Data table node', async () => {
			// n8n 2.41 starts its modules (Data Tables among them) in `n8n start`, `worker` and `webhook`, not in `execute`.
			const cli = await executeWorkflow(userFolder, id);
			expect(cli.exitCode).toBe(1);
			expect(`${cli.stdout}\n${cli.stderr}`).toContain('Attempted to use Data table node but the module is disabled');

			expect(await runFromManualTrigger(owner, id, setUpTrigger)).toBe('success');
			expect(await runFromManualTrigger(owner, id, setUpTrigger)).toBe('success');

			const tables = await dataTablesNamed(owner, table);
			expect(tables).toHaveLength(1);
			expect(Object.fromEntries(tables[0].columns.map((column) => [column.name, column.type]))).toEqual({
				callId: 'string',
				communityJid: 'string',
				groupJid: 'string',
				errorType: 'string',
				reason: 'string',
				at: 'date',
			});
			expect(simulator.requests).toEqual([]);
		});

		it('answers 202 {accepted, executionId} before any link is done; a refused group and every group of a failed call become rows', async () => {
			simulator.options.linkDelayMs = LINK_DELAY_MS;
			const url = `${n8n.url}/webhook/${webhookPath}`;
			const [free0, free1, free2, free3] = DEMO.freeGroups;
			const good = [0, 1, 2].map((call) => DEMO.directoryGroups.slice(4 * call, 4 * call + 4).map((group) => group.jid));
			const linkRequests = () => simulator.requests.filter((request) => request.path === '/api/community/link/main');
			// The first call meets RyzeAPI down (503 on its link); it gives its groups as text, as the example allows.
			simulator.injectFault({ kind: 'status', status: 503, path: '/api/community/link' });
			const down = await postWebhook(url, { communityJid: DEMO.communityJid, groups: `${free2}, ${free3}` }, 30_000);
			await waitUntil('the first call has met the 503', () => linkRequests().length === 1 && linkRequests()[0].status === 503);

			// Then five calls at once: one with a group in another community, one n8n's node refuses, three that link.
			const calls = [
				{ communityJid: DEMO.communityJid, groups: [free0, DEMO.groupInOtherCommunity, free1] },
				{ communityJid: 'family', groups: [DEMO.legacyGroup] },
				...good.map((groups) => ({ communityJid: DEMO.communityJid, groups })),
			];
			const answers = await Promise.all(calls.map((call) => postWebhook(url, call, 30_000)));
			const linksDoneWhenAnswered = linkRequests().filter((request) => request.status !== 0).length;

			for (const answer of [down, ...answers]) {
				expect(answer).toEqual({ status: 202, body: { accepted: true, executionId: expect.stringMatching(/^\d+$/) }, ms: expect.any(Number) });
			}
			// Every caller had its answer while the links were still under way: only the 503 had been answered.
			expect(linksDoneWhenAnswered).toBe(1);
			expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(4 * LINK_DELAY_MS);

			const webhookRuns = async () => (await workflowExecutions(owner, id)).filter((execution) => execution.mode === 'webhook');
			await waitUntil('all six executions have ended', async () => {
				const runs = await webhookRuns();
				return runs.length === 6 && runs.every((run) => run.status === 'success');
			});
			for (const groups of good) expect(groups.map((jid) => simulator.world.groups.get(jid)?.parentJid)).toEqual(groups.map(() => DEMO.communityJid));
			expect([free0, free1].map((jid) => simulator.world.groups.get(jid)?.parentJid)).toEqual([DEMO.communityJid, DEMO.communityJid]);
			expect(linkRequests().map((request) => request.status)).toEqual([503, 200, 200, 200, 200]);

			const callId = (answer: { body: unknown }) => (answer.body as { executionId: string }).executionId;
			const row = (answer: { body: unknown }, communityJid: string, groupJid: string, errorType: string, reason: unknown) => ({
				id: expect.any(Number),
				callId: callId(answer),
				communityJid,
				groupJid,
				errorType,
				reason,
				at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				createdAt: expect.any(String),
				updatedAt: expect.any(String),
			});
			const rows = await dataTableRows(owner, table);
			const byCall = (call: string) => rows.filter((each) => each.callId === call);
			expect(rows).toHaveLength(4);
			expect(byCall(callId(down))).toEqual([
				row(down, DEMO.communityJid, free2, 'ryzeApiError', expect.stringMatching(/^Service Unavailable — .*HTTP 503/)),
				row(down, DEMO.communityJid, free3, 'ryzeApiError', expect.stringMatching(/^Service Unavailable — .*HTTP 503/)),
			]);
			expect(byCall(callId(answers[0]))).toEqual([row(answers[0], DEMO.communityJid, DEMO.groupInOtherCommunity, 'groupFailed', expect.stringContaining('another community'))]);
			expect(byCall(callId(answers[1]))).toEqual([row(answers[1], 'family', DEMO.legacyGroup, 'invalidInput', expect.stringContaining('"family" is not a group JID'))]);
			expect(JSON.stringify(rows)).not.toContain(DEMO.instances.main.token);
		});
	});

	describe('`n8n start` that cannot read the RyzeAPI credential: Link Groups fails as a whole, and n8n passes the call on without results', () => {
		let n8n: RunningN8n;
		let owner: RestSession;

		beforeAll(async () => {
			const userFolder = await userFolderWith(DEMO.instances.main.token);
			for (const example of [EXAMPLES.webhook, EXAMPLES.webhookAsync]) await publishWorkflow(userFolder, example.id);
			// Another encryption key than the one the credential was saved with (and n8n's settings file with it gone, or n8n
			// refuses the mismatch): its decryption fails before any item is run, as a database time-out under a burst does.
			fs.rmSync(path.join(userFolder, '.n8n', 'config'));
			n8n = await startN8n(userFolder, { port: await freePort(), env: { N8N_ENCRYPTION_KEY: 'not-the-key-the-credential-was-saved-with' } });
			owner = await setUpOwner(n8n);
		});

		afterAll(async () => {
			await n8n?.stop();
		});

		it('the webhook example answers 502 saying no group was linked, not 200 with the request echoed', async () => {
			const response = await postJson(`${n8n.url}/webhook/${EXAMPLES.webhook.path}`, { communityJid: DEMO.communityJid, groups: [DEMO.freeGroups[0]] });

			expect(response).toEqual({
				status: 502,
				body: { error: expect.stringContaining('Link Groups stopped before it linked any group') },
			});
			expect(simulator.requests).toEqual([]);
		});

		it('the answer-at-once example records every group of the call as not linked (errorType notRun)', async () => {
			const { id, path: webhookPath, setUpTrigger, table } = EXAMPLES.webhookAsync;
			expect(await runFromManualTrigger(owner, id, setUpTrigger)).toBe('success');
			const groups = [DEMO.freeGroups[1], DEMO.freeGroups[2]];

			const answer = await postWebhook(`${n8n.url}/webhook/${webhookPath}`, { communityJid: DEMO.communityJid, groups }, 30_000);

			expect(answer.status).toBe(202);
			const callId = (answer.body as { executionId: string }).executionId;
			await waitUntil('the call has its rows', async () => (await dataTableRows(owner, table)).length === 2);
			expect((await dataTableRows(owner, table)).map((row) => [row.callId, row.communityJid, row.groupJid, row.errorType, row.reason])).toEqual(
				groups.map((groupJid) => [callId, DEMO.communityJid, groupJid, 'notRun', expect.stringContaining('Link Groups stopped before it linked any group')]),
			);
			expect(simulator.requests).toEqual([]);
		});
	});

	describe('`n8n start` with the create-group example published (a support group per customer, with its invite link)', () => {
		const url = () => `${n8n.url}/webhook/${EXAMPLES.createInvite.path}`;
		const [blockedPhone] = DEMO.privacyBlockedPhones;
		const createRequests = () => simulator.requests.filter((request) => request.method === 'POST' && request.path === '/api/group/create/main');
		/** Every answer of these tests, searched for the token at the end. */
		const answers: unknown[] = [];
		let n8n: RunningN8n;

		beforeAll(async () => {
			const userFolder = await userFolderWith(DEMO.instances.main.token);
			await publishWorkflow(userFolder, EXAMPLES.createInvite.id);
			n8n = await startN8n(userFolder, { port: await freePort() });
		});

		afterAll(async () => {
			await n8n?.stop();
		});

		async function sendForm(body: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
			const response = await postJson(url(), body);
			answers.push(response);
			return response;
		}

		it('creates the group inside the community once: the same form sent again gets the same group and invite link', async () => {
			const form = { name: 'Acme Ltd', phone: '+55 11 97777-0000' };

			const first = await sendForm(form);
			const second = await sendForm(form);

			expect(first).toEqual({
				status: 200,
				body: {
					groupJid: expect.stringMatching(/^\d+@g\.us$/),
					inviteLink: expect.stringMatching(/^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/),
					created: true,
					participantsNotAdded: [],
				},
			});
			const { groupJid, inviteLink } = first.body as { groupJid: string; inviteLink: string };
			expect(second).toEqual({ status: 200, body: { groupJid, inviteLink, created: false } });
			expect(createRequests().map((request) => request.body)).toEqual([
				{ name: 'Acme Ltd - support', participants: ['5511977770000'], communityJid: DEMO.communityJid },
			]);
			expect(simulator.world.groups.get(groupJid)?.parentJid).toBe(DEMO.communityJid);
		});

		it('answers with the people WhatsApp kept out (privacy settings), to send the invite link to', async () => {
			const response = await sendForm({ name: 'Blocked Ltd', phone: blockedPhone });

			expect(response).toEqual({
				status: 200,
				body: { groupJid: expect.stringMatching(/@g\.us$/), inviteLink: expect.any(String), created: true, participantsNotAdded: [blockedPhone] },
			});
		});

		it.each([
			[
				'a phone without country code',
				{ name: 'Acme Ltd', phone: '011 99999-0000' },
				'Participants on item 0: "011 99999-0000" starts with 0: give the number with its country code, without a leading 0 or 00',
			],
			['no name', { phone: '+55 11 97777-0000' }, 'Name on item 0: no name is given'],
		])('answers %s with HTTP 400 and {error, description} naming the field, creating nothing', async (_case, form, error) => {
			const response = await sendForm(form);

			expect(response).toEqual({ status: 400, body: { error, description: expect.any(String) } });
			expect(createRequests()).toEqual([]);
		});

		// n8n puts an empty item on the look-up's main output whenever it has none (Always Output Data), an error too:
		// the example's switch sends it on to Create only when the look-up's error output is empty.
		it('answers HTTP 502 and creates nothing when the look-up of the group fails', async () => {
			simulator.injectFault({ kind: 'status', status: 502, path: '/api/group/list' });

			const response = await sendForm({ name: 'Acme Ltd', phone: '+55 11 97777-0000' });

			expect(response).toEqual({ status: 502, body: { error: 'Bad Gateway', description: expect.stringContaining('HTTP 502') } });
			expect(simulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/group/list/main']);
		});

		it("never shows the token in n8n's log or in its answers", () => {
			expect(answers.length).toBeGreaterThan(0);
			expect(`${fs.readFileSync(n8n.logFile, 'utf8')}\n${JSON.stringify(answers)}`).not.toContain(DEMO.instances.main.token);
		});
	});
});
