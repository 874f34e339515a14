/**
 * Community → Sync Subgroups: the groups that should be in the community, made so, safe to repeat. One listing says
 * what is there (the operation's own request); then one Link request for the missing groups and, only in the mode
 * that asks for it, one Unlink request for the subgroups not in the list (never the Announcements group). A repeat
 * finds everything in place and sends nothing more; a group another execution linked or unlinked first is reported
 * as it is, not as failed (a fresh listing, as Link Groups' Verify does).
 */
import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';

import { maxRateLimitWaitOption } from '../../shared/descriptions';
import { nameKey } from '../../shared/groupNames';
import { isVersion1, readGroupsRequest } from '../../shared/groupSelection';
import { parseGroupJid } from '../../shared/jid';
import { failedGroupsError, groupResults, pairedItem, type GroupResult } from '../../shared/output';
import { requestRyzeApi } from '../../shared/ownRequests';
import { instancePath, invalidParameter, locatorOf, MAX_GROUPS_PER_COMMUNITY, type GroupsRequest } from '../../shared/parameters';
import type { RateLimitWaits } from '../../shared/rateLimitWaits';
import type { Operation } from '../../shared/runOperation';
import { ryzeApiAnswer } from '../../shared/errors';
import { linkOutcome } from './linkGroups';
import { requestSubgroups, subgroupsRoute, subgroupsOf, type Subgroup } from './listSubgroups';
import { unlinkOutcome } from './unlinkGroups';
import { verifyLinks } from './verifyLinks';

const showForSync = { show: { resource: ['community'], operation: ['syncSubgroups'] } };
const REMOVE_OTHERS = 'addMissingAndRemoveOthers';

/** Sync Subgroups' own fields; Instance, the community and the groups (by JID, from a list or by name) are in sharedFields.ts. */
export const syncSubgroupsDescription: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'syncMode',
		type: 'options',
		default: 'addMissing',
		description: 'What to do with subgroups that are not in the list',
		// What the one listing cannot see, said where the user decides.
		hint: 'The listing shows only subgroups the connected number is in, and a link takes 1–3 s to show: Remove Others cannot unlink a subgroup the number is not in, the 50-subgroup check can undercount, and a repeat within seconds may send Link again (reported as unchanged, not failed).',
		displayOptions: showForSync,
		options: [
			{
				name: 'Add Missing',
				value: 'addMissing',
				description: 'Link the listed groups that are not subgroups yet. Never unlinks anything: other subgroups stay (the summary names them).',
			},
			{
				name: 'Add Missing and Remove Others',
				value: REMOVE_OTHERS,
				description:
					"Link the listed groups that are missing and UNLINK every other subgroup: this removes groups from the community (they stay as plain groups with their members). The Announcements group is never unlinked; a subgroup the connected number is not in cannot be seen, so it stays.",
			},
		],
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'perGroup',
		description: 'Whether to return one item per group or one summary item per input item',
		displayOptions: showForSync,
		options: [
			{
				name: 'One Item per Group',
				value: 'perGroup',
				description:
					'One item per listed group (and per group unlinked), with its action: linked, unlinked, unchanged or failed with a reason; with Preview: wouldLink, wouldUnlink or unchanged',
			},
			{ name: 'Summary', value: 'summary', description: 'One item per input item with the count and the list of groups per action, and the subgroups not in the list' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showForSync,
		options: [
			{
				displayName: 'Error on Failed Groups',
				name: 'errorOnFailedGroups',
				type: 'boolean',
				default: false,
				description: 'Whether an input item with any group that could not be linked or unlinked fails (respecting Continue On Fail), instead of returning those groups as items',
			},
			maxRateLimitWaitOption,
			{
				displayName: 'Preview',
				name: 'preview',
				type: 'boolean',
				default: false,
				description:
					'Whether to only list the subgroups and report the plan, per group (wouldLink, wouldUnlink, unchanged), without linking or unlinking anything',
			},
		],
	},
];

interface SyncRequest extends GroupsRequest {
	removeOthers: boolean;
	preview: boolean;
}

type SyncAction = 'linked' | 'unlinked' | 'unchanged' | 'failed' | 'unconfirmed' | 'wouldLink' | 'wouldUnlink';

interface SyncResult {
	groupJid: string;
	action: SyncAction;
	reason?: string;
	/** A listed group that was a subgroup already (found by the listing, or after RyzeAPI refused to link it again). */
	alreadyLinked?: boolean;
}

/** What the listing showed, against the list: what to link, what to unlink, what is in place, what stays unlisted. */
interface SyncPlan {
	toLink: string[];
	toUnlink: string[];
	unchanged: string[];
	/** Add Missing: the subgroups that are not in the list, which stay. */
	notInList: string[];
	/** Subgroups after the sync, the Announcements group aside, as far as the listing shows them. */
	subgroupsAfter: number;
}

