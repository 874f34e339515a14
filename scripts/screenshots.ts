/**
 * `npm run screenshots`: refreshes the README's pictures of the node in the real n8n editor (docs/*.png), taken in
 * headless Chromium against the RyzeAPI simulator, each cropped to its panel:
 * - the credential dialog as a user fills it in: Token Type and Base URL left at their defaults (Instance Token,
 *   https://ryzeapi.cloud), a token typed (masked), before Save (n8n tests on Save, and ryzeapi.cloud cannot be
 *   reached here). Then the run saves the simulator's demo credential instead, for the pictures after it;
 * - the Link Groups parameters as a user sets them without typing a JID (instance and community picked from their
 *   lists, two groups picked by name), at 1280×1000 so the whole panel shows, and their output table;
 * - examples/webhook-link-groups.json on the canvas, zoomed to fit, as imported (its RyzeAPI node on the credential
 *   created above);
 * - after Publish, the Webhook node's panel on its Production URL, with n8n's public URL set to PUBLIC_N8N_URL.
 * On the way it checks the editor's words the README uses (EDITOR_WORDS) and prints them. docs/ is not in the packed
 * package ("files": ["dist"]).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';

import {
	addNodeAction,
	chooseFromList,
	chooseOptionsByName,
	credentialModal,
	demoCredential,
	executeStep,
	fillRyzeApiCredential,
	newWorkflow,
	outputPanel,
	outputTable,
	parameterField,
	parametersPane,
	saveCredential,
	savePictureDownTo,
	setUpOwner,
	startEditorSession,
	widenOutput,
} from '../e2e/lib/browser';
import type { WorkflowJson } from '../e2e/lib/n8n';
import { PROJECT_ROOT, readExample, STATE_DIR } from '../e2e/lib/ryzeapi';
import { DEMO } from '../simulator';

const DOCS_DIR = path.join(PROJECT_ROOT, 'docs');
const PICTURES = {
	credential: path.join(DOCS_DIR, 'credential-dialog.png'),
	parameters: path.join(DOCS_DIR, 'link-groups-parameters.png'),
	output: path.join(DOCS_DIR, 'link-groups-output.png'),
	canvas: path.join(DOCS_DIR, 'webhook-example-canvas.png'),
	productionUrl: path.join(DOCS_DIR, 'webhook-production-url.png'),
};
/** What the README's credential table gives as the defaults; the picture must show them. */
const CREDENTIAL_DEFAULTS = { tokenType: 'Instance Token (TokenInstance)', baseUrl: 'https://ryzeapi.cloud' };
/** Where n8n says it is reachable from outside (N8N_WEBHOOK_URL): what the Webhook node's URLs start with. */
const PUBLIC_N8N_URL = 'https://n8n.example.com/';
/** n8n 2.x's words the README uses; the run fails when the editor no longer shows one of them. */
const EDITOR_WORDS = {
	publishButton: 'Publish',
	publishedButton: 'Published',
	publishedDialog: 'Workflow published',
	testUrlTab: 'Test URL',
	productionUrlTab: 'Production URL',
	listenButton: 'Listen for test event',
	respondUsingNode: "Using 'Respond to Webhook' Node",
	respondWithLabel: 'Respond With',
	respondWithAllItems: 'All Incoming Items',
	responseCodeLabel: 'Response Code',
};
const DEFAULT_VIEWPORT = { width: 1280, height: 800 };
/** Tall enough for every Link Groups parameter down to Options without scrolling the panel. */
const TALL_VIEWPORT = { width: 1280, height: 1000 };
const WIDE_VIEWPORT = { width: 1600, height: 800 };
/** README pictures stay small; a bigger one means the crop went wrong. */
const MAX_PICTURE_BYTES = 150 * 1024;

