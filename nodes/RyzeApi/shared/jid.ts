/**
 * The one place that reads, checks and normalises WhatsApp group JIDs (and the people a new group starts with).
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

/** A phone number with its country code: E.164 has at most 15 digits; the shortest in use have 7. */
const PHONE = /^[1-9]\d{6,14}$/;
const PERSON_SERVERS = ['@s.whatsapp.net', '@c.us'];

export type PhoneResult = { phone: string } | { problem: string };

/**
 * Reads one person to add to a group: a phone number with country code (`+55 11 99999-9999`: the +, spaces, dashes,
 * dots and brackets are dropped) or their WhatsApp ID (`5511999999999@s.whatsapp.net`). The number comes out as
 * digits, as RyzeAPI's documentation sends it.
 */
export function parsePhone(value: unknown): PhoneResult {
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value) || value < 0) return { problem: `${quote(value)} is a number that cannot hold a phone number exactly; pass it as text` };
		return parsePhone(String(value));
	}
	if (typeof value !== 'string' || value.trim() === '') {
		return { problem: value === undefined || value === null || typeof value === 'string' ? 'it is empty' : `${quote(value)} is ${describeType(value)}, not a phone number` };
	}
	const text = value.trim().toLowerCase();
	const server = PERSON_SERVERS.find((suffix) => text.endsWith(suffix));
	if (server === undefined && text.includes('@')) {
		const what = text.endsWith('@lid') ? "a hidden ID (@lid), which cannot be added: give the person's phone number" : text.endsWith(GROUP_SERVER) ? 'a group JID, not a person' : 'not a phone number';
		return { problem: `${quote(value)} is ${what}` };
	}
	const digits = (server === undefined ? text.replace(/^\+/, '').replace(/[\s().-]/g, '') : text.slice(0, -server.length));
	if (PHONE.test(digits)) return { phone: digits };
	const why = /^0/.test(digits) ? 'starts with 0: give the number with its country code, without a leading 0 or 00' : 'is not a phone number with country code';
	return { problem: `${quote(value)} ${why}` };
}

export interface PhoneList {
	phones: string[];
	problems: string[];
}

/**
 * Reads the people for a new group: a list (from an expression), a JSON list pasted as text, or text separated by
 * commas, semicolons or new lines (not spaces: phone numbers are often written with them). Each person once, in order.
 */
export function parsePhoneList(value: unknown): PhoneList {
	const list: PhoneList = { phones: [], problems: [] };
	const entries = typeof value === 'string' && !value.trim().startsWith('[') ? value.split(/[,;\n]+/).filter((part) => part.trim() !== '') : listEntries(value);
	for (const entry of entries) {
		const result = parsePhone(entry);
		if ('problem' in result) list.problems.push(result.problem);
		else if (!list.phones.includes(result.phone)) list.phones.push(result.phone);
	}
	return list;
}
