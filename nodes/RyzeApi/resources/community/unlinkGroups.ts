import type { INodeProperties } from 'n8n-workflow';

import { errorOnFailedGroupsOption, groupsOperationFields, optionsCollection } from '../../shared/descriptions';
import { outputGroups, type GroupOutcome } from '../../shared/output';
import type { Operation } from '../../shared/runOperation';
import { prepareGroupsRequest, type GroupsRequest } from '../../shared/parameters';

const showOnlyForUnlinkGroups = { show: { resource: ['community'], operation: ['unlinkGroups'] } };

export const unlinkGroupsDescription: INodeProperties[] = [
	...groupsOperationFields(showOnlyForUnlinkGroups, 'detach from the community (they stay as plain groups, members kept)', 'unlinked'),
	optionsCollection(showOnlyForUnlinkGroups, [errorOnFailedGroupsOption('unlinked')]),
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
