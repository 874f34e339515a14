import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';

import {
	communityJidField,
	groupJidsField,
	groupsOutputField,
	instanceField,
} from '../../shared/descriptions';
import { failedGroupsError, groupResults, perGroupItems, summaryItem } from '../../shared/output';
import { instancePath, readGroupsRequest } from '../../shared/parameters';

const showOnlyForLinkGroups = { show: { resource: ['community'], operation: ['linkGroups'] } };

export const linkGroupsDescription: INodeProperties[] = [
	instanceField(showOnlyForLinkGroups),
	communityJidField(showOnlyForLinkGroups),
	groupJidsField(showOnlyForLinkGroups, 'link to the community'),
	groupsOutputField(showOnlyForLinkGroups),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showOnlyForLinkGroups,
		options: [
			{
				displayName: 'Error on Failed Groups',
				name: 'errorOnFailedGroups',
				type: 'boolean',
				default: false,
				description:
					'Whether an input item with any group that could not be linked fails (respecting Continue On Fail), instead of returning the failed groups as items',
			},
		],
	},
];

/** Pre-send step: checks the fields and builds `POST /api/community/link/{instance}`. */
export async function sendLinkGroups(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const { instance, communityJid, groupJids } = readGroupsRequest(this);
	requestOptions.url = instancePath('/api/community/link', instance);
	requestOptions.body = { communityJid, groupJid: groupJids };
	return requestOptions;
}

/** Post-receive: one item per group (or a summary), failing the item when asked to. */
export async function outputLinkGroups(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const request = readGroupsRequest(this);
	const body = response.body as JsonObject;
	const results = groupResults(request, body, 'linked');
	if (this.getNodeParameter('options.errorOnFailedGroups', false) === true) {
		const error = failedGroupsError(this, request, results, 'linked to');
		if (error) throw error;
	}
	if (this.getNodeParameter('output', 'perGroup') === 'summary') return [summaryItem(this, request, body)];
	return perGroupItems(this, request, results);
}
