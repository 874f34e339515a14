/**
 * Reads and checks the parameters every community operation shares. Each check runs before the request is
 * sent and throws a NodeOperationError that names the field, the value and the item.
 */
import { NodeOperationError, type IExecuteSingleFunctions } from 'n8n-workflow';

import { itemIndexOf, type ErrorContext } from './errors';
import { parseGroupJid, parseGroupJidList, quote } from './jid';
import { DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS } from './rateLimitWaits';

/** RyzeAPI's limit of subgroups per community. */
export const MAX_GROUPS_PER_COMMUNITY = 50;

const JID_HINT =
	'Use group JIDs such as 120363406289005073@g.us (bare digits and legacy ids like 4911111111111-1583093984 work too).';

export interface CommunityRequest {
	instance: string;
	communityJid: string;
}

export interface GroupsRequest extends CommunityRequest {
	groupJids: string[];
}

export function invalidParameter(
	context: ErrorContext,
	field: string,
	problem: string,
	hint: string,
): NodeOperationError {
	// The trigger's fields are read when the workflow is activated, for no item.
	const itemIndex = itemIndexOf(context);
	const where = itemIndex === undefined ? field : `${field} on item ${itemIndex}`;
	return new NodeOperationError(context.getNode(), `${where}: ${problem}`, { itemIndex, description: hint });
}

export function readInstance(context: ErrorContext): string {
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

export interface GroupJidsParameter {
	/** The parameter holding the list, e.g. `groupJids` or `options.groupJids`. */
	name: string;
	/** Whether an empty list is refused. */
	required: boolean;
	/** The community the groups are meant for, which cannot be one of them (none yet when creating it). */
	communityJid?: string;
}

/** Reads a list of group JIDs: each valid, duplicates dropped, at most 50, never the community itself. */
export function readGroupJids(context: IExecuteSingleFunctions, parameter: GroupJidsParameter): string[] {
	const { jids, problems } = parseGroupJidList(context.getNodeParameter(parameter.name, ''));
	const field = 'Group JIDs';
	if (problems.length > 0) {
		const more = problems.length > 1 ? ` (and ${problems.length - 1} more invalid value(s))` : '';
		throw invalidParameter(context, field, `${problems[0]}${more}`, `${JID_HINT} Separate them with commas, spaces or new lines.`);
	}
	if (jids.length === 0 && parameter.required) {
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
	const { communityJid } = parameter;
	if (communityJid !== undefined && jids.includes(communityJid)) {
		throw invalidParameter(
			context,
			field,
			`the community ${quote(communityJid)} is listed among its own groups`,
			'Remove the community JID from Group JIDs: a community cannot be its own subgroup.',
		);
	}
	return jids;
}

/** Options → Max Rate-Limit Wait (Seconds): how long in all an item may wait for RyzeAPI's rate limit to reset. */
export function readMaxRateLimitWait(context: IExecuteSingleFunctions): number {
	const value: unknown = context.getNodeParameter('options.maxRateLimitWait', DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS);
	const seconds = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isFinite(seconds) || seconds < 0) {
		throw invalidParameter(
			context,
			'Max Rate-Limit Wait (Seconds)',
			`${quote(value)} is not a number of seconds of 0 or more`,
			`Give the most seconds an item may wait for RyzeAPI's rate limit to reset, e.g. ${DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS}; 0 fails at once.`,
		);
	}
	return seconds;
}

export function readCommunityRequest(context: IExecuteSingleFunctions): CommunityRequest {
	return { instance: readInstance(context), communityJid: readCommunityJid(context) };
}

export function readGroupsRequest(context: IExecuteSingleFunctions): GroupsRequest {
	const { instance, communityJid } = readCommunityRequest(context);
	return { instance, communityJid, groupJids: readGroupJids(context, { name: 'groupJids', required: true, communityJid }) };
}

/** The path of a route that takes the instance name as its last segment. */
export function instancePath(route: string, instance: string): string {
	return `${route}/${encodeURIComponent(instance)}`;
}

/** The checks and the request of link and unlink: `POST {route}/{instance}` with the community and the groups. */
export function prepareGroupsRequest(route: string) {
	return (context: IExecuteSingleFunctions) => {
		const request = readGroupsRequest(context);
		const { instance, communityJid, groupJids } = request;
		return { request, send: { url: instancePath(route, instance), body: { communityJid, groupJid: groupJids } } };
	};
}
