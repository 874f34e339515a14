import type { INodeProperties } from 'n8n-workflow';

import { routeOperation } from '../../shared/runOperation';
import { createDescription, createOperation } from './create';
import { linkGroupsDescription, linkGroupsOperation, linkGroupsPicker } from './linkGroups';
import { listSubgroupsDescription, listSubgroupsOperation } from './listSubgroups';
import { communityFields, outputField } from './sharedFields';
import { syncSubgroupsDescription, syncSubgroupsOperation } from './syncSubgroups';
import { unlinkGroupsDescription, unlinkGroupsOperation, unlinkGroupsPicker } from './unlinkGroups';

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
				name: 'Create',
				value: 'create',
				action: 'Create a new community per call',
				description:
					"Create a WhatsApp community (with its Announcements group) named up to 25 characters, optionally with a description, an image and groups to link at once; returns the new community's JID. Not idempotent: every run creates another community, so do not repeat it to retry.",
				routing: routeOperation('POST', createOperation),
			},
			{
				name: 'Link Groups',
				value: 'linkGroups',
				action: 'Link groups to a community',
				description:
					'Attach existing WhatsApp groups to a community as subgroups (at most 50 per community), given the community JID and the group JIDs; returns each group as linked or failed with the reason',
				routing: routeOperation('POST', linkGroupsOperation),
			},
			{
				name: 'List Subgroups',
				value: 'listSubgroups',
				action: 'List the subgroups of a community',
				description:
					"List a community's subgroups (those the connected number belongs to), one item per subgroup with its JID, name and whether it is the Announcements group",
				routing: routeOperation('GET', listSubgroupsOperation),
			},
			{
				name: 'Sync Subgroups',
				value: 'syncSubgroups',
				action: 'Sync the subgroups of a community and optionally unlink the others',
				description:
					'Make the community hold the listed groups, safe to repeat: lists its subgroups, links only the missing groups and, in mode Add Missing and Remove Others, unlinks the subgroups not in the list (which removes them from the community). A repeat sends only the listing and reports every group unchanged. Preview shows the plan without changing anything.',
				routing: routeOperation('GET', syncSubgroupsOperation),
			},
			{
				name: 'Unlink Groups',
				value: 'unlinkGroups',
				action: 'Unlink groups from a community',
				description:
					'Detach subgroups from a WhatsApp community; they stay as plain groups with their members. The Announcements group cannot be unlinked.',
				routing: routeOperation('POST', unlinkGroupsOperation),
			},
		],
		default: 'linkGroups',
	},
	...communityFields,
	linkGroupsPicker,
	unlinkGroupsPicker,
	outputField,
	...createDescription,
	...linkGroupsDescription,
	...listSubgroupsDescription,
	...syncSubgroupsDescription,
	...unlinkGroupsDescription,
];
