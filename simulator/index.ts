/** Development-only RyzeAPI simulator: a real HTTP server following the RyzeAPI contract (see README.md). */
export { startSimulator } from './server';
export type { RecordedRequest, RunningSimulator } from './server';
export type { FailedFormat, RateLimitOptions, ResolvedOptions, SimulatorOptions } from './options';
export type { Fault } from './faults';
export { DEMO, demoSeed } from './seed';
export { MAX_SUBGROUPS, SimulatorWorld } from './world';
export type { ConnectionState, OverCapBehaviour, Role, SimGroup, SimInstance, SimulatorSeed } from './world';
