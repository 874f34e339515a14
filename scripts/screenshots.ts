/**
 * `npm run screenshots`: refreshes the README's pictures of the node in the real n8n editor (docs/*.png), taken in
 * headless Chromium at 1280×800 against the RyzeAPI simulator: the credential dialog after n8n's test passed (the
 * token masked; it is the simulator's demo token anyway), the Link Groups parameters filled in, and their output
 * table. Each picture is cropped to its panel. docs/ is not in the packed package ("files": ["dist"]).
 */
import * as fs from 'fs';
import * as path from 'path';

import {
	addNodeAction,
	chooseFromList,
	closeCredentialModal,
	credentialModal,
	demoCredential,
	editNodeCredential,
	executeStep,
	fillRyzeApiCredential,
	newWorkflow,
	outputPanel,
	outputTable,
	parameterField,
	parametersPane,
	saveCredential,
	savePicture,
	savePictureDownTo,
	setUpOwner,
	startEditorSession,
	widenOutput,
} from '../e2e/lib/browser';
import { PROJECT_ROOT, STATE_DIR } from '../e2e/lib/ryzeapi';
import { DEMO } from '../simulator';

const DOCS_DIR = path.join(PROJECT_ROOT, 'docs');
const PICTURES = {
	credential: path.join(DOCS_DIR, 'credential-dialog.png'),
	parameters: path.join(DOCS_DIR, 'link-groups-parameters.png'),
	output: path.join(DOCS_DIR, 'link-groups-output.png'),
};
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

		await chooseFromList(ndv, 'instance', 'main (connected)');
		await parameterField(ndv, 'communityJid').fill(DEMO.communityJid);
		await parameterField(ndv, 'groupJids').fill(`${DEMO.freeGroups[0]}, ${DEMO.freeGroups[1]}`);
		await widenOutput(ndv);
		await executeStep(ndv);
		await outputTable(ndv);
		await savePicture(parametersPane(ndv), PICTURES.parameters);
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
