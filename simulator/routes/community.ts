import { HttpError, type Reply, success } from '../http';
import { JidParseError, parseLenientJid } from '../jid';
import type { SimGroup } from '../world';
import { imageProblem, nameLength, parseOrThrow } from './checks';
import { connectedInstance, type RouteContext, stringArrayField, stringField } from './context';

const MAX_NAME_LENGTH = 25;
const APPROVAL_MODES = ['', 'request_required'];

type FailedEntry = string | { jid: string; reason: string };

interface BatchResult {
	done: string[];
	failed: FailedEntry[];
}

/**
 * Applies one change per group, in order, pausing linkDelayMs after each (the server throttles itself against
 * WhatsApp). A group whose JID the lenient parser rejects fails alone; it never aborts the batch.
 */
async function processGroups(ctx: RouteContext, rawJids: string[], apply: (groupJid: string) => string | undefined): Promise<BatchResult> {
	const result: BatchResult = { done: [], failed: [] };
	for (const raw of rawJids) {
		const { jid, reason } = attempt(raw, apply);
		if (reason === undefined) result.done.push(jid);
		else result.failed.push(ctx.options.failedFormat === 'objects' ? { jid: raw, reason } : raw);
		await ctx.sleep(ctx.options.linkDelayMs);
	}
	return result;
}

function attempt(raw: string, apply: (groupJid: string) => string | undefined): { jid: string; reason?: string } {
	try {
		const jid = parseLenientJid(raw);
		return { jid, reason: apply(jid) };
	} catch (error) {
		if (error instanceof JidParseError) return { jid: raw, reason: `invalid JID: ${error.message}` };
		throw error;
	}
}

function readMembershipBody(body: Record<string, unknown>): { communityJid: string; groupJids: string[] } {
	const communityJid = stringField(body, 'communityJid');
	const groupJids = stringArrayField(body, 'groupJid');
	if (!communityJid) throw new HttpError(400, 'community jid is required');
	if (!groupJids?.length) throw new HttpError(400, 'group jid is required');
	return { communityJid, groupJids };
}

/** link and unlink share body, errors and response object (the array named `linked` holds unlinked groups too). */
function membershipRoute(action: 'link' | 'unlink') {
	return async (ctx: RouteContext): Promise<Reply> => {
		const { communityJid, groupJids } = readMembershipBody(ctx.body);
		const instance = connectedInstance(ctx);
		const community = parseOrThrow(communityJid, 500, 'error parse community jid');
		const { world, options } = ctx;
		const { done, failed } = await processGroups(ctx, groupJids, (groupJid) =>
			action === 'link'
				? world.link(instance.name, community, groupJid, options.overCapBehaviour)
				: world.unlink(instance.name, community, groupJid),
		);
		const counts = `${done.length} of ${groupJids.length} groups`;
		const message = action === 'link' ? `Linked ${counts} to community` : `Unlinked ${counts} from community`;
		return { status: 200, body: { success: done.length > 0, message, linked: done, failed } };
	};
}

export const linkGroups = membershipRoute('link');
export const unlinkGroups = membershipRoute('unlink');

/** GET /api/community/listSubGroups/:instance?communityJid= */
export function listSubGroups(ctx: RouteContext): Reply {
	const raw = ctx.query.communityJid?.trim();
	if (!raw) throw new HttpError(400, 'communityJid query parameter is required');
	const communityJid = parseOrThrow(/^\d+$/.test(raw) ? `${raw}@g.us` : raw, 400, 'invalid community JID');
	const instance = connectedInstance(ctx);
	const { world, options } = ctx;
	const community = world.groups.get(communityJid);
	if (!community?.isCommunity) throw new HttpError(500, 'failed to get groups: item-not-found');
	if (!world.roleOf(community, instance.name)) throw new HttpError(500, 'failed to get groups: not-authorized');
	const propagatedBefore = Date.now() - options.propagationDelayMs;
	const subgroups = world
		.subgroupsOf(communityJid)
		.filter((group) => world.roleOf(group, instance.name) && (group.linkedAt ?? 0) <= propagatedBefore)
		.map(({ jid, name, isDefaultSubGroup }) => ({ jid, name, isDefaultSubGroup }));
	return success(`${subgroups.length} subgroup(s) found`, { communityJid, subgroups });
}

/** POST /api/community/create/:instance */
export async function createCommunity(ctx: RouteContext): Promise<Reply> {
	const { body, world, options } = ctx;
	const name = stringField(body, 'name')?.trim();
	if (!name) throw new HttpError(400, 'name is required');
	if (nameLength(name, options.nameLength) > MAX_NAME_LENGTH) throw new HttpError(400, `name must be at most ${MAX_NAME_LENGTH} characters`);
	const description = stringField(body, 'description');
	const image = stringField(body, 'image');
	const groupJids = stringArrayField(body, 'groupJid') ?? [];
	const membershipApprovalMode = stringField(body, 'membershipApprovalMode') ?? '';
	if (!APPROVAL_MODES.includes(membershipApprovalMode)) throw new HttpError(400, 'membershipApprovalMode must be "request_required" or ""');
	const instance = connectedInstance(ctx);

	const isCommunity = !options.createFallback;
	const group = world.createGroup(instance.name, { name, description, membershipApprovalMode, isCommunity });
	const imageError = image === undefined ? undefined : imageProblem(image, 'community');
	const { done, failed } = await processGroups(ctx, groupJids, (groupJid) => world.link(instance.name, group.jid, groupJid, options.overCapBehaviour));
	return success(isCommunity ? 'Community created successfully' : 'Community flag refused by WhatsApp: created a plain group', {
		group: describeCreated(group, world.subgroupsOf(group.jid)),
		isCommunity,
		linkedGroups: done,
		failedGroups: failed,
		...(imageError && { imageError }),
	});
}

function describeCreated(group: SimGroup, subgroups: SimGroup[]): Record<string, unknown> {
	return {
		jid: group.jid,
		name: group.name,
		description: group.description ?? '',
		isCommunity: group.isCommunity,
		membershipApprovalMode: group.membershipApprovalMode,
		announcementsJid: subgroups.find((subgroup) => subgroup.isDefaultSubGroup)?.jid,
	};
}
