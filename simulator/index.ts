/** Development-only RyzeAPI simulator: a real HTTP server following the RyzeAPI contract (see README.md). */
export { startSimulator } from './server';
export type { RecordedRequest, RunningSimulator } from './server';
export type {
	FailedFormat,
	GroupCreateShape,
	GroupListFlags,
	GroupListParentField,
	GroupListShape,
	OmittedEvents,
	RateLimitOptions,
	ResolvedOptions,
	SimulatorOptions,
} from './options';
export type { Fault } from './faults';
export type { DeliveryAttempt, EventEnvelope } from './deliveries';
export { DEMO, demoSeed } from './seed';
export type { DemoGroup } from './seed';
export { DEFAULT_GROUP_SETTINGS, EVENT_TYPES, inviteCodeOf, MAX_ENABLED_WEBHOOKS, MAX_SUBGROUPS, SimulatorWorld } from './world';
export type {
	ConnectionState,
	EventType,
	GroupDetail,
	GroupInfo,
	GroupParticipant,
	GroupSettings,
	OverCapBehaviour,
	Role,
	SimGroup,
	SimInstance,
	SimWebhook,
	SimulatorSeed,
} from './world';
