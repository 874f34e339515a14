import type { INodeProperties } from 'n8n-workflow';

import { maxRateLimitWaitOption } from '../../shared/descriptions';
import { outputGroups, type GroupOutcome } from '../../shared/output';
import { prepareGroupsRequest } from '../../shared/groupSelection';
import type { GroupsRequest } from '../../shared/parameters';
import type { Operation } from '../../shared/runOperation';
import { GROUPS_TIMEOUT_HINT } from './sharedFields';
import { VERIFY_ATTEMPTS, VERIFY_INTERVAL_MS, verifyLinks } from './verifyLinks';

/** Link Groups' own fields; Instance, the community, the groups by JID or by name, and Output are in sharedFields.ts. */
/** Link Groups' and Sync Subgroups' groups picker: the number's groups by name (version 2, Select Groups: From List). */
export const linkGroupsPicker: INodeProperties = {
	displayName: 'Group Names or IDs',
	name: 'groups',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getGroups', loadOptionsDependsOn: ['instance.value', 'community.value'] },
	default: [],
	required: true,
	description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	hint: `The number's groups, communities and Announcements groups left out; a group already in a community says so. ${GROUPS_TIMEOUT_HINT}`,
	displayOptions: { show: { '@version': [2], resource: ['community'], operation: ['linkGroups', 'syncSubgroups'], groupSelection: ['list'] } },
};

/** Link Groups' options. */
export const linkGroupsDescription: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { resource: ['community'], operation: ['linkGroups'] } },
		options: [
			{
				displayName: 'Error on Failed Groups',
				name: 'errorOnFailedGroups',
				type: 'boolean',
				default: false,
				description:
					'Whether an input item with any group that could not be linked (or, with Verify, not confirmed) fails (respecting Continue On Fail), instead of returning those groups as items',
			},
			maxRateLimitWaitOption,
			{
				displayName: 'Verify',
				name: 'verify',
				type: 'boolean',
				default: false,
				description: `Whether to list the community's subgroups after linking and report what is true: a group RyzeAPI called linked that does not appear is reported as unconfirmed, with the reason; a group RyzeAPI called failed that already is a subgroup of this community is reported as linked with alreadyLinked true, so a re-run or a re-sent webhook reports the true state. A fresh link can take a few seconds to show, so the list is checked up to ${VERIFY_ATTEMPTS} times, ${VERIFY_INTERVAL_MS / 1000} s apart.`,
			},
		],
	},
];

/** What a link answer means: groups in `linked` are linked, and why a group usually fails. */
export const linkOutcome: GroupOutcome = {
	done: 'linked',
	verb: 'linked to',
	noReason:
		'RyzeAPI gave no reason. Common causes: the group is already linked to this community (Verify tells), ' +
		'it belongs to another community (unlink it first), the connected number is not admin of both the ' +
		'community and the group, or the JID does not exist.',
};

/**
 * `POST /api/community/link/{instance}`; one item per group (or a summary), verified when asked, failing the item
 * when asked to.
 */
export const linkGroupsOperation: Operation<GroupsRequest> = {
	prepare: prepareGroupsRequest('/api/community/link'),
	output: outputGroups(linkOutcome, async (context, request, results, rateLimitWaits) =>
		context.getNodeParameter('options.verify', false) === true ? await verifyLinks(context, request, results, rateLimitWaits) : undefined,
	),
};
