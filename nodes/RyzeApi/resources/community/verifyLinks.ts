/**
 * Link Groups' "Verify" option. RyzeAPI can report a group as linked that WhatsApp silently refused (past the
 * 50-subgroup limit), so after linking the node lists the community's subgroups and keeps `linked` only for the
 * groups it finds there. A fresh link can take 1–3 s to show in the list, so the listing is retried, bounded.
 */
import {
	sleep,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import { friendlyError, ryzeApiAnswer } from '../../shared/errors';
import type { GroupResult } from '../../shared/output';
import type { GroupsRequest } from '../../shared/parameters';
import { credentialBaseUrl } from '../../shared/request';
import { subgroupsOf, subgroupsRoute } from './listSubgroups';

/** How many times the subgroups are listed at most, and how long apart: together they cover RyzeAPI's 1–3 s. */
export const VERIFY_ATTEMPTS = 4;
export const VERIFY_INTERVAL_MS = 1000;
/** One listing is a quick read; it need not wait as long as a link of 50 groups. */
const LISTING_TIMEOUT_MS = 30_000;

export interface Verification {
	/** The results with every group RyzeAPI called linked but that was not found turned `unconfirmed`. */
	results: GroupResult[];
	/** For the summary item: the groups left unconfirmed, and what the check found, in words. */
	summary: IDataObject;
}

export async function verifyLinks(
	context: IExecuteSingleFunctions,
	request: GroupsRequest,
	results: GroupResult[],
): Promise<Verification> {
	const reportedLinked = results.filter((result) => result.status === 'linked').map((result) => result.groupJid);
	if (reportedLinked.length === 0) {
		return { results, summary: { unconfirmed: [], verification: 'No group was reported as linked, so there was nothing to verify.' } };
	}
	const missing = new Set(reportedLinked);
	let checks = 0;
	let failure: string | undefined;
	while (missing.size > 0 && checks < VERIFY_ATTEMPTS && failure === undefined) {
		// No cancel signal to pass: n8n (1.122 and 2.41 alike) runs a declarative node's steps without one, and
		// n8n 1.x's `sleep` takes none.
		if (checks > 0) await sleep(VERIFY_INTERVAL_MS);
		checks += 1;
		try {
			for (const subgroup of await listSubgroups(context, request)) missing.delete(subgroup.jid);
		} catch (caught) {
			const error = friendlyError(context, caught, {});
			failure = [error.message, error.description ?? ''].filter((part) => part !== '').map(asSentence).join(' ');
		}
	}
	const unconfirmedReason =
		failure === undefined
			? `RyzeAPI reported this group as linked, but it did not appear among the community's subgroups in ${checksDone(checks)}, so the node gave up. WhatsApp may have refused it without saying so (a community holds at most 50 subgroups), or it is still on its way: check again later with List Subgroups.`
			: `RyzeAPI reported this group as linked, but listing the community's subgroups to verify it failed: ${failure}`;
	return {
		results: results.map((result) =>
			missing.has(result.groupJid) ? { groupJid: result.groupJid, status: 'unconfirmed', reason: unconfirmedReason } : result,
		),
		summary: { unconfirmed: [...missing], verification: verificationNote(reportedLinked.length, missing.size, checks, failure) },
	};
}

function asSentence(text: string): string {
	return /[.!?]$/.test(text) ? text : `${text}.`;
}

function checksDone(checks: number): string {
	const seconds = ((checks - 1) * VERIFY_INTERVAL_MS) / 1000;
	return checks === 1 ? '1 check' : `${checks} checks over ${seconds} s`;
}

function verificationNote(reported: number, missing: number, checks: number, failure: string | undefined): string {
	const confirmed = `${reported - missing} of ${reported} groups reported as linked appear among the community's subgroups`;
	if (failure !== undefined) return `${confirmed}; then verifying failed: ${failure}`;
	if (missing === 0) return `${confirmed} (${checksDone(checks)}).`;
	return `${confirmed}; the node gave up after ${checksDone(checks)}.`;
}

async function listSubgroups(context: IExecuteSingleFunctions, request: GroupsRequest) {
	const options: IHttpRequestOptions = {
		method: 'GET',
		baseURL: await credentialBaseUrl(context),
		...subgroupsRoute(request),
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: LISTING_TIMEOUT_MS,
	};
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, 'ryzeApi', options)) as IN8nHttpFullResponse;
		return subgroupsOf(ryzeApiAnswer(context, response));
	} catch (caught) {
		throw friendlyError(context, caught, options);
	}
}
