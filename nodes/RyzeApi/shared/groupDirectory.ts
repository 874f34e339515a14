/**
 * The number's groups as RyzeAPI lists them (`GET /api/group/list/{instance}`), kept for a short while: the one
 * deliberate piece of state this package shares between executions (and with the editor's pickers).
 *
 * Why: resolving group and community names needs the list, and RyzeAPI allows 100 requests a minute per token, which
 * the links need. RoutingNode starts all items at once, so the items of an execution share one request in flight, not
 * only its result; executions in the same n8n process share the answer for up to a minute. It holds data about the
 * number's groups only, keyed by Base URL, a hash of the token and the instance: never the token itself.
 */
import { createHash } from 'node:crypto';

import type { IExecuteSingleFunctions, IHttpRequestOptions, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';

import { credentialBaseUrl } from './baseUrl';
import { isJsonObject, ryzeApiListAnswer } from './errors';
import { normaliseGroupJid } from './jid';
import { LISTING_TIMEOUT_MS, requestRyzeApi } from './ownRequests';
import { instancePath } from './parameters';
import type { RateLimitWaits } from './rateLimitWaits';

/** How long a listing serves names and searches. */
const MAX_AGE_MS = 60_000;
/** A name not found is looked up again only in a listing older than this: a misspelt name in a burst costs one refresh. */
const REFRESH_AFTER_MS = 5_000;
/** Listings kept at most (one per Base URL, token and instance); the oldest goes first. */
const MAX_LISTINGS = 50;

/** One group of the listing, in the node's words. Flags are undefined where RyzeAPI's answer does not say. */
export interface DirectoryGroup {
	jid: string;
	name: string;
	isCommunity?: boolean;
	/** A community's Announcements group (`isDefaultSubGroup`). */
	isAnnouncements?: boolean;
	/** The community the group is linked to, when the answer names one. */
	communityJid?: string;
	/** The entry as RyzeAPI gave it. */
	entry: JsonObject;
}

export interface GroupListing {
	groups: DirectoryGroup[];
	/** Whether the answer flags communities (`isCommunity` / `isParent`): without it, a community cannot be told by name. */
	flagsCommunities: boolean;
	/** When the list was asked for (ms). */
	fetchedAt: number;
}

/** Where a request for the list comes from: an item of an execution (with its rate-limit waits), or the editor. */
export type DirectoryContext = IExecuteSingleFunctions | ILoadOptionsFunctions;

interface Kept {
	fetchedAt: number;
	listing: Promise<GroupListing>;
}

const listings = new Map<string, Kept>();

/** The number's groups, from a listing under a minute old or a new request shared by everyone asking meanwhile. */
export async function groupListing(context: DirectoryContext, instance: string, waits?: RateLimitWaits): Promise<GroupListing> {
	const key = await listingKey(context, instance);
	const kept = listings.get(key);
	if (kept && Date.now() - kept.fetchedAt < MAX_AGE_MS) return await kept.listing;
	return await fetchListing(context, key, instance, waits);
}

/**
 * The listing again when the one kept is older than a few seconds (a name was not found: the group may be new),
 * else the one kept.
 */
export async function refreshedGroupListing(context: DirectoryContext, instance: string, waits?: RateLimitWaits): Promise<GroupListing> {
	const key = await listingKey(context, instance);
	const kept = listings.get(key);
	if (kept && Date.now() - kept.fetchedAt < REFRESH_AFTER_MS) return await kept.listing;
	return await fetchListing(context, key, instance, waits);
}

/** A listing the node got anyway (Group → Get Many's own request) replaces the one kept. */
export async function keepGroupListing(context: DirectoryContext, instance: string, listing: GroupListing): Promise<void> {
	keep(await listingKey(context, instance), { fetchedAt: listing.fetchedAt, listing: Promise.resolve(listing) });
}

/** A group the node just created joins the listing kept, so its name resolves at once. */
export async function addToGroupListing(context: DirectoryContext, instance: string, group: DirectoryGroup): Promise<void> {
	const key = await listingKey(context, instance);
	const kept = listings.get(key);
	if (!kept) return;
	const listing = kept.listing.then((current) => ({ ...current, groups: [...current.groups.filter(({ jid }) => jid !== group.jid), group] }));
	// A failed listing is dropped by fetchListing; nothing to add to then.
	listing.catch(() => undefined);
	kept.listing = listing;
}

/** Forgets every listing kept (tests start each case from RyzeAPI's state). */
export function forgetGroupListings(): void {
	listings.clear();
}

/** The groups of a list answer: under `groups` or `data`, or the answer itself when it is a list. */
export function listingOf(answer: unknown, fetchedAt: number): GroupListing {
	const list = Array.isArray(answer) ? answer : isJsonObject(answer) ? (answer.groups ?? answer.data) : undefined;
	const entries = (Array.isArray(list) ? list : []).filter(isJsonObject);
	return {
		groups: entries.map(directoryGroupOf).filter((group) => group.jid !== ''),
		flagsCommunities: entries.some((entry) => typeof communityFlag(entry) === 'boolean'),
		fetchedAt,
	};
}

/** One entry of RyzeAPI's group list (or its answer for one group), in the node's words. */
export function directoryGroupOf(entry: JsonObject): DirectoryGroup {
	const parent = entry.linkedParent ?? entry.communityJid;
	const isCommunity = communityFlag(entry);
	return {
		jid: typeof entry.jid === 'string' ? normaliseGroupJid(entry.jid) : '',
		name: typeof entry.name === 'string' ? entry.name : '',
		...(typeof isCommunity === 'boolean' && { isCommunity }),
		...(typeof entry.isDefaultSubGroup === 'boolean' && { isAnnouncements: entry.isDefaultSubGroup }),
		...(typeof parent === 'string' && parent !== '' && { communityJid: normaliseGroupJid(parent) }),
		entry,
	};
}

/** A community, where the answer flags them; else any group but an Announcements group (the answer cannot tell). */
export function isCommunity(listing: GroupListing, group: DirectoryGroup): boolean {
	return listing.flagsCommunities ? group.isCommunity === true : group.isAnnouncements !== true;
}

/** A group that can be linked: neither a community nor an Announcements group, as far as the answer tells. */
export function isPlainGroup(group: DirectoryGroup): boolean {
	return group.isCommunity !== true && group.isAnnouncements !== true;
}

function communityFlag(entry: JsonObject): boolean | undefined {
	const flag = entry.isCommunity ?? entry.isParent;
	return typeof flag === 'boolean' ? flag : undefined;
}

/** `GET /api/group/list/{instance}`: the routed request of Group → Get Many, and the request behind the listings. */
export function groupListRoute(instance: string): Pick<IHttpRequestOptions, 'url'> {
	return { url: instancePath('/api/group/list', instance) };
}

async function fetchListing(context: DirectoryContext, key: string, instance: string, waits?: RateLimitWaits): Promise<GroupListing> {
	const fetchedAt = Date.now();
	const kept: Kept = { fetchedAt, listing: requestListing(context, instance, fetchedAt, waits) };
	keep(key, kept);
	// A failed listing is not kept: whoever asks next asks RyzeAPI again. The caller still gets the failure below.
	kept.listing.catch(() => listings.get(key) === kept && listings.delete(key));
	return await kept.listing;
}

async function requestListing(context: DirectoryContext, instance: string, fetchedAt: number, waits?: RateLimitWaits): Promise<GroupListing> {
	const send = { method: 'GET' as const, ...groupListRoute(instance), timeout: LISTING_TIMEOUT_MS };
	return await requestRyzeApi(context, send, (response) => listingOf(ryzeApiListAnswer(context, response), fetchedAt), waits);
}

function keep(key: string, kept: Kept): void {
	listings.delete(key);
	listings.set(key, kept);
	for (const [oldest] of listings) {
		if (listings.size <= MAX_LISTINGS) break;
		listings.delete(oldest);
	}
}

async function listingKey(context: DirectoryContext, instance: string): Promise<string> {
	const credentials = await context.getCredentials('ryzeApi');
	const tokenHash = createHash('sha256').update(String(credentials.token ?? '')).digest('hex');
	return [await credentialBaseUrl(context), tokenHash, instance].join('\n');
}
