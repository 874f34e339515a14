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

	it('adds version 2 (pickers and names) as the version new nodes get, keeping version 1 for saved workflows', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it.each([
		['community', 'create', 'Create Community'],
		['community', 'linkGroups', 'Link Groups'],
		['community', 'listSubgroups', 'List Subgroups'],
		['community', 'syncSubgroups', 'Sync Subgroups'],
		['community', 'unlinkGroups', 'Unlink Groups'],
		['group', 'create', 'Create Group'],
		['group', 'get', 'Get Group'],
		['group', 'getMany', 'Get Many Groups'],
	])('shows %s operation %s on the canvas as "%s"', (resource, operation, subtitle) => {
		expect(evaluateOnNode({ resource, operation }, description.subtitle as string)).toBe(subtitle);
	});

	it.each([
		['community', 'create', 'Create a new community per call in WhatsApp (RyzeAPI)'],
		['community', 'linkGroups', 'Link groups to a community in WhatsApp (RyzeAPI)'],
		['community', 'listSubgroups', 'List the subgroups of a community in WhatsApp (RyzeAPI)'],
		// The action is all the model learns of the operation: it says Sync can unlink.
		['community', 'syncSubgroups', 'Sync the subgroups of a community and optionally unlink the others in WhatsApp (RyzeAPI)'],
		['community', 'unlinkGroups', 'Unlink groups from a community in WhatsApp (RyzeAPI)'],
		['group', 'create', 'Create a new group per call in WhatsApp (RyzeAPI)'],
		['group', 'get', 'Get a group in WhatsApp (RyzeAPI)'],
		['group', 'getMany', 'Get many groups in WhatsApp (RyzeAPI)'],
	])('describes %s operation %s to an AI agent as "%s"', (resource, operation, toolDescription) => {
		const node = { id: 'tool', name: 'tool', type: 'n8n-nodes-ryzeapi.ryzeApiTool', typeVersion: 2, position: [0, 0] as [number, number] };

		expect(NodeHelpers.getToolDescriptionForNode({ ...node, parameters: { resource, operation } }, new RyzeApi())).toBe(toolDescription);
	});
});
