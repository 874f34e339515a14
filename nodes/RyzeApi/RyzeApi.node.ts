import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getGroups, getSubgroups } from './methods/loadOptions';
import { searchCommunities, searchGroups, searchInstances } from './methods/listSearch';
import { BASE_URL_EXPRESSION } from './shared/baseUrl';
import { communityDescription } from './resources/community';
import { groupDescription } from './resources/group';

export class RyzeApi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RyzeAPI',
		name: 'ryzeApi',
		icon: { light: 'file:ryzeapi.svg', dark: 'file:ryzeapi.dark.svg' },
		group: ['transform'],
		// Version 2: the community and the groups picked from lists or given by name; version 1 (JIDs) stays for saved workflows.
		version: [1, 2],
		defaultVersion: 2,
		// In words, as the actions are named: "Link Groups", not "linkGroups: community".
		subtitle:
			'={{ {"community:create": "Create Community", "community:linkGroups": "Link Groups", "community:listSubgroups": "List Subgroups", "community:syncSubgroups": "Sync Subgroups", "community:unlinkGroups": "Unlink Groups", "group:create": "Create Group", "group:get": "Get Group", "group:getMany": "Get Many Groups"}[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] }}',
		description:
			'Manage WhatsApp communities and groups through RyzeAPI: link and unlink groups by name, list subgroups, create communities and groups, list groups',
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
				options: [
					{ name: 'Community', value: 'community' },
					{ name: 'Group', value: 'group' },
				],
				default: 'community',
			},
			...communityDescription,
			...groupDescription,
		],
	};

	methods = {
		listSearch: { searchInstances, searchCommunities, searchGroups },
		loadOptions: { getGroups, getSubgroups },
	};
}
