/**
 * `npm run demo`: the node working inside a real n8n against the RyzeAPI simulator, without a WhatsApp account.
 * Packs this package, installs the tarball into a project-local n8n (.state/demo), starts the simulator and n8n on
 * 127.0.0.1:5678 with the example workflows, calls the webhook example once and prints the per-group results, then
 * shows the RyzeAPI Trigger example: its webhook registered at the simulator, and a group.flow event linking a group;
 * then posts the same customer form twice to the create-group example: one group is created, and the second answer
 * finds it. Then stays up until Ctrl-C, which stops n8n and the simulator.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

import { ensureRuntime, publishWorkflow, startN8n, waitUntil, type RunningN8n } from '../e2e/lib/n8n';
import { EXAMPLES, packPackage, setUpUserFolder, STATE_DIR, triggerWebhook } from '../e2e/lib/ryzeapi';
import { DEMO, startSimulator, type RunningSimulator } from '../simulator';

const DEMO_DIR = path.join(STATE_DIR, 'demo');
const N8N_PORT = 5678;
// Shorter than RyzeAPI's 1 s per link so the demo answers quickly; the delays still show.
const LINK_DELAY_MS = 300;

/** One that links, one already in another community, one where the number is not admin, a legacy id. */
const DEMO_GROUPS = [DEMO.freeGroups[0], DEMO.groupInOtherCommunity, DEMO.groupNotAdmin, DEMO.legacyGroup, DEMO.freeGroups[1]];
/** A free group the webhook call leaves alone (and the curl hint too), for the trigger to link. */
const TRIGGER_GROUP = DEMO.freeGroups[3];
/** The form the create-group example gets twice, as a website would re-send it. */
const CUSTOMER_FORM = { name: 'Acme Ltd', phone: '+55 11 97777-0000' };

function step(text: string): void {
	console.log(`\n▶ ${text}`);
}

async function main(): Promise<void> {
	step('Preparing the pinned n8n runtime (the first run installs it: a few minutes)');
	await ensureRuntime();

	step('Packing n8n-nodes-ryzeapi (dist/ was built by `npm run demo`)');
	fs.rmSync(DEMO_DIR, { recursive: true, force: true });
	const tarball = packPackage(DEMO_DIR);
	console.log(`  ${path.relative(process.cwd(), tarball)}`);

	step('Starting the RyzeAPI simulator');
	const simulator = await startSimulator({ linkDelayMs: LINK_DELAY_MS });
	console.log(`  ${simulator.url} (instance "main", community ${DEMO.communityJid})`);

	step('Installing the package into a fresh n8n user folder, with a credential and the example workflows');
	const userFolder = path.join(DEMO_DIR, 'n8n');
	fs.mkdirSync(userFolder, { recursive: true });
	await setUpUserFolder({ userFolder, tarball, baseUrl: simulator.url, token: DEMO.instances.main.token });
	await publishWorkflow(userFolder, EXAMPLES.webhook.id);
	await publishWorkflow(userFolder, EXAMPLES.trigger.id);
	await publishWorkflow(userFolder, EXAMPLES.createInvite.id);

	step(`Starting n8n on 127.0.0.1:${N8N_PORT}`);
	let n8n: RunningN8n | undefined;
	installStopHandler(simulator, () => n8n);
	n8n = await startN8n(userFolder, { port: N8N_PORT });
	console.log(`  log: ${path.relative(process.cwd(), n8n.logFile)}`);

	const webhookUrl = `${n8n.url}/webhook/${EXAMPLES.webhook.path}`;
	const body = { communityJid: DEMO.communityJid, groups: DEMO_GROUPS };
	step(`Calling the webhook example: POST ${webhookUrl}`);
	const results = await postJson<Array<Record<string, unknown>>>(webhookUrl, body, [200, 422]);
	console.log(`  HTTP ${results.status}: ${results.status === 200 ? 'every group is in the community' : 'not every group is in the community'}`);
	console.log(table(results.body));

	await showTrigger(simulator, n8n);
	const createUrl = await showCreateInvite(simulator, n8n);

	console.log(`\nn8n editor: ${n8n.url}  (set up an owner account on first visit; the workflows are under Overview)`);
	console.log('Call the webhook again (Verify on: groups linked before answer linked, alreadyLinked true; HTTP 200):');
	console.log(`  curl -s -X POST ${webhookUrl} -H 'Content-Type: application/json' -d '${JSON.stringify({ communityJid: DEMO.communityJid, groups: [DEMO.freeGroups[2], DEMO.freeGroups[0]] })}'`);
	console.log('Send the create-group example another customer (a new group, with its invite link):');
	console.log(`  curl -s -X POST ${createUrl} -H 'Content-Type: application/json' -d '${JSON.stringify({ name: 'Globex', phone: '+55 21 96666-0000' })}'`);
	console.log('\nCtrl-C stops n8n and the simulator.');
}