function plan(request: SyncRequest, subgroups: Subgroup[]): SyncPlan {
	const announcements = new Set(subgroups.filter((subgroup) => subgroup.isDefaultSubGroup).map((subgroup) => subgroup.jid));
	const present = subgroups.filter((subgroup) => !subgroup.isDefaultSubGroup).map((subgroup) => subgroup.jid);
	const wanted = new Set(request.groupJids);
	const inPlace = (jid: string) => present.includes(jid) || announcements.has(jid);
	const others = present.filter((jid) => !wanted.has(jid));
	const toLink = request.groupJids.filter((jid) => !inPlace(jid));
	return {
		toLink,
		toUnlink: request.removeOthers ? others : [],
		unchanged: request.groupJids.filter(inPlace),
		notInList: request.removeOthers ? [] : others,
		subgroupsAfter: present.length + toLink.length - (request.removeOthers ? others.length : 0),
	};
}

/** RyzeAPI's limit, counted on what the listing shows (it cannot see subgroups the number is not in). */
function checkLimit(context: IExecuteSingleFunctions, { toLink, subgroupsAfter: after }: SyncPlan): void {
	if (after <= MAX_GROUPS_PER_COMMUNITY) return;
	throw invalidParameter(
		context,
		isVersion1(context) ? 'Group JIDs' : 'Groups',
		`after the sync the community would hold ${after} subgroups (${toLink.length} to link, ${after - toLink.length} there already); a community holds at most ${MAX_GROUPS_PER_COMMUNITY}`,
		'Nothing was linked or unlinked. Remove groups from the list, or use Add Missing and Remove Others to unlink the subgroups that are not in it.',
	);
}

/** Several items naming the same community would, in Remove Others, each unlink the groups the others link. */
function refuseSharedCommunity(context: IExecuteSingleFunctions): void {
	const items = context.getWorkflowDataProxy(context.getItemIndex()).$input.all() as INodeExecutionData[];
	if (items.length < 2) return;
	const own = context.getItemIndex();
	const keys = items.map((_, index) => communityKey(context, index));
	const others = keys.flatMap((key, index) => (index !== own && key !== undefined && key === keys[own] ? [index] : []));
	if (others.length === 0) return;
	throw invalidParameter(
		context,
		isVersion1(context) ? 'Community JID' : 'Community',
		`item${others.length > 1 ? 's' : ''} ${others.join(', ')} name${others.length > 1 ? '' : 's'} the same community, and with Add Missing and Remove Others each item would unlink the groups the others link`,
		'Nothing was sent. Gather the groups into one item per community first (e.g. a Summarize node: split by community, append the groups), or use Add Missing.',
	);
}

/** The community an item names, as a comparable key (its JID, or its name as names are compared). */
function communityKey(context: IExecuteSingleFunctions, itemIndex: number): string | undefined {
	// The field as saved, evaluated for that item: an item's own getNodeParameter reads only its own.
	const { mode, value: saved } = locatorOf(context.getNode().parameters[isVersion1(context) ? 'communityJid' : 'community']);
	const value: unknown = typeof saved === 'string' && saved.startsWith('=') ? context.evaluateExpression(saved, itemIndex) : saved;
	if (mode === 'name') return typeof value === 'string' ? `name:${nameKey(value)}` : undefined;
	const parsed = parseGroupJid(value);
	return 'jid' in parsed ? parsed.jid : undefined;
}

async function send(
	context: IExecuteSingleFunctions,
	route: '/api/community/link' | '/api/community/unlink',
	request: SyncRequest,
	groupJids: string[],
	waits: RateLimitWaits,
): Promise<JsonObject> {
	// As the user set it for the operation's requests (RyzeAPI takes about 1 s per group); n8n's default otherwise.
	const timeout = Number((context.getNodeParameter('requestOptions', {}) as IDataObject).timeout ?? 300_000);
	const body = { communityJid: request.communityJid, groupJid: groupJids };
	return await requestRyzeApi(context, { method: 'POST', url: instancePath(route, request.instance), body, timeout }, (response) => ryzeApiAnswer(context, response), waits);
}

/** Links what is missing; a group RyzeAPI refused that a fresh listing shows as a subgroup was there already. */
async function linkMissing(context: IExecuteSingleFunctions, request: SyncRequest, toLink: string[], waits: RateLimitWaits): Promise<SyncResult[]> {
	if (toLink.length === 0) return [];
	const answered = groupResults(toLink, await send(context, '/api/community/link', request, toLink, waits), linkOutcome);
	const results = answered.some((result) => result.status === 'failed')
		? (await verifyLinks(context, { ...request, groupJids: toLink }, answered, waits)).results
		: answered;
	return results.map(({ groupJid, status, reason, alreadyLinked }) => {
		if (status === 'linked') return alreadyLinked ? { groupJid, action: 'unchanged', alreadyLinked: true } : { groupJid, action: 'linked' };
		return { groupJid, action: status === 'unconfirmed' ? 'unconfirmed' : 'failed', reason };
	});
}

