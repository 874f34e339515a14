import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';

import { communityJidField, instanceField, optionsCollection } from '../../shared/descriptions';
import { isJsonObject } from '../../shared/errors';
import { normaliseGroupJid } from '../../shared/jid';
import { asArray, pairedItem } from '../../shared/output';
import { instancePath, readCommunityRequest, type CommunityRequest } from '../../shared/parameters';

const showOnlyForListSubgroups = { show: { resource: ['community'], operation: ['listSubgroups'] } };

export const listSubgroupsDescription: INodeProperties[] = [
	instanceField(showOnlyForListSubgroups),
	communityJidField(showOnlyForListSubgroups),
	optionsCollection(showOnlyForListSubgroups, [
		{
			displayName: 'Leave Out Announcements Group',
			name: 'excludeAnnouncements',
			type: 'boolean',
			default: false,
			description:
				"Whether to leave out the community's Announcements group (the subgroup with isDefaultSubGroup true), which every community has and which cannot be unlinked",
		},
	]),
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

/** Pre-send step: checks the fields and builds the listSubGroups request. */
export async function sendListSubgroups(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	return { ...requestOptions, ...subgroupsRoute(readCommunityRequest(this)) };
}

/** Post-receive: one item per subgroup; none for a community without (visible) subgroups. */
export async function outputListSubgroups(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const { instance, communityJid } = readCommunityRequest(this);
	const leaveOutAnnouncements = this.getNodeParameter('options.excludeAnnouncements', false) === true;
	return subgroupsOf(response.body as JsonObject)
		.filter((subgroup) => !(leaveOutAnnouncements && subgroup.isDefaultSubGroup))
		.map((subgroup) => pairedItem(this, { instance, communityJid, ...subgroup }));
}
