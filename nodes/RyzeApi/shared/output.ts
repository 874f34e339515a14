/**
 * Turns RyzeAPI's `{success, message, linked, failed}` answer into output items. RyzeAPI answers HTTP 200 for
 * partial and total failure, so the per-group truth lives in these arrays, not in the status code.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { isJsonObject } from './errors';
import { normaliseGroupJid } from './jid';
import type { GroupsRequest } from './parameters';
import type { RateLimitWaits } from './rateLimitWaits';

export type GroupStatus = 'linked' | 'unlinked' | 'failed' | 'unconfirmed';

export interface GroupResult {
	groupJid: string;
	status: GroupStatus;
	reason?: string;
	/** With Verify: whether RyzeAPI refused to link a group because it already was a subgroup of this community. */
	alreadyLinked?: boolean;
}

/** What a `{linked, failed}` answer means for one operation. */
export interface GroupOutcome {
	/** The status of the groups in the answer's `linked` array (unlink reuses that array for unlinked groups). */
	done: 'linked' | 'unlinked';
	/** How an error says what could not be done: "could not be linked to community ..." */
	verb: 'linked to' | 'unlinked from';
	/** The reason of a failed group RyzeAPI gave no reason for: the usual causes, for this operation. */
	noReason: string;
	/** Rewrites RyzeAPI's own reason for a failed group when the node can explain it better. */
	explain?: (reason: string) => string;
}

const NOT_REPORTED = 'RyzeAPI did not report this group as done or failed.';

/** One result per requested group, in request order. */
export function groupResults(
	groupJids: string[],
	answer: { linked?: unknown; failed?: unknown },
	outcome: GroupOutcome,
): GroupResult[] {
	const succeeded = new Set(asArray(answer.linked).map(entryJid));
	const failures = new Map<string, string>();
	for (const entry of asArray(answer.failed)) failures.set(entryJid(entry), failureReason(entry, outcome));

	return groupJids.map((groupJid) => {
		if (succeeded.has(groupJid)) return { groupJid, status: outcome.done };
		return { groupJid, status: 'failed', reason: failures.get(groupJid) ?? NOT_REPORTED };
	});
}

function failureReason(entry: unknown, outcome: GroupOutcome): string {
	const reason = entryReason(entry);
	if (reason === undefined) return outcome.noReason;
	return outcome.explain ? outcome.explain(reason) : reason;
}

function perGroupItems(
	context: IExecuteSingleFunctions,
	request: GroupsRequest,
	results: GroupResult[],
): INodeExecutionData[] {
	const { instance, communityJid, communityName, groupNames = {} } = request;
	return results.map(({ groupJid, ...result }) =>
		pairedItem(context, {
			instance,
			communityJid,
			...(communityName !== undefined && { communityName }),
			groupJid,
			...(groupNames[groupJid] !== undefined && { groupName: groupNames[groupJid] }),
			...result,
		}),
	);
}

/**
 * A second look at the results before they become items (Link Groups' Verify), with the item's rate-limit budget
 * for its own requests; adds `summary` to the summary item.
 */
export type GroupsReview = (
	context: IExecuteSingleFunctions,
	request: GroupsRequest,
	results: GroupResult[],
	rateLimitWaits: RateLimitWaits,
) => Promise<{ results: GroupResult[]; summary: IDataObject } | undefined>;

/** The output step of link and unlink: RyzeAPI's answer as items, after `review` when there is one. */
export function outputGroups(outcome: GroupOutcome, review?: GroupsReview) {
	return async (
		context: IExecuteSingleFunctions,
		request: GroupsRequest,
		answer: JsonObject,
		rateLimitWaits: RateLimitWaits,
	): Promise<INodeExecutionData[]> => {
		const answered = groupResults(request.groupJids, answer, outcome);
		const reviewed = review ? await review(context, request, answered, rateLimitWaits) : undefined;
		return groupsOutput(context, request, answer, reviewed?.results ?? answered, outcome, reviewed?.summary);
	};
}

/**
 * The items of a link or unlink: fails the item when asked to (option `errorOnFailedGroups`), else one item per
 * group or, for output `summary`, one item with RyzeAPI's own answer plus `extra` (e.g. what verifying found). A
 * group found already linked counts as linked there, not failed.
 */
function groupsOutput(
	context: IExecuteSingleFunctions,
	request: GroupsRequest,
	body: JsonObject,
	results: GroupResult[],
	outcome: GroupOutcome,
	extra: IDataObject = {},
): INodeExecutionData[] {
	if (context.getNodeParameter('options.errorOnFailedGroups', false) === true) {
		const error = failedGroupsError(context, request, results, outcome.verb);
		if (error) throw error;
	}
	if (context.getNodeParameter('output', 'perGroup') !== 'summary') return perGroupItems(context, request, results);
	const alreadyLinked = new Set(results.filter((result) => result.alreadyLinked).map((result) => result.groupJid));
	const done = [...asArray(body.linked), ...alreadyLinked];
	return [
		pairedItem(context, {
			instance: request.instance,
			communityJid: request.communityJid,
			...(request.communityName !== undefined && { communityName: request.communityName }),
			success: alreadyLinked.size > 0 || (body.success ?? false),
			message: body.message ?? '',
			// Unlink's answer lists the unlinked groups under `linked`; the item names them for what they are.
			[outcome.done]: done as IDataObject[],
			failed: asArray(body.failed).filter((entry) => !alreadyLinked.has(entryJid(entry))) as IDataObject[],
			...extra,
		}),
	];
}

export function pairedItem(context: IExecuteSingleFunctions, json: IDataObject): INodeExecutionData {
	// RoutingNode never sets pairedItem and the engine guesses it only when item counts match.
	return { json, pairedItem: { item: context.getItemIndex() } };
}

/** The error for "fail the item when any group failed", listing every failed group with its reason. */
export function failedGroupsError(
	context: IExecuteSingleFunctions,
	request: GroupsRequest,
	results: GroupResult[],
	verb: GroupOutcome['verb'] | 'synced with',
): NodeOperationError | undefined {
	const failed = results.filter((result) => result.status === 'failed' || result.status === 'unconfirmed');
	if (failed.length === 0) return undefined;
	const itemIndex = context.getItemIndex();
	return new NodeOperationError(
		context.getNode(),
		`${failed.length} of ${results.length} groups could not be ${verb} community ${request.communityJid} (item ${itemIndex})`,
		{
			itemIndex,
			description: failed.map((result) => `${result.groupJid}: ${result.reason ?? result.status}`).join('\n'),
		},
	);
}

/** What RyzeAPI's entry carries besides the keys the node writes under its own names. */
export function carriedFields(entry: JsonObject, leaveOut: string[]): IDataObject {
	return Object.fromEntries(Object.entries(entry).filter(([key]) => !leaveOut.includes(key))) as IDataObject;
}

export function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

/** The JID an entry of `linked`/`failed` names, normalised like the request so both sides compare. */
function entryJid(entry: unknown): string {
	return normaliseGroupJid(isJsonObject(entry) ? (entry.jid ?? entry.groupJid ?? entry.id) : entry);
}

function entryReason(entry: unknown): string | undefined {
	if (!isJsonObject(entry)) return undefined;
	const reason = entry.reason ?? entry.error ?? entry.message;
	if (typeof reason === 'string' && reason !== '') return reason;
	if (isJsonObject(reason) && typeof reason.message === 'string') return reason.message;
	return undefined;
}
