import type { INodeProperties } from 'n8n-workflow';

import { keepItemOnFailure, mapRyzeApiErrors } from '../../shared/errors';
import { linkGroupsDescription, outputLinkGroups, sendLinkGroups } from './linkGroups';

const showOnlyForCommunity = { show: { resource: ['community'] } };

export const communityDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: showOnlyForCommunity,
		options: [
			{
				name: 'Link Groups',
				value: 'linkGroups',
				action: 'Link groups to a community',
				description: 'Attach existing WhatsApp groups to a community as subgroups (at most 50 per community)',
				routing: {
					request: { method: 'POST', ignoreHttpStatusErrors: true },
					send: { paginate: true },
					operations: { pagination: keepItemOnFailure(sendLinkGroups) },
					output: { postReceive: [mapRyzeApiErrors, outputLinkGroups] },
				},
			},
		],
		default: 'linkGroups',
	},
	...linkGroupsDescription,
];
