import type {
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';

import {
	communityJidField,
	errorOnFailedGroupsOption,
	groupJidsField,
	groupsOutputField,
	instanceField,
} from '../../shared/descriptions';
import { groupResults, groupsOutput, type GroupOutcome } from '../../shared/output';
import { readGroupsRequest, sendGroupsRequest } from '../../shared/parameters';
import { VERIFY_ATTEMPTS, VERIFY_INTERVAL_MS, verifyLinks } from './verifyLinks';

const showOnlyForLinkGroups = { show: { resource: ['community'], operation: ['linkGroups'] } };

export const linkGroupsDescription: INodeProperties[] = [
	instanceField(showOnlyForLinkGroups),
	communityJidField(showOnlyForLinkGroups),
	groupJidsField(showOnlyForLinkGroups, 'link to the community'),
	groupsOutputField(showOnlyForLinkGroups, 'linked'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showOnlyForLinkGroups,
		options: [
			errorOnFailedGroupsOption('linked (or, with Verify, not confirmed)'),
			{
				displayName: 'Verify',
				name: 'verify',
				type: 'boolean',
				default: false,
				description: `Whether to list the community's subgroups after linking and report a group as linked only when it appears there; a group RyzeAPI called linked that does not appear is reported as unconfirmed, with the reason. A fresh link can take a few seconds to show, so the list is checked up to ${VERIFY_ATTEMPTS} times, ${VERIFY_INTERVAL_MS / 1000} s apart.`,
			},
		],
	},
];

/** Pre-send step: checks the fields and builds `POST /api/community/link/{instance}`. */
export const sendLinkGroups = sendGroupsRequest('/api/community/link');

/** What a link answer means: groups in `linked` are linked, and why a group usually fails. */
export const linkOutcome: GroupOutcome = {
	done: 'linked',
	verb: 'linked to',
	noReason:
		'RyzeAPI gave no reason. Common causes: the group belongs to another community (unlink it first), the ' +
		'connected number is not admin of both the community and the group, or the JID does not exist.',
};

/** Post-receive: one item per group (or a summary), verified when asked, failing the item when asked to. */
export async function outputLinkGroups(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const request = readGroupsRequest(this);
	const body = response.body as JsonObject;
	const results = groupResults(request.groupJids, body, linkOutcome);
	if (this.getNodeParameter('options.verify', false) !== true) return groupsOutput(this, request, body, results, linkOutcome);
	const verified = await verifyLinks(this, request, results);
	return groupsOutput(this, request, body, verified.results, linkOutcome, verified.summary);
}
