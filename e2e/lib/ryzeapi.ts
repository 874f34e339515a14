/**
 * What the demo and the end-to-end tests share: packing this package the way it is published, and a real n8n
 * user folder with the packed package installed, a RyzeAPI credential and the example workflows imported.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { importCredentials, importWorkflow, installCommunityPackage, type WorkflowJson } from './n8n';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** Project-local, git-ignored state: packed tarballs, n8n user folders, logs. */
export const STATE_DIR = path.join(PROJECT_ROOT, '.state');

/** The credential every example workflow refers to. */
export const DEMO_CREDENTIAL = { id: 'ryzeapi-demo', name: 'RyzeAPI (demo simulator)', type: 'ryzeApi' };

export const EXAMPLES = {
	webhook: { file: 'webhook-link-groups.json', id: 'ryzeLinkWebhook1', path: 'ryzeapi-link-groups' },
	/**
	 * Answers 202 at once, links afterwards and records the groups not linked in the data table `table`, which its
	 * Manual Trigger `setUpTrigger` creates (in the editor, or runFromManualTrigger: `n8n execute` cannot run it).
	 */
	webhookAsync: {
		file: 'webhook-link-groups-async.json',
		id: 'ryzeLinkAsync001',
		path: 'ryzeapi-link-groups-async',
		setUpTrigger: 'Create the table (run once)',
		table: 'RyzeAPI groups not linked',
	},
	manual: { file: 'manual-link-groups.json', id: 'ryzeLinkManual01' },
	form: { file: 'form-create-community.json', id: 'ryzeFormCommunty' },
	trigger: { file: 'trigger-auto-link.json', id: 'ryzeTriggerLink1', node: 'RyzeAPI Trigger' },
	createInvite: { file: 'webhook-create-group-invite.json', id: 'ryzeGroupInvite1', path: 'new-customer' },
	sheetSync: { file: 'sheet-sync-community.json', id: 'ryzeSheetSync001', node: 'Sync Subgroups' },
} as const;

export function readExample(name: keyof typeof EXAMPLES): WorkflowJson {
	return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'examples', EXAMPLES[name].file), 'utf8')) as WorkflowJson;
}

/**
 * Where the trigger example's webhook should be at RyzeAPI once published in the n8n at n8nUrl: the label its node
 * derives (`n8n-<workflow id>-<first 8 characters of the node id>`) and n8n's production URL for the node.
 */
export function triggerWebhook(n8nUrl: string): { label: string; url: string } {
	const { id, nodes } = readExample('trigger');
	const node = (nodes as Array<{ id: string; name: string; webhookId: string }>).find((each) => each.name === EXAMPLES.trigger.node);
	if (!node) throw new Error(`${EXAMPLES.trigger.file} has no node "${EXAMPLES.trigger.node}"`);
	return { label: `n8n-${id}-${node.id.slice(0, 8)}`, url: `${n8nUrl}/webhook/${node.webhookId}/webhook` };
}

/** Packs the built package (run `npm run build` first) with `npm pack` into outDir; returns the tarball's path. */
export function packPackage(outDir: string): string {
	fs.mkdirSync(outDir, { recursive: true });
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
		cwd: PROJECT_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [packed] = JSON.parse(output) as Array<{ filename: string }>;
	return path.join(outDir, packed.filename);
}

export interface UserFolderSetup {
	userFolder: string;
	tarball: string;
	/** Where the credential points: the simulator's URL. */
	baseUrl: string;
	token: string;
	tokenType?: 'account' | 'instance';
}

/** Installs the tarball as n8n's installer would, then imports the credential and every example workflow. */
export async function setUpUserFolder(setup: UserFolderSetup): Promise<void> {
	const { userFolder, tarball, baseUrl, token, tokenType = 'instance' } = setup;
	await installCommunityPackage(userFolder, tarball);
	await importCredentials(userFolder, [{ ...DEMO_CREDENTIAL, data: { tokenType, token, baseUrl } }]);
	const examples = ['webhook', 'webhookAsync', 'manual', 'form', 'trigger', 'createInvite', 'sheetSync'] as const;
	await importWorkflow(userFolder, examples.map((name) => readExample(name)));
}
