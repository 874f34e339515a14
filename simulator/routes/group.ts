import { HttpError, type Reply, success } from '../http';
import type { ResolvedOptions } from '../options';
import { DEFAULT_GROUP_SETTINGS, GROUP_SETTING_KEYS, type GroupSettings, INVITE_LINK_PREFIX, type SimGroup, type SimulatorWorld } from '../world';
import { imageProblem, nameLength, parseOrThrow } from './checks';
import { connectedInstance, type RouteContext, stringArrayField, stringField } from './context';

/** INFERRED: WhatsApp's limit on a group's name. */
const MAX_GROUP_NAME_LENGTH = 100;
/** A phone with country code as digits (docs: "5511999999999"), or a person JID. */
const PARTICIPANT = /^(\d+)(?:@s\.whatsapp\.net)?$/;
/** A group JID without its server, current (`120363...`) or legacy (`<phone>-<seconds>`). */
const BARE_GROUP_ID = /^\d+(?:-\d+)?$/;

/** POST /api/group/create/:instance — not idempotent: the same body twice makes two groups. */
export function createGroup(ctx: RouteContext): Reply {
	const { body, world, options } = ctx;
	const name = stringField(body, 'name')?.trim();
	if (!name) throw new HttpError(400, 'name is required');
	if (nameLength(name, options.nameLength) > MAX_GROUP_NAME_LENGTH) throw new HttpError(400, `name must be at most ${MAX_GROUP_NAME_LENGTH} characters`);
	const participantPhones = (stringArrayField(body, 'participants') ?? []).map(participantPhone);
	const description = stringField(body, 'description');
	const image = stringField(body, 'image');
	const communityJid = readCommunityJid(body);
	const settings = readGroupSettings(body);
	const instance = connectedInstance(ctx);

	// Description and image are follow-up calls after creation (docs): a refused image does not undo the group.
	const imageError = image === undefined ? undefined : imageProblem(image, 'group');
	const created = world.createPlainGroup(instance, {
		name,
		description,
		image: imageError ? undefined : image,
		participantPhones,
		communityJid,
		settings,
	});
	if (typeof created === 'string') throw new HttpError(500, `failed to create group: ${created}`);
	const info = world.describeGroup(created);
	const extra = imageError ? { imageError } : {};
	return success('Group created successfully', options.groupCreateShape === 'wrapped' ? { group: info, ...extra } : { ...info, ...extra });
}

/** GET /api/group/list/:instance — every group the number is in, communities and Announcements groups too. */
export function listGroups(ctx: RouteContext): Reply {
	const instance = connectedInstance(ctx);
	const { world, options } = ctx;
	const entries = world.groupsOf(instance.name).map((group) => listEntry(world, options, group));
	const message = `${entries.length} group(s) found`;
	if (options.groupListShape === 'array') return { status: 200, body: entries };
	return success(message, { [options.groupListShape]: entries });
}

/** GET /api/group/info/:instance?identifier= — a group JID (the number must be in it), an invite code or an invite link. */
export function groupInfo(ctx: RouteContext): Reply {
	const raw = ctx.query.identifier?.trim();
	if (!raw) throw new HttpError(400, 'identifier is required');
	const identifier = parseIdentifier(raw);
	const instance = connectedInstance(ctx);
	const { world } = ctx;
	const group = 'code' in identifier ? world.groupByInviteCode(identifier.code) : world.groups.get(identifier.jid);
	if (!group) throw new HttpError(404, 'Group not found');
	// Anyone with the link may see a group's info; by JID, only its participants.
	if ('jid' in identifier && !world.roleOf(group, instance.name)) throw new HttpError(500, 'failed to get group info: not-authorized');
	return success('Group found', { ...world.describeGroupDetail(group) });
}

function participantPhone(entry: string): string {
	const match = PARTICIPANT.exec(entry);
	if (!match) throw new HttpError(400, `invalid participant: ${entry}`);
	return match[1];
}

/** Blank counts as absent (a Go server's zero value); bare digits get @g.us, as listSubGroups does. */
function readCommunityJid(body: Record<string, unknown>): string | undefined {
	const raw = stringField(body, 'communityJid')?.trim();
	if (!raw) return undefined;
	return parseOrThrow(BARE_GROUP_ID.test(raw) ? `${raw}@g.us` : raw, 400, 'invalid community JID');
}

/** Unspecified (or null) settings take WhatsApp's defaults. */
function readGroupSettings(body: Record<string, unknown>): GroupSettings {
	const raw = body.groupSettings;
	const settings = { ...DEFAULT_GROUP_SETTINGS };
	if (raw === undefined || raw === null) return settings;
	if (typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(400, 'invalid request body: groupSettings must be an object');
	for (const key of GROUP_SETTING_KEYS) {
		const value = (raw as Record<string, unknown>)[key];
		if (value === undefined || value === null) continue;
		if (typeof value !== 'boolean') throw new HttpError(400, `invalid request body: groupSettings.${key} must be a boolean`);
		settings[key] = value;
	}
	return settings;
}

/**
 * An invite link loses its prefix (exactly `https://chat.whatsapp.com/`, as the WhatsApp library strips it); a string
 * with `@` or of bare group digits is a JID; anything else is an invite code.
 */
function parseIdentifier(raw: string): { code: string } | { jid: string } {
	if (raw.startsWith(INVITE_LINK_PREFIX)) return { code: raw.slice(INVITE_LINK_PREFIX.length) };
	if (BARE_GROUP_ID.test(raw)) return { jid: `${raw}@g.us` };
	if (raw.includes('@')) return { jid: parseOrThrow(raw, 400, 'invalid identifier') };
	return { code: raw };
}

/** GroupInfo plus the community flag and the parent, under the names the options choose. */
function listEntry(world: SimulatorWorld, options: ResolvedOptions, group: SimGroup): Record<string, unknown> {
	const entry: Record<string, unknown> = { ...world.describeGroup(group) };
	if (options.groupListFlags !== 'none') {
		entry[options.groupListFlags] = group.isCommunity;
		entry.isDefaultSubGroup = group.isDefaultSubGroup;
	}
	// The list shows a link at once: only listSubGroups waits for propagationDelayMs.
	if (options.groupListParentField !== 'none' && group.parentJid !== undefined) entry[options.groupListParentField] = group.parentJid;
	return entry;
}
