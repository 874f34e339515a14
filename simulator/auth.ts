import { HttpError } from './http';
import type { SimInstance, SimulatorWorld } from './world';

export type Principal = { kind: 'account'; token: string } | { kind: 'instance'; token: string; instanceName: string };

/** Header `token`, else `Authorization: Bearer`. A `?token=` query is never read (it exists for WebSockets only). */
export function extractToken(headers: Record<string, string>): string | undefined {
	const token = headers['token']?.trim();
	if (token) return token;
	return /^Bearer\s+(\S+)\s*$/i.exec(headers['authorization'] ?? '')?.[1];
}

export function resolvePrincipal(world: SimulatorWorld, token: string): Principal | undefined {
	if (world.accountTokens.includes(token)) return { kind: 'account', token };
	const instance = world.instances.find((candidate) => candidate.token === token);
	return instance && { kind: 'instance', token, instanceName: instance.name };
}

function canUse(principal: Principal, instance: SimInstance): boolean {
	return principal.kind === 'account' ? instance.accountToken === principal.token : instance.name === principal.instanceName;
}

export function visibleInstances(world: SimulatorWorld, principal: Principal): SimInstance[] {
	return world.instances.filter((instance) => canUse(principal, instance));
}

/** An unknown instance is 404 for both token kinds; an existing one the token does not own is 403. */
export function authorizeInstance(world: SimulatorWorld, principal: Principal, name: string): SimInstance {
	const instance = world.instance(name);
	if (!instance) throw new HttpError(404, 'Instance not found');
	if (!canUse(principal, instance)) throw new HttpError(403, 'Token does not have access to this instance');
	return instance;
}
