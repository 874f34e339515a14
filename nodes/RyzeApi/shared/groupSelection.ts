/**
 * The community and the groups of an operation, as each node version asks for them. Version 1: JIDs typed or given
 * by expression (Community JID, Group JIDs). Version 2: the community from a list, by JID or by name; the groups from
 * a list (or JIDs by expression) or by name. Names are looked up in the number's group list (groupNames.ts); JIDs
 * cost no request. Every check names the field, the value and the item, and runs before the operation's request.
 */
import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { parseNameList, resolveCommunityName, resolveGroupNames } from './groupNames';
import { parseGroupJid, quote } from './jid';
import {
	checkGroupCount,
	instancePath,
	invalidParameter,
	JID_HINT,
	readCommunityJid,
	readGroupJids,
	readInstance,
	readLocator,
	type CommunityRequest,
	type GroupsRequest,
} from './parameters';
import type { RateLimitWaits } from './rateLimitWaits';

/** Whether the node is a version-1 node (a workflow saved before the pickers). */
export function isVersion1(context: IExecuteSingleFunctions): boolean {
	return context.getNode().typeVersion < 2;
}

export interface Community {
	jid: string;
	/** Known when the community was given by name. */
	name?: string;
}

/**
 * Version 2's Community field (`community`): from the list or by JID, a JID; by name, resolved. Undefined when the
 * field is optional and left empty.
 */
export async function readCommunity(
	context: IExecuteSingleFunctions,
	instance: string,
	waits: RateLimitWaits,
	{ required }: { required: boolean },
): Promise<Community | undefined> {
	const { mode, value } = readLocator(context, 'community');
	const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
	if (empty && !required) return undefined;
	if (mode === 'name') {
		if (empty || typeof value !== 'string') {
			throw invalidParameter(context, 'Community', empty ? 'no community name is given' : `${quote(value)} is not a name`, COMMUNITY_HINT);
		}
		return await resolveCommunityName(context, instance, value, 'Community', waits);
	}
	const result = parseGroupJid(value);
	if ('problem' in result) throw invalidParameter(context, 'Community', result.problem, `${JID_HINT} ${COMMUNITY_HINT}`);
	return { jid: result.jid };
}

const COMMUNITY_HINT = "Pick the community from the list, give its JID (By ID), or its name exactly as in WhatsApp (By Name).";

const GROUPS_FIELD = {
	field: 'Groups',
	none: 'no groups are picked',
	hint: 'Pick the groups from the list, or give their JIDs by expression (a list, or text separated by commas, spaces, semicolons or new lines). To give names instead, set Select Groups to By Name.',
};

const GROUP_NAMES_FIELD = 'Group Names';
const GROUP_NAMES_HINT =
	"Give the groups' names exactly as in WhatsApp, one per line, or an expression that returns a list of names.";

export interface Groups {
	jids: string[];
	/** Each group's name, where the groups were given by name. */
	names: Record<string, string>;
}

/** Version 2's groups: picked (or JIDs by expression) under `groups`, or names under `groupNames`. */
export async function readGroups(context: IExecuteSingleFunctions, instance: string, communityJid: string, waits: RateLimitWaits): Promise<Groups> {
	if (context.getNodeParameter('groupSelection', 'list') !== 'name') {
		return { jids: readGroupJids(context, { name: 'groups', required: true, communityJid }, GROUPS_FIELD), names: {} };
	}
	const names = parseNameList(context.getNodeParameter('groupNames', ''))
		.map((entry) => {
			if (typeof entry === 'string' || typeof entry === 'number') return String(entry);
			throw invalidParameter(context, GROUP_NAMES_FIELD, `${quote(entry)} is not a name`, GROUP_NAMES_HINT);
		})
		.filter((name) => name.trim() !== '');
	if (names.length === 0) throw invalidParameter(context, GROUP_NAMES_FIELD, 'no group names are given', GROUP_NAMES_HINT);
	const found = await resolveGroupNames(context, instance, names, GROUP_NAMES_FIELD, waits);
	const byJid = new Map(found.map((group) => [group.jid, group.name]));
	checkGroupCount(context, [...byJid.keys()], GROUP_NAMES_FIELD, communityJid);
	return { jids: [...byJid.keys()], names: Object.fromEntries(byJid) };
}

/** The instance and the community, in the node's version. */
export async function readCommunityRequest(context: IExecuteSingleFunctions, waits: RateLimitWaits): Promise<CommunityRequest> {
	const instance = readInstance(context);
	if (isVersion1(context)) return { instance, communityJid: readCommunityJid(context) };
	const community = (await readCommunity(context, instance, waits, { required: true })) as Community;
	return { instance, communityJid: community.jid, ...(community.name !== undefined && { communityName: community.name }) };
}

/** The instance, the community and the groups, in the node's version. */
export async function readGroupsRequest(context: IExecuteSingleFunctions, waits: RateLimitWaits): Promise<GroupsRequest> {
	const request = await readCommunityRequest(context, waits);
	if (isVersion1(context)) {
		return { ...request, groupJids: readGroupJids(context, { name: 'groupJids', required: true, communityJid: request.communityJid }) };
	}
	const groups = await readGroups(context, request.instance, request.communityJid, waits);
	return { ...request, groupJids: groups.jids, groupNames: groups.names };
}

/** The checks and the request of link and unlink: `POST {route}/{instance}` with the community and the groups. */
export function prepareGroupsRequest(route: string) {
	return async (context: IExecuteSingleFunctions, waits: RateLimitWaits) => {
		const request = await readGroupsRequest(context, waits);
		const { instance, communityJid, groupJids } = request;
		const send: Partial<IHttpRequestOptions> = { url: instancePath(route, instance), body: { communityJid, groupJid: groupJids } };
		return { request, send };
	};
}
