/**
 * Reads and checks the parameters the operations share (version 2's pickers and names: groupSelection.ts). Each check
 * runs before the request is sent and throws a NodeOperationError that names the field, the value and the item.
 */
import { NodeOperationError, type IExecuteSingleFunctions } from 'n8n-workflow';

import { isJsonObject, itemIndexOf, type ErrorContext } from './errors';
import { parseGroupJid, parseGroupJidList, quote } from './jid';
import { DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS } from './rateLimitWaits';

/** RyzeAPI's limit of subgroups per community. */
export const MAX_GROUPS_PER_COMMUNITY = 50;

export const JID_HINT =
	'Use group JIDs such as 120363406289005073@g.us (bare digits and legacy ids like 4911111111111-1583093984 work too).';

export interface CommunityRequest {
	instance: string;
	communityJid: string;
	/** Known when the community was given by name (version 2). */
	communityName?: string;
}

export interface GroupsRequest extends CommunityRequest {
	groupJids: string[];
	/** Each group's name, where the groups were given by name (version 2). */
	groupNames?: Record<string, string>;
}

export function invalidParameter(
	context: ErrorContext,
	field: string,
	problem: string,
	hint: string,
): NodeOperationError {
	// The trigger's fields are read when the workflow is activated, for no item.
	const itemIndex = itemIndexOf(context);
	const where = itemIndex === undefined ? field : `${field} on item ${itemIndex}`;
	return new NodeOperationError(context.getNode(), `${where}: ${problem}`, { itemIndex, description: hint });
}

/** A resourceLocator's mode and value; a plain value (an expression over the whole field) counts as an ID. */
export function locatorOf(raw: unknown): { mode: string; value: unknown } {
	if (isJsonObject(raw) && '__rl' in raw) return { mode: String(raw.mode), value: raw.value };
	return { mode: 'id', value: raw };
}

export function readLocator(context: IExecuteSingleFunctions, name: string): { mode: string; value: unknown } {
	return locatorOf(context.getNodeParameter(name, ''));
}

export function readInstance(context: ErrorContext): string {
	const value: unknown = context.getNodeParameter('instance', '', { extractValue: true });
	const instance = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (instance === '') {
		const problem = value === undefined || value === null || typeof value === 'string' ? 'no instance is set' : `${quote(value)} is not an instance name`;
		throw invalidParameter(
			context,
			'Instance',
			problem,
			'Pick the WhatsApp instance from the list, or type its exact name as shown in the RyzeAPI dashboard.',
		);
	}
	return instance;
}

export function readCommunityJid(context: IExecuteSingleFunctions): string {
	const value: unknown = context.getNodeParameter('communityJid', '');
	const result = parseGroupJid(value);
	if ('problem' in result) {
		throw invalidParameter(context, 'Community JID', result.problem, `${JID_HINT} A community's JID is a group JID.`);
	}
	return result.jid;
}

export interface GroupJidsParameter {
	/** The parameter holding the list, e.g. `groupJids` or `options.groupJids`. */
	name: string;
	/** Whether an empty list is refused. */
	required: boolean;
	/** The community the groups are meant for, which cannot be one of them (none yet when creating it). */
	communityJid?: string;
}

/** A list of groups as a field names it in errors, with what to do about a bad one. */
export interface GroupsField {
	field: string;
	/** The problem when the list is empty. */
	none: string;
	hint: string;
}

const GROUP_JIDS_FIELD: GroupsField = {
	field: 'Group JIDs',
	none: 'no group JIDs are given',
	hint: `${JID_HINT} Separate them with commas, spaces, semicolons or new lines.`,
};

