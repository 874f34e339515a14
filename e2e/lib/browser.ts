/**
 * Drives n8n's editor (the real n8n from e2e/lib/n8n) in headless Chromium, for the editor tests and
 * `npm run screenshots`. The browser is Debian's chromium (e2e/browser/prepare.sh installs it); playwright-core only
 * drives it. Locators follow what a user sees (roles, labels, texts, placeholders); where n8n gives a field no
 * accessible name, n8n's own data-test-id is used (parameter inputs are keyed by the node's parameter names).
 * The browser reaches 127.0.0.1 only: every other request is aborted.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, selectors, type Browser, type Locator, type Page, type Request } from 'playwright-core';

import { DEMO, startSimulator, type RunningSimulator } from '../../simulator';
import { createUserFolder, ensureRuntime, freePort, installCommunityPackage, startN8n, type RunningN8n } from './n8n';
import { packPackage } from './ryzeapi';

const CHROMIUM_PATH = '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };

// Generous: on 2 cores the editor's first loads and n8n's first execution take seconds.
const UI_TIMEOUT_MS = 30_000;
/** Between keys when typing into a search box, roughly a quick typist. */
const TYPING_DELAY_MS = 120;
/** The most to wait for n8n's request for a list search (none comes when it answers from its cache). */
const LIST_SEARCH_WAIT_MS = 3_000;
const DROPDOWN_OPEN_MS = 5_000;
const DROPDOWN_OPEN_ATTEMPTS = 3;
/** Test-only owner account of a throwaway n8n. */
const OWNER = { email: 'owner@example.com', firstName: 'Editor', lastName: 'Test', password: 'E2e-Owner-Passw0rd' };

// Chromium's own calls home (updates, sync, field trials) cannot succeed here and only add noise.
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface EditorSession {
	simulator: RunningSimulator;
	n8n: RunningN8n;
	browser: Browser;
	/** On the editor, before the owner set-up. */
	page: Page;
	/** Closes the browser, stops n8n and the simulator, each even if another fails. */
	close(): Promise<void>;
}

/**
 * Everything an editor run needs, under dir (emptied first): the packed package installed into a fresh n8n user
 * folder, without a credential (n8n would pick an imported one on the node; the editor creates it), the simulator
 * (DEMO world, no delays), n8n on a free port (with n8nEnv added to its environment), and the editor open in Chromium.
 * On failure, what started is stopped.
 */
export async function startEditorSession(dir: string, n8nEnv?: Record<string, string>): Promise<EditorSession> {
	await ensureRuntime();
	ensureBrowser();
	fs.rmSync(dir, { recursive: true, force: true });
	const tarball = packPackage(dir);
	const stops: Array<() => Promise<void>> = [];
	const close = async () => {
		await Promise.allSettled(stops.map((stop) => stop()));
	};
	try {
		const simulator = await startSimulator({ linkDelayMs: 0, propagationDelayMs: 0 });
		stops.push(() => simulator.close());
		const userFolder = createUserFolder(dir);
		await installCommunityPackage(userFolder, tarball);
		const n8n = await startN8n(userFolder, { port: await freePort(), env: n8nEnv });
		stops.push(() => n8n.stop());
		const browser = await launchBrowser();
		stops.push(() => browser.close());
		const page = await openEditor(browser, n8n.url);
		page.setDefaultTimeout(UI_TIMEOUT_MS);
		return { simulator, n8n, browser, page, close };
	} catch (error) {
		await close();
		throw error;
	}
}

