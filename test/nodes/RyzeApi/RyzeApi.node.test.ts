/** How the node presents itself in the editor's node panel and on the canvas. */
import { NodeHelpers } from 'n8n-workflow';

import codex from '../../../nodes/RyzeApi/RyzeApi.node.json';
import { RyzeApi } from '../../../nodes/RyzeApi/RyzeApi.node';
import { evaluateOnNode } from '../../support/engine';

const { description } = new RyzeApi();

describe('RyzeAPI node, as the editor shows it', () => {
	it('is found in the node panel by "WhatsApp", "community", "group" and "subgroup" (codex aliases)', () => {
		expect(codex.node).toBe('n8n-nodes-ryzeapi.ryzeApi');
		expect(codex.alias).toEqual(expect.arrayContaining(['WhatsApp', 'community', 'group', 'subgroup']));
	});

	it.each([
		['create', 'Create Community'],
		['linkGroups', 'Link Groups'],
		['listSubgroups', 'List Subgroups'],
		['unlinkGroups', 'Unlink Groups'],
	])('shows operation %s on the canvas as "%s"', (operation, subtitle) => {
		expect(evaluateOnNode({ resource: 'community', operation }, description.subtitle as string)).toBe(subtitle);
	});

	it.each([
		['create', 'Create a new community per call in WhatsApp (RyzeAPI)'],
		['linkGroups', 'Link groups to a community in WhatsApp (RyzeAPI)'],
		['listSubgroups', 'List the subgroups of a community in WhatsApp (RyzeAPI)'],
		['unlinkGroups', 'Unlink groups from a community in WhatsApp (RyzeAPI)'],
	])('describes operation %s to an AI agent as "%s"', (operation, toolDescription) => {
		const node = { id: 'tool', name: 'tool', type: 'n8n-nodes-ryzeapi.ryzeApiTool', typeVersion: 1, position: [0, 0] as [number, number] };

		expect(NodeHelpers.getToolDescriptionForNode({ ...node, parameters: { resource: 'community', operation } }, new RyzeApi())).toBe(toolDescription);
	});
});
