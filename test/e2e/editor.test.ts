/**
 * The packed package in the real n8n editor (2.41.1 on Node 24), driven in headless Chromium the way a user works:
 * owner set-up, the node panel's search, a RyzeAPI credential created and tested in the UI, the Link Groups and
 * List Subgroups actions executed against the RyzeAPI simulator, and the node's error for a person's JID.
 * Needs dist/ (npm test builds it); the n8n runtime and Debian's chromium are prepared on first use.
 * Every step leaves a picture in .state/screenshots/editor-test/.
 */
import * as path from 'path';
import type { Locator } from 'playwright-core';

import {
	addNodeAction,
	chooseFromList,
	chooseOption,
	closeCredentialModal,
	credentialModal,
	demoCredential,
	editNodeCredential,
	executeStep,
	fillRyzeApiCredential,
	newWorkflow,
	nodeResult,
	outputError,
	outputPanel,
	outputTable,
	parameterField,
	saveCredential,
	ScreenshotLog,
	searchNodes,
	setUpOwner,
	startEditorSession,
	widenOutput,
	type EditorSession,
} from '../../e2e/lib/browser';
import { STATE_DIR } from '../../e2e/lib/ryzeapi';
import { DEMO } from '../../simulator';

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

	it('Link Groups: the instance picked from the list, the JIDs filled in, executed, shows each group linked', async () => {
		const { page, simulator } = current();
		await chooseFromList(ndv, 'instance', 'main (connected)');
		await parameterField(ndv, 'communityJid').fill(DEMO.communityJid);
		await parameterField(ndv, 'groupJids').fill(`${DEMO.freeGroups[0]}, ${DEMO.freeGroups[1]}`);
		await widenOutput(ndv);
		await shots.take(page, 'link-groups-filled-in');

		await executeStep(ndv);
		const rows = await outputTable(ndv);
		await shots.take(page, 'link-groups-output');

		expect(rows.map((row) => [row.instance, row.communityJid, row.groupJid, row.status])).toEqual([
			['main', DEMO.communityJid, DEMO.freeGroups[0], 'linked'],
			['main', DEMO.communityJid, DEMO.freeGroups[1], 'linked'],
		]);
		expect(simulator.requests.filter((request) => request.path.startsWith('/api/community/link'))).toHaveLength(1);
	});

	it("a person's JID as Community JID shows the node's error and sends nothing to RyzeAPI", async () => {
		const { page, simulator } = current();
		const sentBefore = simulator.requests.length;
		await parameterField(ndv, 'communityJid').fill(PERSON_JID);

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
		expect(simulator.requests).toHaveLength(sentBefore);
	});

	it("List Subgroups executes and shows the community's subgroups, the two just linked among them", async () => {
		const { page } = current();
		await chooseOption(ndv, 'operation', 'List Subgroups');
		await parameterField(ndv, 'communityJid').fill(DEMO.communityJid);

		await executeStep(ndv);
		const rows = await outputTable(ndv);
		await shots.take(page, 'list-subgroups-output');

		expect(rows.map((row) => row.jid).sort()).toEqual([DEMO.announcementsJid, DEMO.freeGroups[0], DEMO.freeGroups[1]].sort());
		expect(rows.find((row) => row.jid === DEMO.announcementsJid)?.isDefaultSubGroup).toBe('true');
	});
});