/** The trigger example at work: its webhook at RyzeAPI (never the secret), then one event it turns into a link. */
async function showTrigger(simulator: RunningSimulator, n8n: RunningN8n): Promise<void> {
	const { label } = triggerWebhook(n8n.url);
	const registered = simulator.world.webhook('main', label);
	if (!registered?.enabled) throw new Error(`RyzeAPI has no enabled webhook "${label}" for instance main`);
	step('RyzeAPI Trigger: publishing registered its webhook at RyzeAPI (the simulator)');
	console.log(`  label ${registered.label}, events ${registered.events.join(', ')}\n  url   ${registered.url}`);

	step(`RyzeAPI sends a group.flow event: the number joined ${TRIGGER_GROUP}`);
	const deliveries = await simulator.emitEvent('main', 'group.flow', { action: 'joined', jid: TRIGGER_GROUP });
	const refused = deliveries.find((delivery) => delivery.status < 200 || delivery.status > 299);
	if (refused) throw new Error(`n8n answered the delivery with HTTP ${refused.status}${refused.error ? ` (${refused.error})` : ''}`);
	await waitUntil(`${TRIGGER_GROUP} is linked`, () => simulator.world.groups.get(TRIGGER_GROUP)?.parentJid === DEMO.communityJid);
	console.log(`  ${TRIGGER_GROUP} → linked to ${DEMO.communityJid} by the trigger workflow`);
}

/**
 * The create-group example at work: the same customer form posted twice (as a website re-sends it); the first call
 * creates the group inside the community, the second finds it by name and answers the same group and invite link.
 */
async function showCreateInvite(simulator: RunningSimulator, n8n: RunningN8n): Promise<string> {
	const url = `${n8n.url}/webhook/${EXAMPLES.createInvite.path}`;
	step(`Calling the create-group example twice with the same form: POST ${url}`);
	console.log(`  form    ${JSON.stringify(CUSTOMER_FORM)}`);
	const { body: first } = await postJson<Record<string, unknown>>(url, CUSTOMER_FORM);
	console.log(`  1st     ${JSON.stringify(first)}`);
	const { body: second } = await postJson<Record<string, unknown>>(url, CUSTOMER_FORM);
	console.log(`  2nd     ${JSON.stringify(second)}`);
	const creates = simulator.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/api/group/create/')).length;
	const group = simulator.world.groups.get(String(first.groupJid));
	const community = simulator.world.groups.get(String(group?.parentJid));
	const created = creates === 1 ? 'one group created' : `${creates} groups created`;
	console.log(`  RyzeAPI: ${created}, "${group?.name}" in "${community?.name}"; the 2nd call found it by name`);
	return url;
}

/** Ctrl-C: stop our own n8n (SIGTERM to its PID) and the simulator, then exit. */
function installStopHandler(simulator: RunningSimulator, n8n: () => RunningN8n | undefined): void {
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the simulator...');
		await n8n()?.stop();
		await simulator.close();
		console.log('Stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

/** Posts JSON; rejects any status but `expected` (the webhook example answers 422 when a group is not linked). */
function postJson<T>(url: string, body: unknown, expected: number[] = [200]): Promise<{ status: number; body: T }> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString();
				const status = response.statusCode ?? 0;
				if (!expected.includes(status)) reject(new Error(`webhook answered HTTP ${status}: ${text}`));
				else resolve({ status, body: JSON.parse(text) as T });
			});
		});
		request.on('error', reject);
		request.end(JSON.stringify(body));
	});
}

function table(items: Array<Record<string, unknown>>): string {
	const rows = items.map((item) => [String(item.groupJid ?? ''), String(item.status ?? item.error ?? ''), String(item.reason ?? '')]);
	const header = ['group', 'status', 'reason'];
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => Math.min(row[column].length, 60))));
	const line = (cells: string[]) => cells.map((cell, column) => truncate(cell, 60).padEnd(widths[column])).join('  ');
	return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function truncate(text: string, limit: number): string {
	return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

main().catch((error: unknown) => {
	console.error(`\nDemo failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
