/**
 * `npm run screenshots`: refreshes the README's pictures of the node in the real n8n editor (docs/*.png), taken in
 * headless Chromium against the RyzeAPI simulator: the credential dialog after n8n's test passed (the token masked;
 * it is the simulator's demo token anyway) at 1280×800, the Link Groups parameters as a user sets them without typing
 * a JID (instance and community picked from their lists, two groups picked by name) at 1280×1000 so the whole panel
 * shows, and their output table. Each picture is cropped to its panel. docs/ is not in the packed package
 * ("files": ["dist"]).
 */
import * as fs from 'fs';
import * as path from 'path';

import {
	addNodeAction,
	chooseFromList,
	chooseOptionsByName,
	closeCredentialModal,
	credentialModal,
	demoCredential,
	editNodeCredential,
	executeStep,
	fillRyzeApiCredential,
	newWorkflow,
	outputPanel,
	outputTable,
	parametersPane,
	saveCredential,
	savePictureDownTo,
	setUpOwner,
	startEditorSession,
	widenOutput,
} from '../e2e/lib/browser';
import { PROJECT_ROOT, STATE_DIR } from '../e2e/lib/ryzeapi';

const DOCS_DIR = path.join(PROJECT_ROOT, 'docs');
const PICTURES = {
	credential: path.join(DOCS_DIR, 'credential-dialog.png'),
	parameters: path.join(DOCS_DIR, 'link-groups-parameters.png'),
	output: path.join(DOCS_DIR, 'link-groups-output.png'),
};
/** Tall enough for every Link Groups parameter down to Options without scrolling the panel. */
const TALL_VIEWPORT = { width: 1280, height: 1000 };
/** README pictures stay small; a bigger one means the crop went wrong. */
const MAX_PICTURE_BYTES = 150 * 1024;

async function main(): Promise<void> {
	console.log('Starting the simulator, n8n and Chromium (the first run prepares them: a few minutes)...');
	const session = await startEditorSession(path.join(STATE_DIR, 'screenshots-session'));
	try {
		const { page, simulator } = session;
		await setUpOwner(page);
		await newWorkflow(page);
		const ndv = await addNodeAction(page, 'RyzeAPI', 'Link groups to a community');

		await ndv.getByRole('button', { name: 'Connect to RyzeAPI' }).click();
		const modal = credentialModal(page);
		await fillRyzeApiCredential(modal, demoCredential(simulator));
		const test = await saveCredential(modal);
		if (test.status !== 'OK') throw new Error(`n8n's credential test failed: ${test.message}`);
		await modal.waitFor({ state: 'hidden' });
		const reopened = await editNodeCredential(ndv);
		await reopened.getByText('Connection tested successfully').waitFor();
		await savePictureDownTo(reopened, reopened.getByTestId('parameter-input-baseUrl'), PICTURES.credential);
		await closeCredentialModal(reopened);

		await page.setViewportSize(TALL_VIEWPORT);
		await chooseFromList(ndv, 'instance', 'main (connected)');
		await chooseFromList(ndv, 'community', 'Demo Community', 'demo');
		await chooseOptionsByName(ndv, 'groups', ['Group 11', 'Group 12']);
		await widenOutput(ndv);
		await executeStep(ndv);
		const rows = await outputTable(ndv, 'linked');
		if (rows.length !== 2 || rows.some((row) => row.status !== 'linked')) throw new Error(`unexpected output: ${JSON.stringify(rows)}`);
		// Off the parameters, so no field shows its hover-only Fixed/Expression toggle.
		const output = await outputPanel(ndv).boundingBox();
		if (output !== null) await page.mouse.move(output.x + output.width / 2, output.y + output.height / 2);
		const pane = parametersPane(ndv);
		await savePictureDownTo(pane, pane.getByTestId('collection-parameter-add').filter({ visible: true }), PICTURES.parameters);
		await savePictureDownTo(outputPanel(ndv), outputPanel(ndv).getByRole('table'), PICTURES.output);
	} finally {
		await session.close();
	}
	report();
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
