/**
 * Reads and checks the parameters every community operation shares. Each check runs before the request is
 * sent and throws a NodeOperationError that names the field, the value and the item.
 */
import { NodeOperationError, type IExecuteSingleFunctions } from 'n8n-workflow';

import { parseGroupJid, parseGroupJidList, quote } from './jid';

/** RyzeAPI's limit of subgroups per community. */
export const MAX_GROUPS_PER_COMMUNITY = 50;

const JID_HINT =
	'Use group JIDs such as 120363406289005073@g.us (bare digits and legacy ids like 4911111111111-1583093984 work too).';

export interface GroupsRequest {
	instance: string;
	communityJid: string;
	groupJids: string[];
}

export function invalidParameter(
	context: IExecuteSingleFunctions,
	field: string,
	problem: string,
	hint: string,
): NodeOperationError {
	const itemIndex = context.getItemIndex();
	return new NodeOperationError(context.getNode(), `${field} on item ${itemIndex}: ${problem}`, {
		itemIndex,
		description: hint,
	});
}

export function readInstance(context: IExecuteSingleFunctions): string {
	const value: unknown = context.getNodeParameter('instance', '', { extractValue: true });
	const instance = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (instance === '') {
		const problem = value === undefined || value === null || typeof value === 'string' ? 'no instance is set' : `${quote(value)} is not an instance name`;
		throw invalidParameter(
			context,
			'Instance',
			problem,
			'Pick the WhatsApp instance from the list, or type its exact name as shown in the RyzeAPI dashboard.',
		);
	}
	return instance;
}

export function readCommunityJid(context: IExecuteSingleFunctions): string {
	const value: unknown = context.getNodeParameter('communityJid', '');
	const result = parseGroupJid(value);
	if ('problem' in result) {
		throw invalidParameter(context, 'Community JID', result.problem, `${JID_HINT} A community's JID is a group JID.`);
	}
	return result.jid;
}

/** Reads the group list; `communityJid` is the community the groups are meant for, which cannot be one of them. */
export function readGroupJids(context: IExecuteSingleFunctions, communityJid: string): string[] {
	const { jids, problems } = parseGroupJidList(context.getNodeParameter('groupJids', ''));
	const field = 'Group JIDs';
	if (problems.length > 0) {
		const more = problems.length > 1 ? ` (and ${problems.length - 1} more invalid value(s))` : '';
		throw invalidParameter(context, field, `${problems[0]}${more}`, `${JID_HINT} Separate them with commas, spaces or new lines.`);
	}
	if (jids.length === 0) {
		throw invalidParameter(context, field, 'no group JIDs are given', `${JID_HINT} Separate them with commas, spaces or new lines.`);
	}
	if (jids.length > MAX_GROUPS_PER_COMMUNITY) {
		throw invalidParameter(
			context,
			field,
			`${jids.length} different groups are given; a community holds at most ${MAX_GROUPS_PER_COMMUNITY}`,
			'Split the groups over several communities, or remove the ones that do not belong here.',
		);
	}
	if (jids.includes(communityJid)) {
		throw invalidParameter(
			context,
			field,
			`the community ${quote(communityJid)} is listed among its own groups`,
			'Remove the community JID from Group JIDs: a community cannot be its own subgroup.',
		);
	}
	return jids;
}

export function readGroupsRequest(context: IExecuteSingleFunctions): GroupsRequest {
	const instance = readInstance(context);
	const communityJid = readCommunityJid(context);
	return { instance, communityJid, groupJids: readGroupJids(context, communityJid) };
}

/** The path of a route that takes the instance name as its last segment. */
export function instancePath(route: string, instance: string): string {
	return `${route}/${encodeURIComponent(instance)}`;
}
