import type { Reply } from '../http';
import { safeDecode } from '../http';
import { createCommunity, linkGroups, listSubGroups, unlinkGroups } from './community';
import type { RouteContext } from './context';
import { configureWebhook, getWebhook } from './events';
import { createGroup, groupInfo, listGroups } from './group';
import { listInstances } from './instance';

export interface Route {
	method: 'GET' | 'POST';
	/** A capture group, when present, is the `:instance` path segment. */
	pattern: RegExp;
	handler: (ctx: RouteContext) => Reply | Promise<Reply>;
}

const ROUTES: Route[] = [
	{ method: 'GET', pattern: /^\/api\/instance\/list$/, handler: listInstances },
	{ method: 'POST', pattern: /^\/api\/community\/link\/([^/]+)$/, handler: linkGroups },
	{ method: 'POST', pattern: /^\/api\/community\/unlink\/([^/]+)$/, handler: unlinkGroups },
	{ method: 'GET', pattern: /^\/api\/community\/listSubGroups\/([^/]+)$/, handler: listSubGroups },
	{ method: 'POST', pattern: /^\/api\/community\/create\/([^/]+)$/, handler: createCommunity },
	{ method: 'POST', pattern: /^\/api\/events\/webhook\/([^/]+)$/, handler: configureWebhook },
	{ method: 'GET', pattern: /^\/api\/events\/getWebhook\/([^/]+)$/, handler: getWebhook },
	{ method: 'POST', pattern: /^\/api\/group\/create\/([^/]+)$/, handler: createGroup },
	{ method: 'GET', pattern: /^\/api\/group\/list\/([^/]+)$/, handler: listGroups },
	{ method: 'GET', pattern: /^\/api\/group\/info\/([^/]+)$/, handler: groupInfo },
];

export function matchRoute(method: string, path: string): { route: Route; instanceName?: string } | undefined {
	for (const route of ROUTES) {
		const match = route.method === method ? route.pattern.exec(path) : null;
		if (match) return { route, instanceName: match[1] === undefined ? undefined : safeDecode(match[1]) };
	}
	return undefined;
}
