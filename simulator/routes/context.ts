import type { Principal } from '../auth';
import { HttpError } from '../http';
import type { ResolvedOptions } from '../options';
import type { SimInstance, SimulatorWorld } from '../world';

export interface RouteContext {
	world: SimulatorWorld;
	options: ResolvedOptions;
	principal: Principal;
	/** The authorised instance of routes with an `:instance` segment. */
	instance?: SimInstance;
	query: Record<string, string>;
	/** The JSON object body of POST routes; {} when the body was empty. */
	body: Record<string, unknown>;
	/** Pauses; rejects when the simulator closes. */
	sleep(ms: number): Promise<void>;
}

export function routeInstance({ instance }: RouteContext): SimInstance {
	if (!instance) throw new Error('routeInstance() used on a route without :instance');
	return instance;
}

export function connectedInstance(ctx: RouteContext): SimInstance {
	const instance = routeInstance(ctx);
	if (instance.state !== 'connected') throw new HttpError(400, 'Instance is not connected to WhatsApp');
	return instance;
}

/** The field as a string, undefined when absent/null; 400 otherwise, as a typed JSON binding would answer. */
export function stringField(body: Record<string, unknown>, key: string): string | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw new HttpError(400, `invalid request body: ${key} must be a string`);
	return value;
}

export function stringArrayField(body: Record<string, unknown>, key: string): string[] | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
		throw new HttpError(400, `invalid request body: ${key} must be an array of strings`);
	}
	return value as string[];
}

export function booleanField(body: Record<string, unknown>, key: string): boolean | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'boolean') throw new HttpError(400, `invalid request body: ${key} must be a boolean`);
	return value;
}
