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
import { parseGroupJid } from './jid';
import type { GroupsRequest } from './parameters';

export type GroupStatus = 'linked' | 'unlinked' | 'failed' | 'unconfirmed';

export interface GroupResult {
	groupJid: string;
	status: GroupStatus;
	reason?: string;
}

const FAILED_WITHOUT_REASON =
	'RyzeAPI gave no reason. Common causes: the group belongs to another community (unlink it first), the ' +
	'connected number is not admin of both the community and the group, or the JID does not exist.';

const NOT_REPORTED = 'RyzeAPI did not report this group as done or failed.';

/** One result per requested group, in request order. `done` is the status for groups in the `linked` array. */
export function groupResults(request: GroupsRequest, body: JsonObject, done: GroupStatus): GroupResult[] {
	const succeeded = new Set(asArray(body.linked).map(entryJid));
	const failures = new Map<string, string>();
	for (const entry of asArray(body.failed)) failures.set(entryJid(entry), entryReason(entry) ?? FAILED_WITHOUT_REASON);

	return request.groupJids.map((groupJid) => {
		if (succeeded.has(groupJid)) return { groupJid, status: done };
		return { groupJid, status: 'failed', reason: failures.get(groupJid) ?? NOT_REPORTED };
	});
}

export function perGroupItems(
	context: IExecuteSingleFunctions,
	request: GroupsRequest,
	results: GroupResult[],
): INodeExecutionData[] {
	const { instance, communityJid } = request;
	return results.map((result) => pairedItem(context, { instance, communityJid, ...result }));
}

export function summaryItem(context: IExecuteSingleFunctions, request: GroupsRequest, body: JsonObject): INodeExecutionData {
	return pairedItem(context, {
		instance: request.instance,
		communityJid: request.communityJid,
		success: body.success ?? false,
		message: body.message ?? '',
		linked: asArray(body.linked) as IDataObject[],
		failed: asArray(body.failed) as IDataObject[],
	});
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
	verb: string,
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

function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

/** The JID an entry of `linked`/`failed` names, normalised like the request so both sides compare. */
function entryJid(entry: unknown): string {
	const raw = isJsonObject(entry) ? (entry.jid ?? entry.groupJid ?? entry.id) : entry;
	const parsed = parseGroupJid(raw);
	return 'jid' in parsed ? parsed.jid : String(raw);
}

function entryReason(entry: unknown): string | undefined {
	if (!isJsonObject(entry)) return undefined;
	const reason = entry.reason ?? entry.error ?? entry.message;
	if (typeof reason === 'string' && reason !== '') return reason;
	if (isJsonObject(reason) && typeof reason.message === 'string') return reason.message;
	return undefined;
}
