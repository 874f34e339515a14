/**
 * The example workflow `examples/form-create-community.json`, run node by node through the real engine against
 * the simulator: each RyzeAPI node with its parameters exactly as in the file, fed what the node before it gives.
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { DEMO } from '../../../../simulator';
import { runRyzeApi } from '../../../support/engine';
import { readExampleWorkflow } from '../../../support/examples';
import { useSimulator } from '../../../support/simulator';

const harness = useSimulator();

const workflow = readExampleWorkflow('form-create-community.json');
const node = (name: string): INode => workflow.node(name);

async function run(name: string, items: IDataObject[], parameters: INodeParameters = node(name).parameters) {
	const result = await runRyzeApi({ credentials: { token: DEMO.accountToken, baseUrl: harness.sim.url }, parameters, items });
	expect(result.error).toBeUndefined();
	return result.items.map((item) => item.json);
}

describe('example workflow: form → Create Community → Link Groups → List Subgroups', () => {
	it('chains the four nodes, using our node type, version and the demo credential', () => {
		expect(workflow.connections).toEqual({
			'New community form': { main: [[expect.objectContaining({ node: 'Create Community' })]] },
			'Create Community': { main: [[expect.objectContaining({ node: 'Link Groups' })]] },
			'Link Groups': { main: [[expect.objectContaining({ node: 'List Subgroups' })]] },
		});
		expect(node('New community form')).toMatchObject({ type: 'n8n-nodes-base.formTrigger', typeVersion: 2.2 });
		for (const name of ['Create Community', 'Link Groups', 'List Subgroups']) {
			expect(node(name)).toMatchObject({
				type: 'n8n-nodes-ryzeapi.ryzeApi',
				typeVersion: 1,
				credentials: { ryzeApi: { id: 'ryzeapi-demo', name: 'RyzeAPI (demo simulator)' } },
			});
		}
	});

	it('creates the community from a form submission, links the groups, verified, and lists the subgroups', async () => {
		const submission = {
			'Community name': 'Neighbours',
			Description: 'Street 1 to 9',
			'Group JIDs': `${DEMO.freeGroups[0]}, ${DEMO.freeGroups[1]}`,
		};

		const [created] = await run('Create Community', [submission]);
		expect(created).toMatchObject({ name: 'Neighbours', isCommunity: true });

		// The only change: the form node is not in this test's workflow, so its field comes in the item.
		const link = node('Link Groups').parameters;
		expect(link.groupJids).toBe("={{ $('New community form').item.json['Group JIDs'] }}");
		const [linked] = await run('Link Groups', [{ ...created, 'Group JIDs': submission['Group JIDs'] }], {
			...link,
			groupJids: "={{ $json['Group JIDs'] }}",
		});
		expect(linked).toMatchObject({ communityJid: created.communityJid, linked: [DEMO.freeGroups[0], DEMO.freeGroups[1]], unconfirmed: [] });

		const subgroups = await run('List Subgroups', [linked]);
		expect(subgroups.map((subgroup) => [subgroup.name, subgroup.isDefaultSubGroup]).sort()).toEqual([
			['Announcements', true],
			['Group 11', false],
			['Group 12', false],
		]);
	});
});
