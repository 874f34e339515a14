import axios, { type AxiosInstance, type AxiosResponse } from 'axios';

import { forgetGroupListings } from '../../nodes/RyzeApi/shared/groupDirectory';
import { DEMO, type ResolvedOptions, type RunningSimulator, type SimulatorOptions, startSimulator } from '../../simulator';

export interface SimulatorHarness {
	/** The simulator of the current test file (started once, reset before each test). */
	readonly sim: RunningSimulator;
	/** An HTTP client that never throws on status; `token` defaults to the account token, `null` sends none. */
	api(token?: string | null): AxiosInstance;
}

/** Starts one fast simulator per test file; every test starts from the seed with the file's options. */
export function useSimulator(options: SimulatorOptions = {}): SimulatorHarness {
	let sim: RunningSimulator | undefined;
	let initialOptions: ResolvedOptions;
	const current = (): RunningSimulator => {
		if (!sim) throw new Error('simulator not started');
		return sim;
	};
	beforeAll(async () => {
		sim = await startSimulator({ linkDelayMs: 0, propagationDelayMs: 0, ...options });
		initialOptions = { ...sim.options };
	});
	beforeEach(() => {
		Object.assign(current().options, initialOptions);
		current().reset();
		// The node keeps the number's group list for a minute; each test starts from the seeded world.
		forgetGroupListings();
	});
	afterAll(async () => {
		await sim?.close();
	});
	return {
		get sim() {
			return current();
		},
		api: (token = DEMO.accountToken) => client(current().url, token),
	};
}

export function client(baseURL: string, token: string | null): AxiosInstance {
	return axios.create({ baseURL, proxy: false, validateStatus: () => true, headers: token === null ? {} : { token } });
}

export function errorOf(response: AxiosResponse): string {
	expect(response.data).toEqual({ success: false, error: { message: expect.any(String) } });
	return (response.data as { error: { message: string } }).error.message;
}

export const path = {
	link: (instance: string) => `/api/community/link/${encodeURIComponent(instance)}`,
	unlink: (instance: string) => `/api/community/unlink/${encodeURIComponent(instance)}`,
	listSubGroups: (instance: string, communityJid: string) =>
		`/api/community/listSubGroups/${encodeURIComponent(instance)}?communityJid=${encodeURIComponent(communityJid)}`,
	create: (instance: string) => `/api/community/create/${encodeURIComponent(instance)}`,
	webhook: (instance: string) => `/api/events/webhook/${encodeURIComponent(instance)}`,
	getWebhook: (instance: string, label?: string) =>
		`/api/events/getWebhook/${encodeURIComponent(instance)}${label === undefined ? '' : `?label=${encodeURIComponent(label)}`}`,
	groupCreate: (instance: string) => `/api/group/create/${encodeURIComponent(instance)}`,
	groupList: (instance: string) => `/api/group/list/${encodeURIComponent(instance)}`,
	groupInfo: (instance: string, identifier: string) => `/api/group/info/${encodeURIComponent(instance)}?identifier=${encodeURIComponent(identifier)}`,
};

export const MAIN: string = DEMO.instances.main.name;
