/**
 * The packed package in the real n8n editor (2.41.1 on Node 24), driven in headless Chromium the way a user works:
 * owner set-up, the node panel's search, a RyzeAPI credential created and tested in the UI, then against the RyzeAPI
 * simulator, without typing a JID: Link Groups with the instance and the community picked from their lists (the
 * community searched by name) and two groups picked by name, List Subgroups, and Unlink Groups with a subgroup picked
 * from the community's subgroups; a person's JID as Community, stopped by the editor's check when typed and by the
 * node's own when it comes from an expression.
 * Needs dist/ (npm test builds it); the n8n runtime and Debian's chromium are prepared on first use.
 * Every step leaves a picture in .state/screenshots/editor-test/.
 */
import * as path from 'path';
import type { Locator } from 'playwright-core';

import {
	addNodeAction,
	chooseFromList,
	chooseMode,
	chooseOption,
	chooseOptionsByName,
	closeCredentialModal,
	credentialModal,
	demoCredential,
	editNodeCredential,
	executeStep,
	fillRyzeApiCredential,
	listedOptions,
	newWorkflow,
	nodeResult,
	notification,
	outputError,
	outputPanel,
	outputTable,
	resourceLocatorInput,
	saveCredential,
	ScreenshotLog,
	searchNodes,
	setUpOwner,
	startEditorSession,
	useExpression,
	useFixedValue,
	widenOutput,
	type EditorSession,
} from '../../e2e/lib/browser';
import { STATE_DIR } from '../../e2e/lib/ryzeapi';
import { DEMO, type RecordedRequest } from '../../simulator';

const shots = new ScreenshotLog(path.join(STATE_DIR, 'screenshots', 'editor-test'));
const LINK_ACTION = 'Link groups to a community';
const PERSON_JID = '5511999999999@s.whatsapp.net';
const WRONG_TOKEN = 'ryze-editor-wrong-token-7c2e';
jest.setTimeout(180_000);

let session: EditorSession | undefined;
/** The RyzeAPI node's panel, open from the credential step on. */
let ndv: Locator;

beforeAll(async () => {
	session = await startEditorSession(path.join(STATE_DIR, 'editor'));
});

afterAll(async () => {
	await session?.close();
});

/** Set once beforeAll succeeded; each test fails on its own assertions, not on a missing session. */
function current(): EditorSession {
	if (session === undefined) throw new Error('the editor session did not start');
	return session;
}