/** Runs e2e/browser/prepare.sh (installs Debian's chromium once; then instant). */
export function ensureBrowser(): void {
	execFileSync('bash', [path.resolve(__dirname, '..', 'browser', 'prepare.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** playwright keeps its own fresh user-data-dir per launch. */
export async function launchBrowser(): Promise<Browser> {
	selectors.setTestIdAttribute('data-test-id');
	return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A page on the editor at n8nUrl (relative page.goto() paths resolve against it), loopback traffic only. */
export async function openEditor(browser: Browser, n8nUrl: string): Promise<Page> {
	const context = await browser.newContext({ baseURL: n8nUrl, viewport: VIEWPORT });
	await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
	return context.newPage();
}

function isLoopback(url: string): boolean {
	const { protocol, hostname } = new URL(url);
	return !protocol.startsWith('http') || hostname === '127.0.0.1' || hostname === 'localhost';
}

/** First visit: the owner form, then "Set up later" on the n8n Assistant page; ends on the Overview. */
export async function setUpOwner(page: Page): Promise<void> {
	await page.goto('/');
	await page.getByLabel('Email').fill(OWNER.email);
	await page.getByLabel('First Name').fill(OWNER.firstName);
	await page.getByLabel('Last Name').fill(OWNER.lastName);
	await page.getByLabel('Password').fill(OWNER.password);
	await page.getByRole('button', { name: 'Next' }).click();
	await page.getByRole('button', { name: 'Set up later in Settings' }).click();
	await page.waitForURL('**/home/**');
}

/** An empty workflow, saved by n8n as soon as a node is added. */
export async function newWorkflow(page: Page): Promise<void> {
	await page.goto('/workflow/new');
	await page.getByText('Add first step').waitFor();
}

// ---------------------------------------------------------------------------------------------------------
// Node panel (n8n's "node creator")

function nodePanel(page: Page): Locator {
	return page.getByTestId('node-creator');
}

/** Opens the node panel if needed and types the query; returns the panel. */
export async function searchNodes(page: Page, query: string): Promise<Locator> {
	const search = page.getByPlaceholder('Search nodes...');
	if (!(await search.isVisible())) await page.getByTestId('canvas-add-button').click();
	await search.fill(query);
	return nodePanel(page);
}

/** A node listed in the panel's results, by its display name. */
export function nodeResult(panel: Locator, displayName: string): Locator {
	return panel.getByTestId('node-creator-item-name').getByText(displayName, { exact: true });
}

/**
 * Adds a node's action (e.g. "Link groups to a community") to the open workflow and returns its panel (NDV).
 * As a first step, n8n puts a manual trigger in front of it.
 */
export async function addNodeAction(page: Page, displayName: string, action: string): Promise<Locator> {
	const panel = await searchNodes(page, displayName);
	await nodeResult(panel, displayName).click();
	// Next to a trigger of the same package, the first step's panel lists triggers open and actions folded.
	const actionItem = panel.getByText(action, { exact: true });
	const actionsHeading = panel.getByText(/^Actions \(\d+\)$/);
	await actionsHeading.waitFor();
	if (!(await actionItem.isVisible())) await actionsHeading.click();
	await actionItem.click();
	const ndv = nodeDetails(page);
	await ndv.waitFor();
	return ndv;
}

// ---------------------------------------------------------------------------------------------------------
// Node details view (NDV) and parameters

function nodeDetails(page: Page): Locator {
	return page.getByTestId('ndv');
}

/** The text input (or text area) of a node or credential parameter. */
export function parameterField(scope: Locator, name: string): Locator {
	return scope.getByTestId(`parameter-input-${name}`).locator('input, textarea').first();
}

/** Picks an option of an options parameter by its shown name. */
export async function chooseOption(scope: Locator, name: string, option: string | RegExp): Promise<void> {
	await scope.getByTestId(`parameter-input-${name}`).click();
	await scope.page().getByRole('option', { name: option }).click();
}

/** A resource locator's value box: the list's trigger in "From list" mode, a text field in the others. */
export function resourceLocatorInput(ndv: Locator, name: string): Locator {
	return ndv.getByTestId(`resource-locator-${name}`).getByTestId('rlc-input');
}

/**
 * Picks an entry of a resource locator's "From list" mode, e.g. "main (connected)", and waits until the field shows
 * it. With search, first types that into the list's Search box key by key, as a user does, and picks once the list
 * shows what n8n found for it.
 */
export async function chooseFromList(ndv: Locator, name: string, entry: string, search?: string): Promise<void> {
	const page = ndv.page();
	const locator = ndv.getByTestId(`resource-locator-${name}`);
	const input = resourceLocatorInput(ndv, name);
	// While a search loads, n8n shows skeleton rows under the entry already chosen (kept from before): clicking that
	// entry then stores the value without its name, and the field shows the bare value instead of the entry.
	const loading = locator.locator('.n8n-loading');
	await input.click();
	await loading.first().waitFor({ state: 'detached' });
	if (search !== undefined) {
		// n8n searches 300 ms after the last key; a text it already searched in this list is answered from its cache.
		const searched = page
			.waitForResponse((response) => isListSearch(response.request(), name, search), { timeout: LIST_SEARCH_WAIT_MS })
			.catch(() => undefined);
		const box = locator.getByTestId('rlc-search');
		await box.fill('');
		await box.pressSequentially(search, { delay: TYPING_DELAY_MS });
		await searched;
		await loading.first().waitFor({ state: 'detached' });
	}
	await locator.getByTestId('rlc-item').getByText(entry, { exact: true }).click();
	await page.waitForFunction(([field, shown]) => (field as { value?: string } | null)?.value === shown, [await input.elementHandle(), entry] as const);
}

function isListSearch(request: Request, name: string, search: string): boolean {
	if (new URL(request.url()).pathname !== '/rest/dynamic-node-parameters/resource-locator-results') return false;
	const body = request.postDataJSON() as { path?: string; filter?: string } | null;
	return body?.path === `parameters.${name}` && body.filter === search;
}

/** Switches a resource locator's mode by the name the editor shows ("From list", "By ID", "By Name"...). */
export async function chooseMode(ndv: Locator, name: string, mode: string): Promise<void> {
	const selector = ndv.getByTestId(`resource-locator-${name}`).getByTestId('rlc-mode-selector');
	const listbox = await openDropdown(selector, selector.getByRole('combobox'));
	await listbox.getByRole('option', { name: mode, exact: true }).click();
}

/** Switches a parameter to Expression (its Fixed/Expression toggle shows on hover) and types the expression. */
export async function useExpression(ndv: Locator, name: string, expression: string): Promise<void> {
	await switchFixedExpression(ndv, name, 'Expression');
	await ndv.getByTestId(`parameter-input-${name}`).getByRole('textbox').fill(expression);
}

/** Switches a parameter back from an expression to a fixed value. */
export async function useFixedValue(ndv: Locator, name: string): Promise<void> {
	await switchFixedExpression(ndv, name, 'Fixed');
}

async function switchFixedExpression(ndv: Locator, name: string, to: 'Fixed' | 'Expression'): Promise<void> {
	await ndv.getByTestId(`parameter-input-${name}`).hover();
	await ndv.getByTestId(`${name}-parameter-input-options-container`).getByRole('radio', { name: to }).click();
}

/**
 * Picks options of a multiOptions parameter (e.g. "Group Names or IDs") by their shown names: for each, types the
 * name into the field's search, as a user does in a long list, and clicks the option of exactly that name; then
 * closes the list.
 */
export async function chooseOptionsByName(ndv: Locator, name: string, options: string[]): Promise<void> {
	const { search, listbox } = await openOptions(ndv, name);
	for (const option of options) {
		await search.fill(option);
		await listbox.getByRole('option').filter({ has: ndv.page().getByText(option, { exact: true }) }).click();
	}
	await search.press('Escape');
}

/**
 * The options a multiOptions parameter offers, by shown name (without the description line under each), once the
 * list has loaded: it waits for a first option, so it is for lists that are not empty. Closes the list again.
 */
export async function listedOptions(ndv: Locator, name: string): Promise<string[]> {
	const { search, listbox } = await openOptions(ndv, name);
	const options = listbox.getByRole('option');
	await options.first().waitFor();
	const names = (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	await search.press('Escape');
	return names;
}

/** Opens a multiOptions parameter's list; its first combobox is the search box typed into. */
async function openOptions(ndv: Locator, name: string): Promise<{ search: Locator; listbox: Locator }> {
	const field = ndv.getByTestId(`parameter-input-${name}`);
	const search = field.getByRole('combobox').first();
	return { search, listbox: await openDropdown(field, search) };
}

/**
 * Clicks a dropdown's trigger until its combobox says it is open (a click landing while another dropdown closes
 * or the field re-renders is lost), and returns the listbox the combobox controls (n8n renders it elsewhere in the
 * page).
 */
async function openDropdown(trigger: Locator, combobox: Locator): Promise<Locator> {
	const page = trigger.page();
	const open = combobox.and(page.locator('[aria-expanded="true"]'));
	// Attached, not visible: a multi-select's search box is a few pixels wide until something is typed.
	for (let attempt = 1; (await open.count()) === 0; attempt += 1) {
		if (attempt > DROPDOWN_OPEN_ATTEMPTS) throw new Error('the dropdown did not open');
		await trigger.click();
		await open.waitFor({ state: 'attached', timeout: DROPDOWN_OPEN_MS }).catch(() => undefined);
	}
	const listboxId = await combobox.getAttribute('aria-controls');
	if (listboxId === null) throw new Error('the dropdown names no listbox');
	return page.locator(`[id="${listboxId}"]`);
}

/** Clicks the NDV's Execute step; callers wait for the outcome they expect (outputTable, outputError). */
export async function executeStep(ndv: Locator): Promise<void> {
	await ndv.getByTestId('node-execute-button').click();
}

/** The NDV's middle pane: the Parameters/Settings tabs, Execute step and the parameters. */
export function parametersPane(ndv: Locator): Locator {
	// The innermost element holding both the tabs and the parameters (no test id marks the pane itself).
	const page = ndv.page();
	return ndv.locator('div').filter({ has: page.getByTestId('tab-params') }).filter({ has: page.getByTestId('node-parameters') }).last();
}

export function outputPanel(ndv: Locator): Locator {
	return ndv.getByTestId('output-panel');
}

/**
 * The output table's rows as {column: cell text}, once a table is shown; with showing, once it has a cell of exactly
 * that text (after a step ran before, its table stays until the new result replaces it).
 */
export async function outputTable(ndv: Locator, showing?: string): Promise<Array<Record<string, string>>> {
	const table = outputPanel(ndv).getByRole('table');
	await table.waitFor();
	if (showing !== undefined) await table.getByRole('cell', { name: showing, exact: true }).first().waitFor();
	const rows: string[][] = [];
	for (const row of await table.locator('tr').all()) {
		rows.push((await row.locator('th, td').allTextContents()).map((text) => text.trim()));
	}
	const [header = [], ...body] = rows;
	return body.map((cells) => Object.fromEntries(header.flatMap((column, index) => (column === '' ? [] : [[column, cells[index] ?? '']]))));
}

/** One of n8n's notifications (bottom right), by its title, e.g. "Workflow execution cannot start". */
export function notification(page: Page, title: string): Locator {
	return page.getByRole('alert').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

export interface ShownError {
	message: string;
	description: string;
	/** The folded sections under "Error details" (e.g. "Other info", or "From RyzeAPI" for an API's answer). */
	sections: string[];
	/** The row labels in those sections (e.g. "Item Index", "Error code"). */
	labels: string[];
}

/** The node's error as the output panel shows it. */
export async function outputError(ndv: Locator): Promise<ShownError> {
	const output = outputPanel(ndv);
	const message = output.getByTestId('node-error-message');
	await message.waitFor();
	// "Error details" has neither a role nor a test id; n8n's own (unhashed) class names mark it.
	const details = output.locator('.node-error-view__info');
	const trimmed = (texts: string[]) => texts.map((text) => text.trim());
	return {
		message: (await message.innerText()).trim(),
		description: (await output.getByTestId('node-error-description').innerText()).trim(),
		sections: trimmed(await details.locator('summary').allTextContents()),
		labels: trimmed(await details.locator('.node-error-view__details-label').allTextContents()),
	};
}

/** Drags the NDV's middle panel left, so the output table shows whole at 1280 px. */
export async function widenOutput(ndv: Locator, pixels = 190): Promise<void> {
	const box = await ndv.getByTestId('panel-drag-button').boundingBox();
	if (box === null) throw new Error('the NDV panel has no drag handle');
	const { mouse } = ndv.page();
	await mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await mouse.down();
	await mouse.move(box.x + box.width / 2 - pixels, box.y + box.height / 2, { steps: 10 });
	await mouse.up();
}

// ---------------------------------------------------------------------------------------------------------
// Credentials

export interface CredentialInput {
	/** Shown name of the Token Type option, e.g. /Account Token/. */
	tokenType: string | RegExp;
	token: string;
	baseUrl: string;
}

/** The simulator's account token (not a secret): the Instance list then shows every demo instance. */
export function demoCredential(simulator: RunningSimulator): CredentialInput {
	return { tokenType: /^Account Token/, token: DEMO.accountToken, baseUrl: simulator.url };
}

export function credentialModal(page: Page): Locator {
	return page.getByTestId('editCredential-modal');
}

/** Fills the RyzeAPI credential dialog; only the fields given are changed. */
export async function fillRyzeApiCredential(modal: Locator, input: Partial<CredentialInput>): Promise<void> {
	if (input.tokenType !== undefined) await chooseOption(modal, 'tokenType', input.tokenType);
	if (input.token !== undefined) await parameterField(modal, 'token').fill(input.token);
	if (input.baseUrl !== undefined) await parameterField(modal, 'baseUrl').fill(input.baseUrl);
}

export interface CredentialTestResult {
	status: string;
	message: string;
}

/** Clicks Save and returns n8n's credential test result, which the editor requests right after saving. */
export async function saveCredential(modal: Locator): Promise<CredentialTestResult> {
	const page = modal.page();
	const testResponse = page.waitForResponse((response) => new URL(response.url()).pathname === '/rest/credentials/test');
	await modal.getByRole('button', { name: 'Save' }).click();
	const { data } = (await (await testResponse).json()) as { data: CredentialTestResult };
	return data;
}

/** Reopens the node's selected credential from the NDV (the pencil next to it). */
export async function editNodeCredential(ndv: Locator): Promise<Locator> {
	await ndv.getByTestId('credential-edit-button').click();
	const modal = credentialModal(ndv.page());
	await modal.waitFor();
	return modal;
}

export async function closeCredentialModal(modal: Locator): Promise<void> {
	await modal.getByRole('button', { name: 'Close this dialog' }).click();
	await modal.waitFor({ state: 'hidden' });
}

// ---------------------------------------------------------------------------------------------------------
// Screenshots

// n8n's notifications pile up in the corner and would cover parts of a picture.
const HIDE_TOASTS = '.el-notification { visibility: hidden !important; }';
const CROP_MARGIN_PX = 12;

/**
 * A PNG of the page or of one element, without n8n's notifications. Taken once no button spinner is left: a
 * result (a table, "Connection tested successfully") shows a moment before its button's spinner fades out.
 */
export async function savePicture(target: Page | Locator, file: string): Promise<void> {
	await readyForPicture(target, file);
	await target.screenshot({ path: file, style: HIDE_TOASTS });
}

/** Like savePicture, of an element cut off just below one of its parts (a panel's mostly empty lower half). */
export async function savePictureDownTo(area: Locator, last: Locator, file: string): Promise<void> {
	await readyForPicture(area, file);
	const [top, bottom] = await Promise.all([area.boundingBox(), last.boundingBox()]);
	if (top === null || bottom === null) throw new Error(`cannot crop ${file}: the panel is not shown`);
	const height = Math.min(bottom.y + bottom.height + CROP_MARGIN_PX, top.y + top.height) - top.y;
	await area.page().screenshot({ path: file, style: HIDE_TOASTS, clip: { x: top.x, y: top.y, width: top.width, height } });
}

async function readyForPicture(target: Page | Locator, file: string): Promise<void> {
	await target.locator('.n8n-spinner').first().waitFor({ state: 'detached' });
	fs.mkdirSync(path.dirname(file), { recursive: true });
}

/** Numbered PNGs of one run, in the order taken: <dir>/01-<name>.png... */
export class ScreenshotLog {
	private count = 0;

	constructor(readonly dir: string) {
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
	}

	async take(target: Page | Locator, name: string): Promise<void> {
		this.count += 1;
		await savePicture(target, path.join(this.dir, `${String(this.count).padStart(2, '0')}-${name}.png`));
	}
}
