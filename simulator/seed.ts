/**
 * The demo world every simulator starts with. Tests of the node import DEMO instead of repeating literals.
 * The instance `main` owns most fixtures; `sales team` has its own small set so tests can tell instances apart.
 */
import type { SimGroup, SimInstance, SimulatorSeed } from './world';

const groupJid = (suffix: number): string => `120363400000${String(suffix).padStart(6, '0')}@g.us`;

const FULL_COMMUNITY_SUBGROUPS = Array.from({ length: 50 }, (_, index) => groupJid(1000 + index));

/** A named group of the seed, for tests that look groups up by name. */
export interface DemoGroup {
	readonly jid: string;
	readonly name: string;
}

const DIRECTORY_TOPICS = ['Customers', 'Volunteers', 'Parents', 'Neighbours', 'Runners', 'Book Club', 'Support', 'Suppliers', 'Alumni', 'Players'] as const;
const GROUPS_PER_TOPIC = 30;
/** "Customers 01".."Customers 30", "Volunteers 01".., JIDs ...2000..2299 in that order. */
const DIRECTORY_GROUPS: readonly DemoGroup[] = DIRECTORY_TOPICS.flatMap((topic, topicIndex) =>
	Array.from({ length: GROUPS_PER_TOPIC }, (_, index) => ({
		jid: groupJid(2000 + topicIndex * GROUPS_PER_TOPIC + index),
		name: `${topic} ${String(index + 1).padStart(2, '0')}`,
	})),
);

export const DEMO = {
	/** TokenAccount owning every instance below. */
	accountToken: 'ryze-account-demo-token',
	instances: {
		main: { name: 'main', token: 'ryze-instance-main-token', state: 'connected', phone: '5511900000001', profileName: 'Demo Main' },
		/** The space exercises URL encoding of the path segment. */
		salesTeam: { name: 'sales team', token: 'ryze-instance-sales-token', state: 'connected', phone: '5511900000002', profileName: 'Demo Sales' },
		offline: { name: 'offline', token: 'ryze-instance-offline-token', state: 'disconnected', phone: '5511900000003', profileName: 'Demo Offline' },
		pairing: { name: 'pairing', token: 'ryze-instance-pairing-token', state: 'connecting', phone: '5511900000004', profileName: 'Demo Pairing' },
	},
	/** `main` is admin; holds its Announcements group and `hiddenSubgroup`. */
	communityJid: groupJid(1),
	announcementsJid: groupJid(2),
	/** Linked to the demo community, but `main` is not in it: listSubGroups must not show it. */
	hiddenSubgroup: groupJid(3),
	/** `main` is admin, no community yet. */
	freeGroups: [11, 12, 13, 14, 15].map(groupJid),
	groupInOtherCommunity: groupJid(20),
	otherCommunityJid: groupJid(30),
	/** `main` is a plain member here. */
	groupNotAdmin: groupJid(21),
	/** Legacy `<creatorPhone>-<unixSeconds>` form; `main` is admin, free. */
	legacyGroup: '4911111111111-1583093984@g.us',
	/** Already at the 50-subgroup cap; `main` is admin. */
	fullCommunityJid: groupJid(40),
	fullCommunityAnnouncementsJid: groupJid(48),
	fullCommunitySubgroups: FULL_COMMUNITY_SUBGROUPS,
	/** Free groups (`main` admin) to push the full community past its cap. */
	groupsForFullCommunity: [groupJid(41), groupJid(42)],
	/** Fixtures of the `sales team` instance (admin of all). */
	sales: { communityJid: groupJid(50), announcementsJid: groupJid(51), freeGroups: [groupJid(52), groupJid(53)] },
	/** 300 free groups (`main` admin) to search and page through: 10 topics × "<Topic> 01".."<Topic> 30", JIDs ...2000..2299. */
	directoryGroups: DIRECTORY_GROUPS,
	/** Two free groups (`main` admin) with the same name: a name alone does not tell them apart. */
	sharedNameGroups: [
		{ jid: groupJid(2300), name: 'Sales team' },
		{ jid: groupJid(2301), name: 'Sales team' },
	],
	/** A free group (`main` admin) whose name is stored decomposed (NFD): "Cafe" + U+0301 + " Lovers", i.e. "Café Lovers". */
	nfdGroup: { jid: groupJid(2302), name: 'Cafe\u0301 Lovers' },
	/** Two communities (`main` admin) with the same name, each with its Announcements group. */
	twinCommunities: [
		{ jid: groupJid(2310), name: 'Twin Community', announcementsJid: groupJid(2311) },
		{ jid: groupJid(2312), name: 'Twin Community', announcementsJid: groupJid(2313) },
	],
	/** People whose privacy settings keep them out of groups they are added to (group create leaves them out). */
	privacyBlockedPhones: ['5511988880001'],
} as const;

