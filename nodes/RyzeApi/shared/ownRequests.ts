/**
 * The node's own requests to RyzeAPI, besides an operation's routed one: the group list behind names and pickers,
 * Verify's listing, the Unlink picker's subgroups, the trigger's webhook registration. Made for an item, a request
 * goes through that item's rate-limit waits; from the editor or the trigger's activation, it is sent once. Either way
 * a failure comes out as a friendly error, and `read` gets RyzeAPI's full answer.
 */
import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { credentialBaseUrl } from './baseUrl';
import { friendlyError, type ErrorContext } from './errors';
import type { RateLimitWaits } from './rateLimitWaits';

/** A listing (subgroups, the group list) is a quick read; it need not wait as long as a link of 50 groups. */
export const LISTING_TIMEOUT_MS = 30_000;

export type OwnRequest = Pick<IHttpRequestOptions, 'method' | 'url' | 'qs' | 'body' | 'timeout'>;

export async function requestRyzeApi<T>(
	context: ErrorContext,
	send: OwnRequest,
	read: (response: IN8nHttpFullResponse) => T,
	waits?: RateLimitWaits,
): Promise<T> {
	const options: IHttpRequestOptions = {
		...send,
		baseURL: await credentialBaseUrl(context),
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	const request = async () => read((await context.helpers.httpRequestWithAuthentication.call(context, 'ryzeApi', options)) as IN8nHttpFullResponse);
	if (waits) return await waits.send(options, request);
	try {
		return await request();
	} catch (caught) {
		throw friendlyError(context, caught, options);
	}
}
