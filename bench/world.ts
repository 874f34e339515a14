/**
 * The simulator world the benchmark links into. Every input item links its own group, and the seed has already
 * linked each of those groups to the bench community, so RyzeAPI answers every request the same way: HTTP 200
 * `{success: false, linked: [], failed: [jid]}` ("group is already linked to this community"), a valid answer the
 * node maps in full. Why this and not fresh links:
 * - the world never changes, so every repetition of every variant sees identical answers without a reset;
 * - the simulator's work per request stays a few map look-ups (a fresh link counts the community's subgroups,
 *   a scan of every group in the world), so the figures measure n8n and the node, not the simulator;
 * - fresh links would stop at the 50-subgroup cap anyway (the rest "silently linked", another special path).
 */
import { DEMO, demoSeed, type SimGroup, type SimulatorSeed } from '../simulator';

export const INSTANCE = DEMO.instances.main.name;
export const TOKEN = DEMO.instances.main.token;
export const COMMUNITY_JID = '120363777000000001@g.us';
const ANNOUNCEMENTS_JID = '120363777000000002@g.us';

/** The group item `index` links: 18 digits in a range the demo seed does not use. */
export const groupJid = (index: number): string => `120363778${String(index).padStart(9, '0')}@g.us`;

export function benchSeed(groups: number): SimulatorSeed {
	const seed = demoSeed();
	const admin: SimGroup['participants'] = { [INSTANCE]: 'admin' };
	const group = (jid: string, name: string, extra: Partial<SimGroup>): SimGroup => ({
		jid,
		name,
		isCommunity: false,
		isDefaultSubGroup: false,
		participants: { ...admin },
		...extra,
	});
	seed.groups.push(
		group(COMMUNITY_JID, 'Bench Community', { isCommunity: true }),
		group(ANNOUNCEMENTS_JID, 'Announcements', { isDefaultSubGroup: true, parentJid: COMMUNITY_JID }),
		...Array.from({ length: groups }, (_, index) => group(groupJid(index), `Bench ${index}`, { parentJid: COMMUNITY_JID })),
	);
	return seed;
}

/** The input items: item `index` carries the list of groups to link (one), as a webhook or a sheet would. */
export function benchItems(count: number): Array<{ groupJids: string[] }> {
	return Array.from({ length: count }, (_, index) => ({ groupJids: [groupJid(index)] }));
}