/** Reads a list of group JIDs: each valid, duplicates dropped, at most 50, never the community itself. */
export function readGroupJids(
	context: IExecuteSingleFunctions,
	parameter: GroupJidsParameter,
	{ field, none, hint }: GroupsField = GROUP_JIDS_FIELD,
): string[] {
	const { jids, problems } = parseGroupJidList(context.getNodeParameter(parameter.name, ''));
	if (problems.length > 0) {
		const more = problems.length > 1 ? ` (and ${problems.length - 1} more invalid value(s))` : '';
		throw invalidParameter(context, field, `${problems[0]}${more}`, hint);
	}
	if (jids.length === 0 && parameter.required) throw invalidParameter(context, field, none, hint);
	return checkGroupCount(context, jids, field, parameter.communityJid);
}

/** The groups of one request: at most 50, never the community itself. */
export function checkGroupCount(context: IExecuteSingleFunctions, jids: string[], field: string, communityJid?: string): string[] {
	if (jids.length > MAX_GROUPS_PER_COMMUNITY) {
		throw invalidParameter(
			context,
			field,
			`${jids.length} different groups are given; a community holds at most ${MAX_GROUPS_PER_COMMUNITY}`,
			'Split the groups over several communities, or remove the ones that do not belong here.',
		);
	}
	if (communityJid !== undefined && jids.includes(communityJid)) {
		throw invalidParameter(
			context,
			field,
			`the community ${quote(communityJid)} is listed among its own groups`,
			`Remove the community JID from ${field}: a community cannot be its own subgroup.`,
		);
	}
	return jids;
}

/** Options → Max Rate-Limit Wait (Seconds): how long in all an item may wait for RyzeAPI's rate limit to reset. */
export function readMaxRateLimitWait(context: IExecuteSingleFunctions): number {
	const value: unknown = context.getNodeParameter('options.maxRateLimitWait', DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS);
	const seconds = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isFinite(seconds) || seconds < 0) {
		throw invalidParameter(
			context,
			'Max Rate-Limit Wait (Seconds)',
			`${quote(value)} is not a number of seconds of 0 or more`,
			`Give the most seconds an item may wait for RyzeAPI's rate limit to reset, e.g. ${DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS}; 0 fails at once.`,
		);
	}
	return seconds;
}

const IMAGE_URL = /^https?:\/\/\S+$/i;
const DATA_URI_PREFIX = /^data:image\/[\w.+-]+;base64,/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Options → Image (a community's or a group's picture): an http(s) URL as given, or base64 data with its line breaks removed; refuses anything else. */
export function readImage(context: IExecuteSingleFunctions, value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = typeof value === 'string' ? value.trim() : '';
	if (IMAGE_URL.test(text)) return text;
	const base64 = text.replace(/\s+/g, '');
	const data = base64.replace(DATA_URI_PREFIX, '');
	if (data.length > 0 && data.length % 4 === 0 && BASE64.test(data)) return base64;
	throw invalidParameter(
		context,
		'Image',
		`${quote(value)} is neither an http(s) URL nor base64 image data`,
		'Give a link such as https://example.com/logo.png, or the image as base64 (optionally with a data:image/png;base64, prefix).',
	);
}

/**
 * The Name of something Create makes (a community, a group): text, trimmed, 1 to `maxLength` characters as a person
 * counts them (👍🏽 or a flag is one, although it is several code points).
 */
export function readNewName(context: IExecuteSingleFunctions, what: 'community' | 'group', maxLength: number): string {
	const value: unknown = context.getNodeParameter('name', '');
	const hint = `Give the ${what} a name of 1 to ${maxLength} characters.`;
	if (typeof value !== 'string' && typeof value !== 'number') throw invalidParameter(context, 'Name', `${quote(value)} is not text`, hint);
	const name = String(value).trim();
	if (name === '') throw invalidParameter(context, 'Name', 'no name is given', hint);
	const length = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(name)].length;
	if (length > maxLength) {
		throw invalidParameter(context, 'Name', `${quote(name)} has ${length} characters; a ${what} name has at most ${maxLength}`, hint);
	}
	return name;
}

/** The path of a route that takes the instance name as its last segment. */
export function instancePath(route: string, instance: string): string {
	return `${route}/${encodeURIComponent(instance)}`;
}
