import type { INodeProperties } from 'n8n-workflow';

import { maxRateLimitWaitOption } from '../../shared/descriptions';
import { outputGroups, type GroupOutcome } from '../../shared/output';
import { prepareGroupsRequest } from '../../shared/groupSelection';
import type { GroupsRequest } from '../../shared/parameters';
import type { Operation } from '../../shared/runOperation';
import { GROUPS_TIMEOUT_HINT } from './sharedFields';

/** Unlink Groups' own fields; Instance, the community, the groups by JID or by name, and Output are in sharedFields.ts. */
/** Unlink Groups' subgroups picker: the community's subgroups by name (version 2, Select Groups: From List). */
export const unlinkGroupsPicker: INodeProperties = {
	displayName: 'Subgroup Names or IDs',
	name: 'groups',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getSubgroups', loadOptionsDependsOn: ['instance.value', 'community.value'] },
	default: [],
	required: true,
	description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	hint: `The community's subgroups the connected number is in; its Announcements group is not offered, as it can never be unlinked. ${GROUPS_TIMEOUT_HINT}`,
	displayOptions: { show: { '@version': [2], resource: ['community'], operation: ['unlinkGroups'], groupSelection: ['list'] } },
};

/** Unlink Groups' options. */
export const unlinkGroupsDescription: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { resource: ['community'], operation: ['unlinkGroups'] } },
		options: [
			{
				displayName: 'Error on Failed Groups',
				name: 'errorOnFailedGroups',
				type: 'boolean',
				default: false,
				description:
					'Whether an input item with any group that could not be unlinked fails (respecting Continue On Fail), instead of returning those groups as items. Unlinked groups stay as plain groups, members kept.',
			},
			maxRateLimitWaitOption,
		],
	},
];

/** RyzeAPI's reason for a failed group may name the Announcements group (its "default subgroup"). */
const ANNOUNCEMENTS_REASON = /announcement|default ?sub ?group/i;

/**
 * What an unlink answer means. Failed groups often come back as bare JIDs without a reason, and the node cannot
 * tell the Announcements group from another group by its JID: it says so for sure only when RyzeAPI's reason does.
 */
export const unlinkOutcome: GroupOutcome = {
	done: 'unlinked',
	verb: 'unlinked from',
	noReason:
		"RyzeAPI gave no reason. Common causes: it is the community's Announcements group, which can never be " +
		'unlinked; the group is not linked to this community; or the connected number is not admin of the ' +
		'community. List Subgroups shows which subgroup is the Announcements group (isDefaultSubGroup true).',
	explain: (reason) =>
		ANNOUNCEMENTS_REASON.test(reason)
			? `This is the community's Announcements group, which cannot be unlinked: it belongs to its community for good. (RyzeAPI: ${reason})`
			: reason,
};

/** `POST /api/community/unlink/{instance}`; one item per group (or a summary), failing the item when asked to. */
export const unlinkGroupsOperation: Operation<GroupsRequest> = {
	prepare: prepareGroupsRequest('/api/community/unlink'),
	output: outputGroups(unlinkOutcome),
};
