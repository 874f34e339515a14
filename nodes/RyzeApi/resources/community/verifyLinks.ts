/**
 * Link Groups' "Verify" option. RyzeAPI can report a group as linked that WhatsApp silently refused (past the
 * 50-subgroup limit), and reports a group already linked to this community as failed (so a re-run, a re-sent webhook
 * or Retry On Fail would call done work failed). So after linking, the node lists the community's subgroups: it keeps
 * `linked` only for the groups it finds there, and turns a failed group it finds there into linked, already linked.
 * A fresh link can take 1–3 s to show in the list, so the listing is retried, bounded, while a linked group is missing.
 */
import { sleep, type IDataObject, type IExecuteSingleFunctions } from 'n8n-workflow';

import { friendlyError } from '../../shared/errors';
import type { GroupResult, GroupStatus } from '../../shared/output';
import type { GroupsRequest } from '../../shared/parameters';
import type { RateLimitWaits } from '../../shared/rateLimitWaits';
import { requestSubgroups } from './listSubgroups';

/** How many times the subgroups are listed at most, and how long apart: together they cover RyzeAPI's 1–3 s. */
export const VERIFY_ATTEMPTS = 4;
export const VERIFY_INTERVAL_MS = 1000;

export interface Verification {
	/**
	 * The results, each with `alreadyLinked`: a group RyzeAPI called linked but that was not found is `unconfirmed`;
	 * a group it called failed that was found is `linked`, already linked.
	 */
	results: GroupResult[];
	/** For the summary item: the groups left unconfirmed, those already linked, and what the check found, in words. */
	summary: IDataObject;
}

export async function verifyLinks(
	context: IExecuteSingleFunctions,
	request: GroupsRequest,
	results: GroupResult[],
	rateLimitWaits: RateLimitWaits,
): Promise<Verification> {
	const reportedLinked = groupsWith(results, 'linked');
	const reportedFailed = new Set(groupsWith(results, 'failed'));
	const missing = new Set(reportedLinked);
	const alreadyLinked = new Set<string>();
	let checks = 0;
	let listed = false;
	let failure: string | undefined;
	do {
		// No cancel signal to pass: n8n (1.122 and 2.41 alike) runs a declarative node's steps without one, and
		// n8n 1.x's `sleep` takes none.
		if (checks > 0) await sleep(VERIFY_INTERVAL_MS);
		checks += 1;
		try {
			for (const { jid } of await requestSubgroups(context, request, rateLimitWaits)) {
				missing.delete(jid);
				if (reportedFailed.has(jid)) alreadyLinked.add(jid);
			}
			listed = true;
		} catch (caught) {
			const error = friendlyError(context, caught, {});
			failure = [error.message, error.description ?? ''].filter((part) => part !== '').map(asSentence).join(' ');
		}
		// Only a fresh link can still be on its way; a group already linked before shows at once.
	} while (missing.size > 0 && checks < VERIFY_ATTEMPTS && failure === undefined);
	const unconfirmedReason =
		failure === undefined
			? `RyzeAPI reported this group as linked, but it did not appear among the community's subgroups in ${checksDone(checks)}, so the node gave up. WhatsApp may have refused it without saying so (a community holds at most 50 subgroups), or it is still on its way: check again later with List Subgroups.`
			: `RyzeAPI reported this group as linked, but listing the community's subgroups to verify it failed: ${failure}`;
	const found = [
		reportedLinked.length > 0 && `${reportedLinked.length - missing.size} of ${reportedLinked.length} groups reported as linked appear among the community's subgroups`,
		listed && reportedFailed.size > 0 && `${alreadyLinked.size} of ${reportedFailed.size} groups reported as failed ${alreadyLinked.size === 1 ? 'was' : 'were'} already linked to this community`,
	].filter((part): part is string => part !== false);
	return {
		results: results.map((result) => {
			if (missing.has(result.groupJid)) return { groupJid: result.groupJid, status: 'unconfirmed', reason: unconfirmedReason, alreadyLinked: false };
			if (alreadyLinked.has(result.groupJid)) return { groupJid: result.groupJid, status: 'linked', alreadyLinked: true };
			return { ...result, alreadyLinked: false };
		}),
		summary: {
			unconfirmed: [...missing],
			alreadyLinked: [...alreadyLinked],
			verification: verificationNote(found, missing.size, checks, failure),
		},
	};
}

function groupsWith(results: GroupResult[], status: GroupStatus): string[] {
	return results.filter((result) => result.status === status).map((result) => result.groupJid);
}

function asSentence(text: string): string {
	return /[.!?]$/.test(text) ? text : `${text}.`;
}

function checksDone(checks: number): string {
	const seconds = ((checks - 1) * VERIFY_INTERVAL_MS) / 1000;
	return checks === 1 ? '1 check' : `${checks} checks over ${seconds} s`;
}

/** `found`: what the listings showed, one clause per kind of group RyzeAPI reported. */
function verificationNote(found: string[], missing: number, checks: number, failure: string | undefined): string {
	const clauses = found.join('; ');
	if (failure !== undefined) return clauses === '' ? `Verifying failed: ${failure}` : `${clauses}; then verifying failed: ${failure}`;
	if (missing === 0) return `${clauses} (${checksDone(checks)}).`;
	return `${clauses}; the node gave up after ${checksDone(checks)}.`;
}
