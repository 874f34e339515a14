/**
 * Group and community names given at run time (a webhook's payload, an AI agent), turned into JIDs from the number's
 * group list. A name matches exactly, after Unicode normalisation (NFC), trimming, collapsing spaces and case folding;
 * nothing is guessed. An unknown name, or one that two groups share, fails the item before anything is sent.
 */
import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { groupListing, isCommunity, isPlainGroup, refreshedGroupListing, type DirectoryGroup, type GroupListing } from './groupDirectory';
import { quote } from './jid';
import { invalidParameter } from './parameters';
import type { RateLimitWaits } from './rateLimitWaits';

/** How many similar names an error for an unknown name suggests. */
const SUGGESTIONS = 3;

export interface NamedGroup {
	jid: string;
	name: string;
}

/** A name as it is compared: NFC, trimmed, spaces collapsed, case folded ("Straße" and "STRASSE" are the same). */
export function nameKey(name: string): string {
	return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toUpperCase().toLowerCase().normalize('NFC');
}

/**
 * The names in a field: a list (from an expression), a JSON list pasted as text, or text with one name per line
 * (names may contain commas). Blank entries are dropped.
 */
export function parseNameList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value.flat(Infinity);
	if (typeof value !== 'string') return value === undefined || value === null ? [] : [value];
	const text = value.trim();
	if (text.startsWith('[')) {
		try {
			const parsed: unknown = JSON.parse(text);
			if (Array.isArray(parsed)) return parsed.flat(Infinity);
		} catch {
			// Not JSON: a name that starts with "[".
		}
	}
	return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}

/** What a name may stand for: groups (never a community or an Announcements group), or communities. */
type NameKind = 'group' | 'community';

interface Lookup {
	field: string;
	kind: NameKind;
}

/** Resolves each name to its group's JID (in order, duplicates kept for the caller to drop), or fails the item. */
export async function resolveGroupNames(
	context: IExecuteSingleFunctions,
	instance: string,
	names: string[],
	field: string,
	waits: RateLimitWaits,
): Promise<NamedGroup[]> {
	return await resolveNames(context, instance, names, { field, kind: 'group' }, waits);
}

/** Resolves a community's name to its JID, among the entries RyzeAPI flags as communities. */
export async function resolveCommunityName(
	context: IExecuteSingleFunctions,
	instance: string,
	name: string,
	field: string,
	waits: RateLimitWaits,
): Promise<NamedGroup> {
	const [community] = await resolveNames(context, instance, [name], { field, kind: 'community' }, waits);
	return community;
}

async function resolveNames(
	context: IExecuteSingleFunctions,
	instance: string,
	names: string[],
	lookup: Lookup,
	waits: RateLimitWaits,
): Promise<NamedGroup[]> {
	let listing = await groupListing(context, instance, waits);
	if (names.some((name) => matches(listing, name, lookup.kind).length === 0)) {
		// A group created since the list was read has no entry yet.
		listing = await refreshedGroupListing(context, instance, waits);
	}
	if (lookup.kind === 'community' && !listing.flagsCommunities) {
		throw invalidParameter(
			context,
			lookup.field,
			`cannot find the community ${quote(names[0])} by name: RyzeAPI's group list does not say which groups are communities`,
			'Pick the community from the list, or give its JID (By ID).',
		);
	}
	return names.map((name) => {
		const found = matches(listing, name, lookup.kind);
		if (found.length === 1) return { jid: found[0].jid, name: found[0].name };
		if (found.length > 1) throw sharedNameError(context, name, found, lookup);
		throw unknownNameError(context, instance, listing, name, lookup);
	});
}

function matches(listing: GroupListing, name: string, kind: NameKind): DirectoryGroup[] {
	const key = nameKey(name);
	return listing.groups.filter((group) => nameKey(group.name) === key && isKind(listing, group, kind));
}

/** Communities are only matched where the answer flags them (resolveNames refuses a community name otherwise). */
function isKind(listing: GroupListing, group: DirectoryGroup, kind: NameKind): boolean {
	return kind === 'community' ? isCommunity(listing, group) : isPlainGroup(group);
}

function sharedNameError(context: IExecuteSingleFunctions, name: string, found: DirectoryGroup[], { field, kind }: Lookup) {
	return invalidParameter(
		context,
		field,
		`${found.length} ${kind === 'group' ? 'groups' : 'communities'} are named ${quote(name)}: ${found.map(({ jid }) => jid).join(', ')}`,
		`Nothing was sent. Pick the ${kind} from the list or give its JID instead of the name, or rename one of them in WhatsApp.`,
	);
}

function unknownNameError(context: IExecuteSingleFunctions, instance: string, listing: GroupListing, name: string, { field, kind }: Lookup) {
	const otherKind = listing.groups.find((group) => nameKey(group.name) === nameKey(name));
	const closest = closestNames(
		listing.groups.filter((group) => isKind(listing, group, kind)),
		name,
	);
	const suggestion =
		closest.length === 0 ? '' : ` Closest names: ${closest.map((group) => `${quote(group.name)} (${group.jid})`).join(', ')}.`;
	// The closest names go into the message too: an AI agent using the node as a tool gets the message only.
	const problem = otherKind
		? `${quote(name)} is ${describe(otherKind)}, not a ${kind === 'group' ? 'group that can be linked or unlinked' : 'community'}`
		: `instance "${instance}" has no ${kind} named ${quote(name)}${closest.length === 0 ? '' : ` (closest: ${closest.map((group) => quote(group.name)).join(', ')})`}`;
	return invalidParameter(
		context,
		field,
		problem,
		`Nothing was sent. Names must match exactly (case and extra spaces aside), and only groups the connected number is in are known.${suggestion}`,
	);
}

function describe(group: DirectoryGroup): string {
	if (group.isCommunity) return 'a community';
	return group.isAnnouncements ? "a community's Announcements group" : 'a group';
}

/** The candidates whose names are nearest to `name` (fewest edits; a name containing the other counts as near). */
function closestNames(candidates: DirectoryGroup[], name: string): DirectoryGroup[] {
	const key = nameKey(name);
	return candidates
		.map((group) => {
			const other = nameKey(group.name);
			const contains = other.includes(key) || key.includes(other);
			return { group, distance: contains ? Math.abs(other.length - key.length) / 2 : editDistance(key, other) };
		})
		.filter(({ distance }) => distance <= Math.max(3, key.length / 2))
		.sort((a, b) => a.distance - b.distance || a.group.name.localeCompare(b.group.name))
		.slice(0, SUGGESTIONS)
		.map(({ group }) => group);
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = current;
	}
	return previous[b.length];
}