async function main(): Promise<void> {
	console.log('Starting the simulator, n8n and Chromium (the first run prepares them: a few minutes)...');
	const session = await startEditorSession(path.join(STATE_DIR, 'screenshots-session'), { N8N_WEBHOOK_URL: PUBLIC_N8N_URL });
	try {
		const { page, simulator } = session;
		await setUpOwner(page);
		await newWorkflow(page);
		const ndv = await addNodeAction(page, 'RyzeAPI', 'Link groups to a community');

		await ndv.getByRole('button', { name: 'Connect to RyzeAPI' }).click();
		const modal = credentialModal(page);
		await fillRyzeApiCredential(modal, { token: DEMO.instances.main.token });
		await expectShown(modal, 'tokenType', CREDENTIAL_DEFAULTS.tokenType);
		await expectShown(modal, 'baseUrl', CREDENTIAL_DEFAULTS.baseUrl);
		await parameterField(modal, 'token').blur();
		await transitionsDone(page); // the dialog fades in
		await savePictureDownTo(modal, modal.getByTestId('parameter-input-baseUrl'), PICTURES.credential);
		await fillRyzeApiCredential(modal, demoCredential(simulator));
		const test = await saveCredential(modal);
		if (test.status !== 'OK') throw new Error(`n8n's credential test failed: ${test.message}`);
		await modal.waitFor({ state: 'hidden' });

		await page.setViewportSize(TALL_VIEWPORT);
		await chooseFromList(ndv, 'instance', 'main (connected)');
		await chooseFromList(ndv, 'community', 'Demo Community', 'demo');
		await chooseOptionsByName(ndv, 'groups', ['Group 11', 'Group 12']);
		await widenOutput(ndv);
		await executeStep(ndv);
		const rows = await outputTable(ndv, 'linked');
		if (rows.length !== 2 || rows.some((row) => row.status !== 'linked')) throw new Error(`unexpected output: ${JSON.stringify(rows)}`);
		// Off the parameters, so no field shows its hover-only Fixed/Expression toggle.
		await moveMouseTo(outputPanel(ndv));
		const pane = parametersPane(ndv);
		await savePictureDownTo(pane, pane.getByTestId('collection-parameter-add').filter({ visible: true }), PICTURES.parameters);
		await savePictureDownTo(outputPanel(ndv), outputPanel(ndv).getByRole('table'), PICTURES.output);
		await closeNodeDetails(ndv);

		await page.setViewportSize(DEFAULT_VIEWPORT);
		await pictureWebhookExample(page);
	} finally {
		await session.close();
	}
	report();
}

/**
 * The webhook example, created in the editor's n8n with its RyzeAPI node on the credential the run saved (the only
 * one), pictured on the canvas, then published, and its Webhook node's panel pictured on the Production URL.
 */
async function pictureWebhookExample(page: Page): Promise<void> {
	const example = readExample('webhook');
	const [credential] = await restCall<Array<{ id: string; name: string }>>(page, 'GET', '/credentials');
	const { id: workflowId } = await restCall<{ id: string }>(page, 'POST', '/workflows', asNewWorkflow(example, credential));
	await page.goto(`/workflow/${workflowId}`);
	const canvas = page.getByTestId('canvas-wrapper');
	for (const node of example.nodes as Array<{ name: string; type: string }>) {
		if (node.type !== 'n8n-nodes-base.stickyNote') await canvasNode(page, node.name).waitFor();
	}
	await page.getByTestId('zoom-to-fit').click();
	// Off the nodes and the controls, so no toolbar or tooltip shows.
	const box = await canvas.boundingBox();
	if (box === null) throw new Error('the canvas is not shown');
	await page.mouse.move(box.x + box.width - 10, box.y + 10);
	// Zooming is animated by script, not CSS: done once the canvas' transform stays put between two looks.
	await page.waitForFunction(
		`(() => { const t = document.querySelector('.vue-flow__viewport')?.style.transform; const same = t === window.lastTransform; window.lastTransform = t; return same; })()`,
		undefined,
		{ polling: 250 },
	);
	await transitionsDone(page);
	const publish = page.getByTestId('workflow-open-publish-modal-button');
	await expectText(publish, EDITOR_WORDS.publishButton);
	// The canvas and the header above it (its Publish button), without n8n's sidebar and logs bar.
	await page.screenshot({ path: PICTURES.canvas, clip: { x: box.x, y: 0, width: box.width, height: box.y + box.height } });

	await publish.click();
	await page.getByTestId('workflow-publish-button').click();
	const published = page.getByTestId('activation-modal');
	await published.getByText(EDITOR_WORDS.publishedDialog, { exact: true }).waitFor();
	await published.getByRole('button', { name: 'Got it' }).click();
	await expectText(publish, EDITOR_WORDS.publishedButton);

	// Wide enough for the Production URL on one line.
	await page.setViewportSize(WIDE_VIEWPORT);
	await canvasNode(page, 'Webhook').dblclick();
	const webhook = page.getByTestId('ndv');
	await webhook.getByText(EDITOR_WORDS.testUrlTab, { exact: true }).waitFor();
	await webhook.getByText(EDITOR_WORDS.productionUrlTab, { exact: true }).click();
	const webhookPath = (example.nodes as Array<{ name: string; parameters: { path?: string } }>).find((node) => node.name === 'Webhook')?.parameters.path;
	await webhook.getByText(`${PUBLIC_N8N_URL}webhook/${webhookPath ?? ''}`, { exact: true }).waitFor();
	await webhook.getByRole('button', { name: EDITOR_WORDS.listenButton }).first().waitFor();
	await expectShown(webhook, 'responseMode', EDITOR_WORDS.respondUsingNode);
	const pane = parametersPane(webhook);
	await moveMouseTo(outputPanel(webhook));
	await savePictureDownTo(pane, pane.getByTestId('parameter-input-responseMode'), PICTURES.productionUrl);
	await closeNodeDetails(webhook);

	await canvasNode(page, 'Respond with results').dblclick();
	const respond = page.getByTestId('ndv');
	await respond.getByText(EDITOR_WORDS.respondWithLabel, { exact: true }).waitFor();
	await expectShown(respond, 'respondWith', EDITOR_WORDS.respondWithAllItems);
	await respond.getByText(EDITOR_WORDS.responseCodeLabel, { exact: true }).waitFor();
	await closeNodeDetails(respond);
	console.log('The editor shows these words, as the README uses them:');
	for (const words of Object.values(EDITOR_WORDS)) console.log(`  ${words}`);
}

