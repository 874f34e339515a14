import type { INodeProperties, INodePropertyRouting, PostReceiveAction, PreSendAction } from 'n8n-workflow';

import { keepItemOnFailure, mapRyzeApiErrors } from '../../shared/errors';
import { createDescription, outputCreate, sendCreate } from './create';
import { linkGroupsDescription, outputLinkGroups, sendLinkGroups } from './linkGroups';
import { listSubgroupsDescription, outputListSubgroups, sendListSubgroups } from './listSubgroups';
import { outputUnlinkGroups, sendUnlinkGroups, unlinkGroupsDescription } from './unlinkGroups';

const showOnlyForCommunity = { show: { resource: ['community'] } };

/**
 * Every operation is routed the same way: HTTP errors reach `mapRyzeApiErrors` (the one error mapper) instead of
 * n8n's generic handling, and the pre-send step runs inside `keepItemOnFailure`'s per-item guard.
 */
function route(method: 'GET' | 'POST', send: PreSendAction, output: PostReceiveAction): INodePropertyRouting {
	return {
		request: { method, ignoreHttpStatusErrors: true },
		send: { paginate: true },
		operations: { pagination: keepItemOnFailure(send) },
		output: { postReceive: [mapRyzeApiErrors, output] },
	};
}

export const communityDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: showOnlyForCommunity,
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a community',
				description:
					"Create a WhatsApp community (with its Announcements group) named up to 25 characters, optionally with a description, an image and groups to link at once; returns the new community's JID",
				routing: route('POST', sendCreate, outputCreate),
			},
			{
				name: 'Link Groups',
				value: 'linkGroups',
				action: 'Link groups to a community',
				description: 'Attach existing WhatsApp groups to a community as subgroups (at most 50 per community)',
				routing: route('POST', sendLinkGroups, outputLinkGroups),
			},
			{
				name: 'List Subgroups',
				value: 'listSubgroups',
				action: 'List the subgroups of a community',
				description:
					"List a community's subgroups (those the connected number belongs to), one item per subgroup with its JID, name and whether it is the Announcements group",
				routing: route('GET', sendListSubgroups, outputListSubgroups),
			},
			{
				name: 'Unlink Groups',
				value: 'unlinkGroups',
				action: 'Unlink groups from a community',
				description:
					'Detach subgroups from a community; they stay as plain groups with their members. The Announcements group cannot be unlinked.',
				routing: route('POST', sendUnlinkGroups, outputUnlinkGroups),
			},
		],
		default: 'linkGroups',
	},
	...createDescription,
	...linkGroupsDescription,
	...listSubgroupsDescription,
	...unlinkGroupsDescription,
];
