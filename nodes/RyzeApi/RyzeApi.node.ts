import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchInstances } from './methods/listSearch';
import { BASE_URL_EXPRESSION } from './shared/baseUrl';
import { communityDescription } from './resources/community';

export class RyzeApi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RyzeAPI',
		name: 'ryzeApi',
		icon: { light: 'file:ryzeapi.svg', dark: 'file:ryzeapi.dark.svg' },
		group: ['transform'],
		version: 1,
		// In words, as the actions are named: "Link Groups", not "linkGroups: community".
		subtitle:
			'={{ {create: "Create Community", linkGroups: "Link Groups", listSubgroups: "List Subgroups", unlinkGroups: "Unlink Groups"}[$parameter["operation"]] || $parameter["operation"] }}',
		description: 'Manage WhatsApp communities through RyzeAPI: link and unlink groups, list subgroups, create communities',
		// n8n describes the node to an AI agent as "<action> in <this name>": it says what the tool acts on.
		defaults: { name: 'WhatsApp (RyzeAPI)' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ryzeApi', required: true }],
		requestDefaults: {
			baseURL: BASE_URL_EXPRESSION,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Community', value: 'community' }],
				default: 'community',
			},
			...communityDescription,
		],
	};

	methods = { listSearch: { searchInstances } };
}
