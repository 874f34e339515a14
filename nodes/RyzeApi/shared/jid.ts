/**
 * The one place that reads, checks and normalises WhatsApp group JIDs.
 *
 * RyzeAPI's own parser is lenient: a bad id often passes the request and only fails later, one group at a
 * time, inside `failed`. Checking here turns that slow, vague round trip into an immediate, precise error.
 */

const GROUP_SERVER = '@g.us';
// Current ids are ~18 digits (120363...); legacy ids are `<creatorPhone>-<unixSeconds>`.
const GROUP_ID = /^\d+(-\d+)?$/;

const NOT_A_GROUP: Array<[suffix: string, what: string]> = [
	['@s.whatsapp.net', "a person's WhatsApp ID, not a group"],
	['@c.us', "a person's WhatsApp ID, not a group"],
	['@lid', "a person's hidden ID (@lid), not a group"],
	['@newsletter', 'a channel (@newsletter), not a group'],
	['@broadcast', 'a broadcast list or status, not a group'],
];

/** The most characters of a bad value to quote back in an error message. */
const QUOTE_LIMIT = 60;

export type JidResult = { jid: string } | { problem: string };

/** Shows a user's value in a message without flooding it. */
export function quote(value: unknown): string {
	let text: string;
	try {
		text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
	} catch {
		text = String(value);
	}
	const shown = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
	return `"${shown}"`;
}

/** Reads one group JID: `120363...@g.us`, bare digits, or a legacy `phone-timestamp` id. */
export function parseGroupJid(value: unknown): JidResult {
	if (typeof value === 'number') {
		// Group ids have more digits than a JavaScript number holds exactly.
		if (!Number.isSafeInteger(value) || value < 0) {
			return { problem: `${quote(value)} is a number that cannot hold a group ID exactly; pass the JID as text` };
		}
		return parseGroupJid(String(value));
	}
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return { problem: 'it is empty; give a group JID such as 120363406289005073@g.us' };
	}
	if (typeof value !== 'string') {
		return { problem: `${quote(value)} is ${describeType(value)}, not a group JID` };
	}
	const text = value.trim().toLowerCase();

	const id = text.endsWith(GROUP_SERVER) ? text.slice(0, -GROUP_SERVER.length) : text;
	if (GROUP_ID.test(id)) return { jid: `${id}${GROUP_SERVER}` };

	const known = NOT_A_GROUP.find(([suffix]) => text.endsWith(suffix));
	const what = known ? known[1] : 'not a group JID';
	return { problem: `${quote(value)} is ${what}` };
}

/** A group JID as the node writes it (trimmed, lower case, `@g.us`), or the value as text when it is not one. */
export function normaliseGroupJid(value: unknown): string {
	const parsed = parseGroupJid(value);
	return 'jid' in parsed ? parsed.jid : String(value);
}

export interface GroupJidList {
	jids: string[];
	problems: string[];
}

/**
 * Reads a list of group JIDs from what a user or an expression gives: text separated by commas, spaces,
 * semicolons or new lines, a JSON array pasted as text, or an array (nested arrays are flattened).
 * Keeps the first occurrence of each group, in order.
 */
export function parseGroupJidList(value: unknown): GroupJidList {
	const seen = new Set<string>();
	const list: GroupJidList = { jids: [], problems: [] };
	for (const entry of listEntries(value)) {
		const result = parseGroupJid(entry);
		if ('problem' in result) list.problems.push(result.problem);
		else if (!seen.has(result.jid)) {
			seen.add(result.jid);
			list.jids.push(result.jid);
		}
	}
	return list;
}

function listEntries(value: unknown): unknown[] {
	if (Array.isArray(value)) return value.flat(Infinity);
	if (typeof value !== 'string') return value === undefined || value === null ? [] : [value];
	const text = value.trim();
	if (text.startsWith('[')) {
		const pasted = parseJsonArray(text);
		if (pasted) return pasted.flat(Infinity);
	}
	return text.split(/[\s,;]+/).filter((part) => part !== '');
}

function parseJsonArray(text: string): unknown[] | undefined {
	try {
		const parsed: unknown = JSON.parse(text);
		return Array.isArray(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

function describeType(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}