describe('the RyzeAPI node in the real n8n editor', () => {
	it('a first visit sets up the owner and skips the assistant page', async () => {
		const { page } = current();

		await setUpOwner(page);
		await shots.take(page, 'overview-after-owner-setup');

		expect(new URL(page.url()).pathname).toMatch(/^\/home\//);
	});

	describe('in a new workflow', () => {
		beforeAll(() => newWorkflow(current().page));

		it.each(['RyzeAPI', 'WhatsApp', 'community'])('the node panel finds RyzeAPI when searching "%s"', async (query) => {
			const { page } = current();

			const panel = await searchNodes(page, query);
			const found = await nodeResult(panel, 'RyzeAPI')
				.waitFor({ timeout: 10_000 })
				.then(() => true)
				.catch(() => false);
			await shots.take(page, `node-panel-search-${query}`);

			expect(found).toBe(true);
		});
	});

	it("a RyzeAPI credential created in the UI passes n8n's credential test on save", async () => {
		const { page, simulator } = current();
		ndv = await addNodeAction(page, 'RyzeAPI', LINK_ACTION);
		await ndv.getByRole('button', { name: 'Connect to RyzeAPI' }).click();
		const modal = credentialModal(page);
		await fillRyzeApiCredential(modal, demoCredential(simulator));
		await shots.take(modal, 'credential-filled-in');

		const result = await saveCredential(modal);
		// Opened from the node, the dialog closes once the test passes; reopened, it shows the result.
		await modal.waitFor({ state: 'hidden' });
		const reopened = await editNodeCredential(ndv);
		await reopened.getByText('Connection tested successfully').waitFor();
		await shots.take(reopened, 'credential-test-passed');

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('the same credential with a wrong token fails the test with a clear message, and passes again once fixed', async () => {
		const modal = credentialModal(current().page);
		await fillRyzeApiCredential(modal, { token: WRONG_TOKEN });
		const failed = await saveCredential(modal);
		await modal.getByText('Couldn’t connect with these settings').waitFor();
		await modal.getByText('More details').click();
		await modal.getByText(failed.message).first().waitFor();
		await shots.take(modal, 'credential-test-wrong-token');

		// Fixed before the checks, so the next tests have a working credential whatever the message says.
		await fillRyzeApiCredential(modal, { token: DEMO.accountToken });
		const fixed = await saveCredential(modal);
		await modal.getByText('Connection tested successfully').waitFor();
		await closeCredentialModal(modal);

		expect(failed.status).toBe('Error');
		expect(failed.message).toMatch(/^RyzeAPI refused this token \(HTTP 401\): it is wrong, revoked, or not a RyzeAPI token\..*Token Type/);
		expect(failed.message).not.toContain(WRONG_TOKEN);
		expect(fixed.status).toBe('OK');
	});

	it('Link Groups: instance and community picked from their lists (searched by name), two groups picked by name; executed, each group is linked', async () => {
		const { page, simulator } = current();
		await chooseFromList(ndv, 'instance', 'main (connected)');
		const beforeSearch = simulator.requests.length;
		await chooseFromList(ndv, 'community', 'Demo Community', 'demo');
		const listingsWhileSearching = groupListRequests(simulator.requests.slice(beforeSearch));
		await chooseOptionsByName(ndv, 'groups', ['Group 11', 'Group 12']);
		await widenOutput(ndv);
		await shots.take(page, 'link-groups-filled-in');

		const beforeRun = simulator.requests.length;
		await executeStep(ndv);
		const rows = await outputTable(ndv, 'linked');
		await shots.take(page, 'link-groups-output');

		expect(rows.map((row) => [row.instance, row.communityJid, row.groupJid, row.status])).toEqual([
			['main', DEMO.communityJid, DEMO.freeGroups[0], 'linked'],
			['main', DEMO.communityJid, DEMO.freeGroups[1], 'linked'],
		]);
		const links = simulator.requests.filter((request) => request.path.startsWith('/api/community/link'));
		expect(links).toHaveLength(1);
		expect(links[0].body).toEqual({ communityJid: DEMO.communityJid, groupJid: [DEMO.freeGroups[0], DEMO.freeGroups[1]] });
		expect(executionRequests(simulator.requests.slice(beforeRun))).toEqual(['POST /api/community/link/main']);
		// The node keeps the number's group list for a minute: searching as the user types costs no request. At most one
		// is seen meanwhile: the list the pickers were already loading when the instance was chosen.
		expect(listingsWhileSearching.length).toBeLessThanOrEqual(1);
	});

	it("a person's JID typed as the Community's ID: the editor flags the field and does not start the execution", async () => {
		const { page, simulator } = current();
		// n8n labels a resource locator's `id` mode "By ID" whatever its display name; the node says "By ID" too.
		await chooseMode(ndv, 'community', 'By ID');
		await resourceLocatorInput(ndv, 'community').fill(PERSON_JID);
		const sentBefore = simulator.requests.length;

		await executeStep(ndv);
		const refused = notification(page, 'Workflow execution cannot start');
		await refused.waitFor();
		await shots.take(page, 'link-groups-person-jid-editor-check');

		// The mode's validation pattern (from the node's description), checked by the editor itself: a user who types
		// this value never reaches the node's own check. The field also shows a warning icon.
		expect(await refused.innerText()).toContain('Not a group JID: a community JID looks like 120363406289005073@g.us');
		expect(executionRequests(simulator.requests.slice(sentBefore))).toEqual([]);
	});

	it("the same JID from an expression reaches the node's own check: the node's error, nothing sent to RyzeAPI", async () => {
		const { page, simulator } = current();
		// An expression (e.g. a JID from a webhook) is only known when the node runs: no editor check stops it.
		await useExpression(ndv, 'community', `{{ "${PERSON_JID}" }}`);
		const sentBefore = simulator.requests.length;

		await executeStep(ndv);
		const error = await outputError(ndv);
		await shots.take(page, 'link-groups-person-jid-error');
		await outputPanel(ndv).getByText('Other info').click();
		await shots.take(outputPanel(ndv), 'link-groups-person-jid-error-details');

		expect(error.message).toContain(`"${PERSON_JID}" is a person's WhatsApp ID, not a group`);
		expect(error.description).toContain('@g.us');
		// An input check has no answer from RyzeAPI behind it: no "From RyzeAPI" section, no error code.
		expect(error.sections).toEqual(['Other info']);
		expect(error.labels).not.toContain('Error code');
		expect(executionRequests(simulator.requests.slice(sentBefore))).toEqual([]);
	});

	it("List Subgroups: the community picked from its list, executed, shows the community's subgroups, the two just linked among them", async () => {
		const { page } = current();
		await chooseOption(ndv, 'operation', 'List Subgroups');
		await useFixedValue(ndv, 'community');
		await chooseMode(ndv, 'community', 'From list');
		await chooseFromList(ndv, 'community', 'Demo Community', 'demo');

		await executeStep(ndv);
		const rows = await outputTable(ndv, DEMO.announcementsJid);
		await shots.take(page, 'list-subgroups-output');

		expect(rows.map((row) => row.jid).sort()).toEqual([DEMO.announcementsJid, DEMO.freeGroups[0], DEMO.freeGroups[1]].sort());
		expect(rows.find((row) => row.jid === DEMO.announcementsJid)?.isDefaultSubGroup).toBe('true');
	});

	it('Unlink Groups: Subgroup Names or IDs offers the two linked groups by name, not the Announcements group; one unlinked, the output says so', async () => {
		const { page, simulator } = current();
		await chooseOption(ndv, 'operation', 'Unlink Groups');
		await chooseFromList(ndv, 'community', 'Demo Community', 'demo');
		const offered = await listedOptions(ndv, 'groups');
		await chooseOptionsByName(ndv, 'groups', ['Group 11']);
		await shots.take(page, 'unlink-groups-filled-in');

		await executeStep(ndv);
		const rows = await outputTable(ndv, 'unlinked');
		await shots.take(page, 'unlink-groups-output');

		expect(offered).toEqual(['Group 11', 'Group 12']);
		expect(rows.map((row) => [row.instance, row.communityJid, row.groupJid, row.status])).toEqual([
			['main', DEMO.communityJid, DEMO.freeGroups[0], 'unlinked'],
		]);
		const unlinks = simulator.requests.filter((request) => request.path.startsWith('/api/community/unlink'));
		expect(unlinks.map((request) => request.body)).toEqual([{ communityJid: DEMO.communityJid, groupJid: [DEMO.freeGroups[0]] }]);
	});
});

/** The group-list requests (`GET /api/group/list/main`) among requests: what the pickers and name look-ups cost. */
function groupListRequests(requests: RecordedRequest[]): RecordedRequest[] {
	return requests.filter((request) => request.method === 'GET' && request.path === '/api/group/list/main');
}

/**
 * Requests but the pickers' group list: changing Community makes the editor reload Group Names or IDs, which asks
 * RyzeAPI again once the list kept is over a minute old (a slow run); that is the editor's list, not the execution.
 */
function executionRequests(requests: RecordedRequest[]): string[] {
	const listings = new Set(groupListRequests(requests));
	return requests.filter((request) => !listings.has(request)).map((request) => `${request.method} ${request.path}`);
}
