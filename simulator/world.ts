/** The simulated WhatsApp world: instances (logged-in numbers) and the global set of groups. */

export type ConnectionState = 'connected' | 'connecting' | 'disconnected' | 'loggedout';
export type Role = 'admin' | 'member';
export type OverCapBehaviour = 'failed' | 'silentlyLinked';

export const MAX_SUBGROUPS = 50;
/** Enabled webhooks per instance (docs: api/events/webhook-configure); disabled rows do not count. */
export const MAX_ENABLED_WEBHOOKS = 3;
/** The 6 event types of the docs' catalog, in the docs' order. */
export const EVENT_TYPES = ['message.exchange', 'message.status', 'call.update', 'group.flow', 'instance.state', 'label.update'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

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
}

export interface NewGroup {
	name: string;
	description?: string;
	membershipApprovalMode?: string;
	isCommunity: boolean;
}

export class SimulatorWorld {
	accountTokens: string[] = [];
	instances: SimInstance[] = [];
	groups = new Map<string, SimGroup>();
	webhooks: SimWebhook[] = [];
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
		const group: SimGroup = { ...spec, jid: this.nextJid(), isDefaultSubGroup: false, participants: { [instanceName]: 'admin' } };
		this.groups.set(group.jid, group);
		if (spec.isCommunity) {
			const announcements: SimGroup = {
				jid: this.nextJid(),
				name: 'Announcements',
				isCommunity: false,
				isDefaultSubGroup: true,
				parentJid: group.jid,
				linkedAt: Date.now(),
				participants: { [instanceName]: 'admin' },
			};
			this.groups.set(announcements.jid, announcements);
		}
		return group;
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
		const linkedCount = this.subgroupsOf(communityJid).filter((subgroup) => !subgroup.isDefaultSubGroup).length;
		if (linkedCount >= MAX_SUBGROUPS) {
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

/** Plain string order, capitals first, as a C-collation ORDER BY sorts (inferred: the docs say "alphabetically"). */
function compareLabels(a: string, b: string): number {
	if (a === b) return 0;
	return a < b ? -1 : 1;
}
