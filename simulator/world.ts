/** The simulated WhatsApp world: instances (logged-in numbers) and the global set of groups. */
import { createHash } from 'node:crypto';

export type ConnectionState = 'connected' | 'connecting' | 'disconnected' | 'loggedout';
export type Role = 'admin' | 'member';
export type OverCapBehaviour = 'failed' | 'silentlyLinked';

export const MAX_SUBGROUPS = 50;
/** Enabled webhooks per instance (docs: api/events/webhook-configure); disabled rows do not count. */
export const MAX_ENABLED_WEBHOOKS = 3;
/** The 6 event types of the docs' catalog, in the docs' order. */
export const EVENT_TYPES = ['message.exchange', 'message.status', 'call.update', 'group.flow', 'instance.state', 'label.update'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A group's four switches, as create's `groupSettings` names them. */
export interface GroupSettings {
	membersCanEditInfo: boolean;
	membersCanSendMessages: boolean;
	membersCanAddOthers: boolean;
	requireAdminApproval: boolean;
}
export const GROUP_SETTING_KEYS = ['membersCanEditInfo', 'membersCanSendMessages', 'membersCanAddOthers', 'requireAdminApproval'] as const;
/** INFERRED: WhatsApp's defaults for a new group (anyone may edit the info and send; only admins add; no approval). */
export const DEFAULT_GROUP_SETTINGS: Readonly<GroupSettings> = {
	membersCanEditInfo: true,
	membersCanSendMessages: true,
	membersCanAddOthers: false,
	requireAdminApproval: false,
};
/** Seeded groups without `createdAt` were created at this moment (legacy JIDs carry their own). */
export const SEEDED_CREATED_AT = Date.UTC(2024, 0, 1);
export const INVITE_LINK_PREFIX = 'https://chat.whatsapp.com/';

/** One participant as GroupInfo shows it. */
export interface GroupParticipant {
	jid: string;
	isAdmin: boolean;
	isSuperAdmin: boolean;
}

/** The answer of group create (and update) in the docs: GroupInfo. */
export interface GroupInfo {
	name: string;
	jid: string;
	description: string;
	inviteCode: string;
	inviteLink: string;
	/** `<creator phone>@s.whatsapp.net`, '' when the creator is nobody the world knows. */
	createdBy: string;
	participantCount: number;
	participants: GroupParticipant[];
	groupSettings: GroupSettings;
}

/** The answer of group info in the docs: GroupInfo and a few more fields. */
export interface GroupDetail extends GroupInfo {
	image: string;
	/** ISO 8601. */
	createdAt: string;
	metadata: Record<string, unknown>;
	isEphemeral: boolean;
	isIncognito: boolean;
	isSuspended: boolean;
	isDefaultSubGroup: boolean;
}

export interface SimInstance {
	name: string;
	token: string;
	accountToken: string;
	state: ConnectionState;
	phone: string;
	profileName: string;
}

export interface SimGroup {
	jid: string;
	name: string;
	description?: string;
	isCommunity: boolean;
	/** The Announcements group of its community. */
	isDefaultSubGroup: boolean;
	parentJid?: string;
	/** Epoch ms of the link; undefined means "linked long ago" (always visible). */
	linkedAt?: number;
	membershipApprovalMode?: string;
	/** Keyed by instance name; an instance absent here is not in the group. */
	participants: Record<string, Role>;
	/** Participants who are no instance of the simulator, keyed by phone (digits); default none. */
	people?: Record<string, Role>;
	/** The super admin's phone; default: the phone of the first admin instance in `participants`. */
	creatorPhone?: string;
	/** Default DEFAULT_GROUP_SETTINGS. */
	settings?: GroupSettings;
	/** The image as sent to create (a URL or base64); default none. */
	image?: string;
	/** Epoch ms; default SEEDED_CREATED_AT (or a legacy JID's own second). */
	createdAt?: number;
}

/** One row of RyzeAPI's `webhook_configs`: unique per (instance, label). */
export interface SimWebhook {
	instance: string;
	label: string;
	enabled: boolean;
	url: string;
	/** Sent as the `Authorization` header of each delivery; '' = none. */
	authorization: string;
	/** Deliveries go to `<url>/<event>`. */
	byEvents: boolean;
	/** [] = every type (docs' catalog: "Empty = all types"). */
	events: string[];
	mediaBase64: boolean;
}

export interface SimulatorSeed {
	accountTokens: string[];
	instances: SimInstance[];
	groups: SimGroup[];
	/** Default none. */
	webhooks?: SimWebhook[];
	/** Phones (digits) whose privacy settings keep them out of groups they are added to. Default none. */
	privacyBlockedPhones?: string[];
}

export interface NewGroup {
	name: string;
	description?: string;
	membershipApprovalMode?: string;
	isCommunity: boolean;
}

/** A plain group as group create makes it. */
export interface NewPlainGroup {
	name: string;
	description?: string;
	image?: string;
	/** Phones (digits), as the body's participants after `@s.whatsapp.net` is dropped. */
	participantPhones: string[];
	/** An existing community to link the new group to, in the same step. */
	communityJid?: string;
	settings: GroupSettings;
}

export class SimulatorWorld {
	accountTokens: string[] = [];
	instances: SimInstance[] = [];
	groups = new Map<string, SimGroup>();
	webhooks: SimWebhook[] = [];
	/** Phones whose privacy settings keep them out of groups: create leaves them out. */
	privacyBlockedPhones = new Set<string>();
	private createdGroups = 0;

	constructor(seed: SimulatorSeed) {
		this.restore(seed);
	}

	/** Replaces the state in place, so references to this world stay valid across reset(). */
	restore(seed: SimulatorSeed): void {
		const copy = structuredClone(seed);
		this.accountTokens = copy.accountTokens;
		this.instances = copy.instances;
		this.groups = new Map(copy.groups.map((group) => [group.jid, group]));
		this.webhooks = copy.webhooks ?? [];
		this.privacyBlockedPhones = new Set(copy.privacyBlockedPhones ?? []);
		this.createdGroups = 0;
	}

	instance(name: string): SimInstance | undefined {
		return this.instances.find((instance) => instance.name === name);
	}

	roleOf(group: SimGroup, instanceName: string): Role | undefined {
		return group.participants[instanceName];
	}

	/** The instance's webhooks, enabled or not, sorted by label (as getWebhook lists them). */
	webhooksOf(instanceName: string): SimWebhook[] {
		return this.webhooks.filter((webhook) => webhook.instance === instanceName).sort((a, b) => compareLabels(a.label, b.label));
	}

	webhook(instanceName: string, label: string): SimWebhook | undefined {
		return this.webhooks.find((webhook) => webhook.instance === instanceName && webhook.label === label);
	}

	/** Inserts the row, or replaces every field of the one with the same (instance, label). */
	saveWebhook(webhook: SimWebhook): void {
		const existing = this.webhook(webhook.instance, webhook.label);
		if (existing) Object.assign(existing, webhook);
		else this.webhooks.push(webhook);
	}

	subgroupsOf(communityJid: string): SimGroup[] {
		return [...this.groups.values()].filter((group) => group.parentJid === communityJid);
	}

	/** Creates a group (and, for a community, its Announcements group) with the instance as admin. */
	createGroup(instanceName: string, spec: NewGroup): SimGroup {
		const creatorPhone = this.instance(instanceName)?.phone;
		const createdAt = Date.now();
		const group: SimGroup = { ...spec, jid: this.nextJid(), isDefaultSubGroup: false, participants: { [instanceName]: 'admin' }, creatorPhone, createdAt };
		this.groups.set(group.jid, group);
		if (spec.isCommunity) {
			const announcements: SimGroup = {
				jid: this.nextJid(),
				name: 'Announcements',
				isCommunity: false,
				isDefaultSubGroup: true,
				parentJid: group.jid,
				linkedAt: createdAt,
				participants: { [instanceName]: 'admin' },
				creatorPhone,
				createdAt,
			};
			this.groups.set(announcements.jid, announcements);
		}
		return group;
	}

	/**
	 * Creates a plain group with the instance as creator (admin and super admin) and the given phones as members,
	 * except privacy-blocked ones; a phone of an instance makes that instance a member. With `communityJid` the
	 * group is born linked (WhatsApp creates a group with its parent atomically): when the community cannot take it,
	 * nothing is created and the reason is returned instead.
	 */
	createPlainGroup(creator: SimInstance, spec: NewPlainGroup): SimGroup | string {
		if (spec.communityJid !== undefined) {
			const problem = this.communityProblem(creator.name, spec.communityJid);
			if (problem) return problem;
			if (this.linkedSubgroupCount(spec.communityJid) >= MAX_SUBGROUPS) return `community has reached the limit of ${MAX_SUBGROUPS} subgroups`;
		}
		const participants: Record<string, Role> = { [creator.name]: 'admin' };
		const people: Record<string, Role> = {};
		for (const phone of spec.participantPhones) {
			if (phone === creator.phone || this.privacyBlockedPhones.has(phone)) continue;
			const instance = this.instances.find((candidate) => candidate.phone === phone);
			if (instance) participants[instance.name] ??= 'member';
			else people[phone] = 'member';
		}
		const createdAt = Date.now();
		const group: SimGroup = {
			jid: this.nextJid(),
			name: spec.name,
			isCommunity: false,
			isDefaultSubGroup: false,
			participants,
			people,
			creatorPhone: creator.phone,
			settings: { ...spec.settings },
			createdAt,
			...(spec.description !== undefined && { description: spec.description }),
			...(spec.image !== undefined && { image: spec.image }),
			...(spec.communityJid !== undefined && { parentJid: spec.communityJid, linkedAt: createdAt }),
		};
		this.groups.set(group.jid, group);
		return group;
	}

	/** The groups the instance is in (any role), in insertion order: communities and Announcements groups too. */
	groupsOf(instanceName: string): SimGroup[] {
		return [...this.groups.values()].filter((group) => this.roleOf(group, instanceName) !== undefined);
	}

	/** The group whose invite code this is (case-sensitive, as WhatsApp's codes are). */
	groupByInviteCode(code: string): SimGroup | undefined {
		return [...this.groups.values()].find((group) => inviteCodeOf(group.jid) === code);
	}

	/** GroupInfo as create, list and info answer it. */
	describeGroup(group: SimGroup): GroupInfo {
		const creatorPhone = this.creatorPhoneOf(group);
		const participants = this.participantsOf(group, creatorPhone);
		const inviteCode = inviteCodeOf(group.jid);
		return {
			name: group.name,
			jid: group.jid,
			description: group.description ?? '',
			inviteCode,
			inviteLink: `${INVITE_LINK_PREFIX}${inviteCode}`,
			createdBy: creatorPhone === undefined ? '' : personJid(creatorPhone),
			participantCount: participants.length,
			participants,
			groupSettings: { ...DEFAULT_GROUP_SETTINGS, ...group.settings },
		};
	}

	/** GroupDetail, as info answers it. */
	describeGroupDetail(group: SimGroup): GroupDetail {
		return {
			...this.describeGroup(group),
			image: group.image ?? '',
			createdAt: new Date(group.createdAt ?? seededCreatedAt(group.jid)).toISOString(),
			metadata: {},
			isEphemeral: false,
			isIncognito: false,
			isSuspended: false,
			isDefaultSubGroup: group.isDefaultSubGroup,
		};
	}

	private creatorPhoneOf(group: SimGroup): string | undefined {
		if (group.creatorPhone !== undefined) return group.creatorPhone;
		const firstAdmin = Object.entries(group.participants).find(([, role]) => role === 'admin')?.[0];
		return firstAdmin === undefined ? undefined : this.instance(firstAdmin)?.phone;
	}

	/** Instances first (in the order they joined), then the other people. */
	private participantsOf(group: SimGroup, creatorPhone: string | undefined): GroupParticipant[] {
		const instances = Object.entries(group.participants).flatMap(([name, role]) => {
			const phone = this.instance(name)?.phone;
			return phone === undefined ? [] : [[phone, role] as const];
		});
		return [...instances, ...Object.entries(group.people ?? {})].map(([phone, role]) => ({
			jid: personJid(phone),
			isAdmin: role === 'admin',
			isSuperAdmin: phone === creatorPhone,
		}));
	}

	private linkedSubgroupCount(communityJid: string): number {
		return this.subgroupsOf(communityJid).filter((subgroup) => !subgroup.isDefaultSubGroup).length;
	}

	/** Links one group; returns why it failed, or undefined when it was linked (or silently dropped past the cap). */
	link(instanceName: string, communityJid: string, groupJid: string, overCap: OverCapBehaviour): string | undefined {
		const communityProblem = this.communityProblem(instanceName, communityJid);
		if (communityProblem) return communityProblem;
		const group = this.groups.get(groupJid);
		if (!group) return 'group not found';
		if (group.jid === communityJid) return 'cannot link a community to itself';
		if (group.isCommunity) return 'a community cannot be linked as a subgroup';
		if (group.parentJid === communityJid) {
			return group.isDefaultSubGroup ? 'the Announcements group already belongs to this community' : 'group is already linked to this community';
		}
		if (group.parentJid) return 'group already belongs to another community (unlink it first)';
		if (this.roleOf(group, instanceName) !== 'admin') return 'not admin of the group';
		if (this.linkedSubgroupCount(communityJid) >= MAX_SUBGROUPS) {
			// 'silentlyLinked': the server reports success but WhatsApp never links it.
			return overCap === 'failed' ? `community has reached the limit of ${MAX_SUBGROUPS} subgroups` : undefined;
		}
		group.parentJid = communityJid;
		group.linkedAt = Date.now();
		return undefined;
	}

	/** Unlinks one group; returns why it failed, or undefined on success. Only community admin rights are needed. */
	unlink(instanceName: string, communityJid: string, groupJid: string): string | undefined {
		const communityProblem = this.communityProblem(instanceName, communityJid);
		if (communityProblem) return communityProblem;
		const group = this.groups.get(groupJid);
		if (!group) return 'group not found';
		if (group.parentJid !== communityJid) return 'group is not linked to this community';
		if (group.isDefaultSubGroup) return 'the Announcements group cannot be unlinked';
		delete group.parentJid;
		delete group.linkedAt;
		return undefined;
	}

	private communityProblem(instanceName: string, communityJid: string): string | undefined {
		const community = this.groups.get(communityJid);
		if (!community) return 'community not found';
		if (!community.isCommunity) return 'not a community';
		if (this.roleOf(community, instanceName) !== 'admin') return 'not admin of the community';
		return undefined;
	}

	/** 18-digit JIDs in a range the seed never uses, so created groups cannot collide with seeded ones. */
	private nextJid(): string {
		this.createdGroups += 1;
		return `120363${900000000000 + this.createdGroups}@g.us`;
	}
}

const INVITE_CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const INVITE_CODE_LENGTH = 22;

/** A group's invite code: stable (derived from its JID), 22 characters of [A-Za-z0-9] as WhatsApp's codes look. */
export function inviteCodeOf(groupJid: string): string {
	const digest = createHash('sha256').update(`invite:${groupJid}`).digest();
	return Array.from(digest.subarray(0, INVITE_CODE_LENGTH), (byte) => INVITE_CODE_ALPHABET[byte % INVITE_CODE_ALPHABET.length]).join('');
}

function personJid(phone: string): string {
	return `${phone}@s.whatsapp.net`;
}

/** A legacy `<creatorPhone>-<unixSeconds>@g.us` JID carries its creation second; any other seeded group gets SEEDED_CREATED_AT. */
function seededCreatedAt(groupJid: string): number {
	const legacy = /^\d+-(\d+)@g\.us$/.exec(groupJid);
	return legacy ? Number(legacy[1]) * 1000 : SEEDED_CREATED_AT;
}

/** Plain string order, capitals first, as a C-collation ORDER BY sorts (inferred: the docs say "alphabetically"). */
function compareLabels(a: string, b: string): number {
	if (a === b) return 0;
	return a < b ? -1 : 1;
}