/** The example as a new workflow of this n8n (it gives the id): its RyzeAPI nodes on the credential given. */
function asNewWorkflow(example: WorkflowJson, credential: { id: string; name: string }): Record<string, unknown> {
	const workflow: Record<string, unknown> = { ...example };
	delete workflow.id;
	delete workflow.active;
	const nodes = (example.nodes as Array<{ credentials?: Record<string, unknown> }>).map((node) =>
		node.credentials?.ryzeApi === undefined ? node : { ...node, credentials: { ...node.credentials, ryzeApi: credential } },
	);
	return { ...workflow, nodes };
}

/** One call to n8n's REST API from the page, as the editor makes it (its session cookie and browser id). */
async function restCall<T>(page: Page, method: 'GET' | 'POST', restPath: string, body?: unknown): Promise<T> {
	const answer = await page.evaluate(
		async ([verb, url, json]) => {
			// In the page (this project's TypeScript has no DOM types).
			const { localStorage } = globalThis as unknown as { localStorage: { getItem(key: string): string | null } };
			const response = await fetch(`/rest${url}`, {
				method: verb,
				headers: { 'Content-Type': 'application/json', 'browser-id': localStorage.getItem('n8n-browserId') ?? '' },
				body: json,
			});
			return { status: response.status, text: await response.text() };
		},
		[method, restPath, body === undefined ? undefined : JSON.stringify(body)] as const,
	);
	if (answer.status !== 200) throw new Error(`${method} /rest${restPath} answered HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
	return (JSON.parse(answer.text) as { data: T }).data;
}

function canvasNode(page: Page, name: string): Locator {
	return page.getByTestId('canvas-node').filter({ has: page.getByText(name, { exact: true }) }).first();
}

async function closeNodeDetails(ndv: Locator): Promise<void> {
	await ndv.page().keyboard.press('Escape');
	await ndv.waitFor({ state: 'hidden' });
}

/** Once no CSS transition or finite animation runs in the page (endless ones, like a blinking cursor, aside). */
async function transitionsDone(page: Page): Promise<void> {
	await page.waitForFunction(`document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)`);
}

async function moveMouseTo(area: Locator): Promise<void> {
	const box = await area.boundingBox();
	if (box !== null) await area.page().mouse.move(box.x + box.width / 2, box.y + box.height / 2);
}

/** Fails unless the parameter's field shows exactly that (a text field's value, or an options field's choice). */
async function expectShown(scope: Locator, name: string, expected: string): Promise<void> {
	const shown = await scope.getByTestId(`parameter-input-${name}`).evaluate((field) => {
		const input = field.querySelector('input');
		return input !== null && input.value !== '' ? input.value : (field as unknown as { innerText: string }).innerText;
	});
	if (shown.trim() !== expected) throw new Error(`the ${name} field shows "${shown.trim()}" where "${expected}" was expected`);
}

/** Waits until the element's text is exactly that (a button changes its text a moment after the action). */
async function expectText(element: Locator, expected: string): Promise<void> {
	await element.filter({ hasText: new RegExp(`^\\s*${expected}\\s*$`) }).waitFor();
}

function report(): void {
	for (const file of Object.values(PICTURES)) {
		const bytes = fs.statSync(file).size;
		console.log(`  ${path.relative(PROJECT_ROOT, file)}  ${Math.round(bytes / 1024)} KB`);
		if (bytes > MAX_PICTURE_BYTES) throw new Error(`${file} is over ${MAX_PICTURE_BYTES / 1024} KB`);
	}
}

main().catch((error: unknown) => {
	console.error(`\nScreenshots failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