const MAIN = DEMO.instances.main.name;
const SALES = DEMO.instances.salesTeam.name;

function group(jid: string, name: string, participants: SimGroup['participants'], extra: Partial<SimGroup> = {}): SimGroup {
	// A copy per group: structuredClone keeps shared references shared, and tests mutate participants.
	return { jid, name, isCommunity: false, isDefaultSubGroup: false, participants: { ...participants }, ...extra };
}

function community(jid: string, name: string, announcementsJid: string, participants: SimGroup['participants']): SimGroup[] {
	return [
		group(jid, name, participants, { isCommunity: true }),
		group(announcementsJid, 'Announcements', participants, { isDefaultSubGroup: true, parentJid: jid }),
	];
}

/** The short number of a seeded JID, for readable names: `...000011@g.us` → 11. */
const numberOf = (jid: string): number => Number(jid.slice(-9, -5));

export function demoSeed(): SimulatorSeed {
	const instances: SimInstance[] = Object.values(DEMO.instances).map((instance) => ({ ...instance, accountToken: DEMO.accountToken }));
	const mainAdmin: SimGroup['participants'] = { [MAIN]: 'admin' };
	const salesAdmin: SimGroup['participants'] = { [SALES]: 'admin' };
	const groups: SimGroup[] = [
		...community(DEMO.communityJid, 'Demo Community', DEMO.announcementsJid, mainAdmin),
		group(DEMO.hiddenSubgroup, 'Hidden Group', {}, { parentJid: DEMO.communityJid }),
		...DEMO.freeGroups.map((jid) => group(jid, `Group ${numberOf(jid)}`, mainAdmin)),
		...community(DEMO.otherCommunityJid, 'Other Community', groupJid(31), {}),
		group(DEMO.groupInOtherCommunity, 'Group 20', mainAdmin, { parentJid: DEMO.otherCommunityJid }),
		group(DEMO.groupNotAdmin, 'Group 21', { [MAIN]: 'member' }),
		group(DEMO.legacyGroup, 'Legacy Group', mainAdmin),
		...community(DEMO.fullCommunityJid, 'Full Community', DEMO.fullCommunityAnnouncementsJid, mainAdmin),
		...DEMO.fullCommunitySubgroups.map((jid, index) => group(jid, `Full Subgroup ${index + 1}`, mainAdmin, { parentJid: DEMO.fullCommunityJid })),
		...DEMO.groupsForFullCommunity.map((jid) => group(jid, `Group ${numberOf(jid)}`, mainAdmin)),
		...community(DEMO.sales.communityJid, 'Sales Community', DEMO.sales.announcementsJid, salesAdmin),
		...DEMO.sales.freeGroups.map((jid) => group(jid, `Sales Group ${numberOf(jid)}`, salesAdmin)),
		...[...DEMO.directoryGroups, ...DEMO.sharedNameGroups, DEMO.nfdGroup].map(({ jid, name }) => group(jid, name, mainAdmin)),
		...DEMO.twinCommunities.flatMap(({ jid, name, announcementsJid }) => community(jid, name, announcementsJid, mainAdmin)),
	];
	return { accountTokens: [DEMO.accountToken], instances, groups, privacyBlockedPhones: [...DEMO.privacyBlockedPhones] };
}
