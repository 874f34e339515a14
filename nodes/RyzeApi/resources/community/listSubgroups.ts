import type { IHttpRequestOptions, INodeProperties, JsonObject } from 'n8n-workflow';

import { maxRateLimitWaitOption } from '../../shared/descriptions';
import { isJsonObject, ryzeApiAnswer, type ErrorContext } from '../../shared/errors';
import { LISTING_TIMEOUT_MS, requestRyzeApi } from '../../shared/ownRequests';
import type { RateLimitWaits } from '../../shared/rateLimitWaits';
import type { Operation } from '../../shared/runOperation';
import { normaliseGroupJid } from '../../shared/jid';
import { asArray, pairedItem } from '../../shared/output';
import { readCommunityRequest } from '../../shared/groupSelection';
import { instancePath, type CommunityRequest } from '../../shared/parameters';

/** List Subgroups' own fields; Instance and Community JID are in sharedFields.ts. */
export const listSubgroupsDescription: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { resource: ['community'], operation: ['listSubgroups'] } },
		options: [
			{
				displayName: 'Leave Out Announcements Group',
				name: 'excludeAnnouncements',
				type: 'boolean',
				default: false,
				description:
					"Whether to leave out the community's Announcements group (the subgroup with isDefaultSubGroup true), which every community has and which cannot be unlinked",
			},
			maxRateLimitWaitOption,
		],
	},
];

export interface Subgroup {
	jid: string;
	name: string;
	isDefaultSubGroup: boolean;
}

/** `GET /api/community/listSubGroups/{instance}?communityJid=`: the subgroups the connected number belongs to. */
export function subgroupsRoute(request: CommunityRequest): Pick<IHttpRequestOptions, 'url' | 'qs'> {
	return {
		url: instancePath('/api/community/listSubGroups', request.instance),
		qs: { communityJid: request.communityJid },
	};
}

/** The subgroups in a listSubGroups answer, JIDs normalised like the node's own. */
export function subgroupsOf(body: JsonObject): Subgroup[] {
	return asArray(body.subgroups)
		.filter(isJsonObject)
		.map((entry) => ({
			jid: normaliseGroupJid(entry.jid),
			name: typeof entry.name === 'string' ? entry.name : '',
			isDefaultSubGroup: entry.isDefaultSubGroup === true,
		}));
}

/** One listing of the subgroups as the node's own request (Verify, Sync, the Unlink picker), for an item or the editor. */
export async function requestSubgroups(context: ErrorContext, request: CommunityRequest, waits?: RateLimitWaits): Promise<Subgroup[]> {
	const send = { method: 'GET' as const, ...subgroupsRoute(request), timeout: LISTING_TIMEOUT_MS };
	return await requestRyzeApi(context, send, (response) => subgroupsOf(ryzeApiAnswer(context, response)), waits);
}

/** The listSubGroups request; one item per subgroup, none for a community without (visible) subgroups. */
export const listSubgroupsOperation: Operation<CommunityRequest> = {
	async prepare(context, waits) {
		const request = await readCommunityRequest(context, waits);
		return { request, send: subgroupsRoute(request) };
	},
	async output(context, { instance, communityJid, communityName }, answer) {
		const leaveOutAnnouncements = context.getNodeParameter('options.excludeAnnouncements', false) === true;
		return subgroupsOf(answer)
			.filter((subgroup) => !(leaveOutAnnouncements && subgroup.isDefaultSubGroup))
			.map((subgroup) => pairedItem(context, { instance, communityJid, ...(communityName !== undefined && { communityName }), ...subgroup }));
	},
};