/** Unlinks the others; a group RyzeAPI refused that a fresh listing no longer shows is gone already. */
async function unlinkOthers(context: IExecuteSingleFunctions, request: SyncRequest, toUnlink: string[], waits: RateLimitWaits): Promise<SyncResult[]> {
	if (toUnlink.length === 0) return [];
	const answered = groupResults(toUnlink, await send(context, '/api/community/unlink', request, toUnlink, waits), unlinkOutcome);
	const stillThere = answered.some((result) => result.status === 'failed')
		? new Set((await requestSubgroups(context, request, waits)).map((subgroup) => subgroup.jid))
		: undefined;
	return answered.map(({ groupJid, status, reason }) =>
		status === 'unlinked' || !stillThere?.has(groupJid) ? { groupJid, action: 'unlinked' } : { groupJid, action: 'failed', reason },
	);
}

function output(context: IExecuteSingleFunctions, request: SyncRequest, results: SyncResult[], notInList: string[]): INodeExecutionData[] {
	const { instance, communityJid, communityName, groupNames = {} } = request;
	const named = communityName === undefined ? {} : { communityName };
	if (context.getNodeParameter('options.errorOnFailedGroups', false) === true) {
		const asGroupResults: GroupResult[] = results.map(({ groupJid, action, reason }) => ({ groupJid, status: failedAction(action) ? 'failed' : 'linked', reason }));
		const error = failedGroupsError(context, request, asGroupResults, 'synced with');
		if (error) throw error;
	}
	if (context.getNodeParameter('output', 'perGroup') !== 'summary') {
		return results.map(({ groupJid, ...result }) =>
			pairedItem(context, { instance, communityJid, ...named, groupJid, ...(groupNames[groupJid] !== undefined && { groupName: groupNames[groupJid] }), ...result }),
		);
	}
	const withAction = (action: SyncAction) => results.filter((result) => result.action === action).map((result) => result.groupJid);
	const lists = request.preview
		? { wouldLink: withAction('wouldLink'), wouldUnlink: withAction('wouldUnlink'), unchanged: withAction('unchanged') }
		: {
				linked: withAction('linked'),
				unlinked: withAction('unlinked'),
				unchanged: withAction('unchanged'),
				failed: results.filter((result) => failedAction(result.action)).map(({ groupJid, reason }) => ({ groupJid, reason: reason ?? null })),
			};
	const counted = { ...lists, notInList };
	return [
		pairedItem(context, {
			instance,
			communityJid,
			...named,
			mode: request.removeOthers ? REMOVE_OTHERS : 'addMissing',
			preview: request.preview,
			counts: Object.fromEntries(Object.entries(counted).map(([list, groups]) => [list, groups.length])),
			...counted,
			alreadyLinked: results.filter((result) => result.alreadyLinked).map((result) => result.groupJid),
		}),
	];
}

/**
 * `GET /api/community/listSubGroups/{instance}` (what is there), then at most one link and one unlink request;
 * one item per group (or a summary).
 */
export const syncSubgroupsOperation: Operation<SyncRequest> = {
	async prepare(context, waits) {
		const removeOthers = context.getNodeParameter('syncMode', 'addMissing') === REMOVE_OTHERS;
		if (removeOthers) refuseSharedCommunity(context);
		const request = { ...(await readGroupsRequest(context, waits)), removeOthers, preview: context.getNodeParameter('options.preview', false) === true };
		return { request, send: subgroupsRoute(request) };
	},
	async output(context, request, answer, waits) {
		const steps = plan(request, subgroupsOf(answer));
		checkLimit(context, steps);
		const unchanged: SyncResult[] = steps.unchanged.map((groupJid) => ({ groupJid, action: 'unchanged', alreadyLinked: true }));
		if (request.preview) {
			const wouldLink: SyncResult[] = steps.toLink.map((groupJid) => ({ groupJid, action: 'wouldLink' }));
			const wouldUnlink: SyncResult[] = steps.toUnlink.map((groupJid) => ({ groupJid, action: 'wouldUnlink' }));
			return output(context, request, inListOrder(request, [...unchanged, ...wouldLink]).concat(wouldUnlink), steps.notInList);
		}
		const linked = await linkMissing(context, request, steps.toLink, waits);
		const unlinked = await unlinkOthers(context, request, steps.toUnlink, waits);
		return output(context, request, inListOrder(request, [...unchanged, ...linked]).concat(unlinked), steps.notInList);
	},
};

function failedAction(action: SyncAction): boolean {
	return action === 'failed' || action === 'unconfirmed';
}

/** The listed groups' results in the order the list gave them. */
function inListOrder(request: SyncRequest, results: SyncResult[]): SyncResult[] {
	return request.groupJids.flatMap((jid) => results.filter((result) => result.groupJid === jid));
}
