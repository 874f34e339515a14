/**
 * The example workflow `examples/trigger-auto-link.json`: RyzeAPI Trigger (group.flow) → Only joined or created (n8n's
 * Filter) → Link Groups (version 2). The filter's conditions, exactly as saved, go through n8n-workflow's own filter
 * evaluation (executeFilter, what the Filter node runs) on the events the simulator models and on the other group.flow
 * kinds RyzeAPI documents; Link Groups runs through the real engine against the simulator with its parameters
 * exactly as in the file, fed the items the trigger emits. The notes say what is inferred and what to replace, in
 * the words the fields use. test/e2e/trigger.test.ts runs the whole workflow inside a real n8n.
 */
import { executeFilter, type FilterValue, type IDataObject, type INode } from 'n8n-workflow';

import { DEMO } from '../../../../simulator';
import { expectNoToken, mainToken } from '../../../support/community';
import { runRyzeApi } from '../../../support/engine';
import { readExampleWorkflow } from '../../../support/examples';
import { useSimulator } from '../../../support/simulator';

const harness = useSimulator();

const workflow = readExampleWorkflow('trigger-auto-link.json');
const node = (name: string): INode => workflow.node(name);

const FILTER = 'Only joined or created';
const notes = workflow.nodes.filter((each) => each.type === 'n8n-nodes-base.stickyNote').map((each) => String(each.parameters.content));

/** The item the RyzeAPI Trigger emits for a group.flow delivery of instance main. */
const event = (data: IDataObject): IDataObject => ({ event: 'group.flow', instance: 'main', data, receivedAt: '2026-05-04T10:00:00.000Z' });

/** Whether the Filter keeps `item`: its saved conditions, the one expression they use resolved on the item. */
function kept(item: IDataObject): boolean {
	const conditions = structuredClone(node(FILTER).parameters.conditions) as unknown as FilterValue;
	for (const condition of conditions.conditions) {
		// The only expression in the conditions (checked below), resolved as n8n would on this item.
		expect(condition.leftValue).toBe('={{ $json.data.action }}');
		condition.leftValue = (item.data as IDataObject).action as string;
	}
	return executeFilter(conditions);
}

describe('example workflow: RyzeAPI Trigger (group.flow) → Only joined or created → Link Groups', () => {
	it('chains the trigger, the filter and Link Groups (version 2), with the demo credential', () => {
		expect(workflow.connections).toEqual({
			'RyzeAPI Trigger': { main: [[expect.objectContaining({ node: FILTER })]] },
			[FILTER]: { main: [[expect.objectContaining({ node: 'Link Groups' })]] },
		});
		expect(node('RyzeAPI Trigger')).toMatchObject({ type: 'n8n-nodes-ryzeapi.ryzeApiTrigger', typeVersion: 1, parameters: { events: ['group.flow'] } });
		expect(node(FILTER)).toMatchObject({ type: 'n8n-nodes-base.filter', typeVersion: 2.2 });
		expect(node('Link Groups')).toMatchObject({ type: 'n8n-nodes-ryzeapi.ryzeApi', typeVersion: 2 });
		for (const name of ['RyzeAPI Trigger', 'Link Groups']) {
			expect(node(name).credentials).toEqual({ ryzeApi: { id: 'ryzeapi-demo', name: 'RyzeAPI (demo simulator)' } });
		}
	});

	it('keeps a joined or created event (any case), and stops left, promoted, demoted and group-details events', () => {
		const jid = DEMO.freeGroups[0];
		expect([{ action: 'joined', jid }, { action: 'created', JID: jid }, { action: 'Joined', groupJid: jid }].map((data) => kept(event(data)))).toEqual([
			true,
			true,
			true,
		]);
		const others = [
			{ action: 'left', jid },
			{ action: 'promoted', jid, participants: ['5511900000009@s.whatsapp.net'] },
			{ action: 'demoted', jid, participants: ['5511900000009@s.whatsapp.net'] },
			// A details change: "metadata (name, topic, announce, link, etc.)" in RyzeAPI's words, no action.
			{ jid, name: 'Street 1 to 9', topic: 'New rules' },
			{ action: 'metadata', jid, announce: true },
		];
		expect(others.map((data) => kept(event(data)))).toEqual([false, false, false, false, false]);
	});

	it("links the event's group to the community picked in the list (the demo's), verified, whichever field holds the JID", async () => {
		const link = node('Link Groups');
		expect(link.parameters.community).toEqual({ __rl: true, mode: 'list', value: DEMO.communityJid, cachedResultName: 'Demo Community' });
		expect(link.parameters.options).toEqual({ verify: true });

		const result = await runRyzeApi({
			credentials: { token: mainToken, tokenType: 'instance', baseUrl: harness.sim.url },
			parameters: link.parameters,
			typeVersion: link.typeVersion,
			items: [
				event({ action: 'joined', jid: DEMO.freeGroups[2] }),
				// The same group again, its JID under `JID`: by now it is a subgroup.
				event({ action: 'joined', JID: DEMO.freeGroups[2] }),
				event({ action: 'created', groupJid: DEMO.freeGroups[3] }),
			],
		});
		expectNoToken(harness, result);

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.groupJid, item.json.status, item.json.alreadyLinked, item.pairedItem])).toEqual([
			[DEMO.freeGroups[2], 'linked', false, { item: 0 }],
			[DEMO.freeGroups[2], 'linked', true, { item: 1 }],
			[DEMO.freeGroups[3], 'linked', false, { item: 2 }],
		]);
		expect(result.items.every((item) => item.json.communityJid === DEMO.communityJid && item.json.instance === 'main')).toBe(true);
		expect(harness.sim.world.groups.get(DEMO.freeGroups[3])?.parentJid).toBe(DEMO.communityJid);
	});

	it('its notes name what is inferred and what to replace, with the fields and values the nodes use', () => {
		const text = notes.join('\n');
		// The filter's values and the Groups expression's fields, as the note names them.
		for (const value of ['joined', 'created']) expect(text).toContain(`\`${value}\``);
		const fields = [...String(node('Link Groups').parameters.groups).matchAll(/\$json\.data\.(\w+)/g)].map(([, field]) => field);
		expect(fields).toEqual(['jid', 'JID', 'groupJid']);
		for (const field of fields) expect(text).toContain(`\`data.${field}\``);
		expect(text).toContain('**Inferred: check one real event before publishing.**');
		expect(text).toContain('**Listen for test event**');
		expect(text).toContain('(n8n 2.x: **Publish**; n8n 1.x: **Activate**)');
		expect(text).toContain('**Community** `Demo Community` on **Link Groups**: put your community here (pick it From list).');
		expect(text).toContain('**Credential** `RyzeAPI (demo simulator)`');
		expect(text).toContain('**Instance** `main` on **RyzeAPI Trigger**');
		expect(node('RyzeAPI Trigger').parameters.instance).toEqual({ __rl: true, mode: 'name', value: 'main' });
	});
});
