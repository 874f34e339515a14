import { demoSeed } from './seed';
import type { OverCapBehaviour, SimulatorSeed } from './world';

export type FailedFormat = 'strings' | 'objects';
/** How a name's characters are counted (community create's 25, group create's 100). */
export type NameLength = 'graphemes' | 'codePoints';

/** What `events` a webhook saved without `events` holds: [] (mirrors the body) or the 6 types spelled out. */
export type OmittedEvents = 'empty' | 'all';

/** Group create's answer: GroupInfo's fields beside `success` and `message`, or under `group`. */
export type GroupCreateShape = 'bare' | 'wrapped';
/** Group list's answer: the entries under `groups`, under `data`, or a bare JSON array. */
export type GroupListShape = 'groups' | 'data' | 'array';
/** The name of a list entry's community flag (with `isDefaultSubGroup`), or neither field. */
export type GroupListFlags = 'isCommunity' | 'isParent' | 'none';
/** The name of a list entry's parent community JID (absent when not linked), or never one. */
export type GroupListParentField = 'linkedParent' | 'communityJid' | 'none';

export interface RateLimitOptions {
	limit: number;
	windowMs: number;
}

export interface SimulatorOptions {
	/** Default '127.0.0.1'. */
	host?: string;
	/** Default 0 (ephemeral). */
	port?: number;
	/** The server's pause after each group it links/unlinks (contract: 1000). Default 1000. */
	linkDelayMs?: number;
	/** A fresh link shows in listSubGroups only after this long (contract: 1–3 s). Default 2000. */
	propagationDelayMs?: number;
	/** Per token (or per remote address without a valid token). Default { limit: 100, windowMs: 60000 }. */
	rateLimit?: RateLimitOptions;
	/** INFERRED: how `failed` entries look. 'objects' => { jid, reason }. Default 'strings'. */
	failedFormat?: FailedFormat;
	/** INFERRED: links past 50 subgroups. Default 'silentlyLinked' (reported as linked, never linked). */
	overCapBehaviour?: OverCapBehaviour;
	/** INFERRED: what a name's characters are (community's 25, group's 100). 'graphemes' (what a person sees: 👍🏽 is one) or 'codePoints' (👍🏽 is two). Default 'graphemes'. */
	nameLength?: NameLength;
	/** When true, create community falls back to a plain group (isCommunity: false). Default false. */
	createFallback?: boolean;
	/** INFERRED: the status of the refused 4th enabled webhook (the docs give none; their error list has 409 for "duplicate webhook"). Default 400. */
	webhookLimitStatus?: 400 | 409;
	/** INFERRED: the saved `events` of a webhook configured without them. Both receive all 6 types. Default 'empty'. */
	omittedEvents?: OmittedEvents;
	/** Retries after a failed delivery (network error, timeout or non-2xx), so at most 1 + this many attempts. Default 2. */
	deliveryRetries?: number;
	/** Pause before the first retry, doubling each time. Default 200. */
	deliveryBackoffMs?: number;
	/** INFERRED: a delivery unanswered after this long fails (and may be retried). Default 10000. */
	deliveryTimeoutMs?: number;
	/** INFERRED: whether group create's GroupInfo is wrapped under `group`. Default 'bare'. */
	groupCreateShape?: GroupCreateShape;
	/** INFERRED: where group list puts its entries. Default 'groups'. */
	groupListShape?: GroupListShape;
	/** INFERRED: the community flag of group list's entries. Default 'isCommunity'. */
	groupListFlags?: GroupListFlags;
	/** INFERRED: the parent community of group list's entries. Default 'linkedParent'. */
	groupListParentField?: GroupListParentField;
	/** Default demoSeed(). */
	seed?: SimulatorSeed;
}

/** Options as the running simulator reads them on every request; tests may mutate them between requests. */
export type ResolvedOptions = Required<SimulatorOptions>;

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
	return {
		host: '127.0.0.1',
		port: 0,
		linkDelayMs: 1000,
		propagationDelayMs: 2000,
		rateLimit: { limit: 100, windowMs: 60_000 },
		failedFormat: 'strings',
		overCapBehaviour: 'silentlyLinked',
		createFallback: false,
		nameLength: 'graphemes',
		webhookLimitStatus: 400,
		omittedEvents: 'empty',
		deliveryRetries: 2,
		deliveryBackoffMs: 200,
		deliveryTimeoutMs: 10_000,
		groupCreateShape: 'bare',
		groupListShape: 'groups',
		groupListFlags: 'isCommunity',
		groupListParentField: 'linkedParent',
		seed: demoSeed(),
		...withoutUndefined(options),
	};
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
