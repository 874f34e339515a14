import type { IDataObject, IExecuteSingleFunctions, INodeProperties, JsonObject } from 'n8n-workflow';

import { maxRateLimitWaitOption } from '../../shared/descriptions';
import { groupListRoute, keepGroupListing, listingOf, type DirectoryGroup } from '../../shared/groupDirectory';
import { nameKey } from '../../shared/groupNames';
import { pairedItem } from '../../shared/output';
import { invalidParameter, readInstance } from '../../shared/parameters';
import type { Operation } from '../../shared/runOperation';
import { groupItemJson } from './groupItem';
import { quote } from '../../shared/jid';

const showForGetMany = { show: { resource: ['group'], operation: ['getMany'] } };

/** Group → Get Many's fields; Instance is in the resource's index.ts. */
export const getManyDescription: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showForGetMany,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...showForGetMany.show, returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: showForGetMany,
		options: [
			{
				displayName: 'Leave Out Announcements Groups',
				name: 'excludeAnnouncements',
				type: 'boolean',
				default: true,
				description: "Whether to leave out communities' Announcements groups (where RyzeAPI's list marks them)",
			},
			{
				displayName: 'Leave Out Communities',
				name: 'excludeCommunities',
				type: 'boolean',
				default: true,
				description: "Whether to leave out communities themselves (where RyzeAPI's list flags them), keeping groups only",
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. Acme Ltd - support',
				description:
					'Only the groups with exactly this name (case and extra spaces aside), as the node matches names elsewhere: e.g. to find a group before creating it, so a re-sent form does not make a second one',
			},
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				placeholder: 'e.g. support',
				description: 'Only the groups whose name contains this text (case and extra spaces aside)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showForGetMany,
		options: [maxRateLimitWaitOption],
	},
];

interface GetManyRequest {
	instance: string;
	filters: IDataObject;
	/** Undefined: all. */
	limit?: number;
}

function readLimit(context: IExecuteSingleFunctions): number | undefined {
	if (context.getNodeParameter('returnAll', false) === true) return undefined;
	const value: unknown = context.getNodeParameter('limit', 50);
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw invalidParameter(context, 'Limit', `${quote(value)} is not a whole number of 1 or more`, 'Give how many groups to return at most, e.g. 50, or turn on Return All.');
	}
	return value;
}

function wanted(group: DirectoryGroup, filters: IDataObject): boolean {
	const name = nameKey(group.name);
	if (filters.excludeCommunities === true && group.isCommunity === true) return false;
	if (filters.excludeAnnouncements === true && group.isAnnouncements === true) return false;
	if (typeof filters.name === 'string' && filters.name.trim() !== '' && name !== nameKey(filters.name)) return false;
	return !(typeof filters.nameContains === 'string' && !name.includes(nameKey(filters.nameContains)));
}

/**
 * `GET /api/group/list/{instance}`: one item per group, with what RyzeAPI's list carries. The answer also refreshes the
 * list kept for names and pickers (groupDirectory.ts), at no extra request.
 */
export const getManyOperation: Operation<GetManyRequest, JsonObject | unknown[]> = {
	answer: 'list',
	async prepare(context) {
		const instance = readInstance(context);
		const request = { instance, filters: context.getNodeParameter('filters', {}) as IDataObject, limit: readLimit(context) };
		return { request, send: groupListRoute(instance) };
	},
	async output(context, { instance, filters, limit }, answer) {
		const listing = listingOf(answer, Date.now());
		await keepGroupListing(context, instance, listing);
		return listing.groups
			.filter((group) => wanted(group, filters))
			.slice(0, limit)
			.map((group) => pairedItem(context, groupItemJson(instance, group)));
	},
};
