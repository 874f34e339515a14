import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { credentialBaseUrl } from '../shared/baseUrl';
import { isJsonObject } from '../shared/errors';
import { groupListing, isCommunity, isPlainGroup, refreshedGroupListing, type DirectoryGroup, type GroupListing } from '../shared/groupDirectory';
import { nameKey } from '../shared/groupNames';
import { pickerInstance } from './pickerParameters';

/** Instances for the Instance picker: an Account Token lists all, an Instance Token its own. */
export async function searchInstances(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const baseUrl = await credentialBaseUrl(this);
	const response: unknown = await this.helpers.httpRequestWithAuthentication.call(this, 'ryzeApi', {
		method: 'GET',
		url: `${baseUrl}/api/instance/list`,
		json: true,
	});
	const needle = (filter ?? '').trim().toLowerCase();
	const results = instanceEntries(response)
		.map((entry) => {
			const name = instanceName(entry);
			return { name: instanceLabel(name, entry), value: name };
		})
		.filter((result) => result.value !== '' && result.name.toLowerCase().includes(needle))
		.sort((a, b) => a.value.localeCompare(b.value));
	return { results };
}

function instanceEntries(response: unknown): IDataObject[] {
	const list = Array.isArray(response) ? response : isJsonObject(response) ? (response.instances ?? response.data) : [];
	return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

function instanceName(entry: IDataObject): string {
	return String(entry.name ?? entry.instanceName ?? '');
}

/** The name with the connection state, so the picker shows which instances can work right now. */
function instanceLabel(name: string, entry: IDataObject): string {
	const connection = isJsonObject(entry.connection) ? entry.connection.state : undefined;
	return typeof connection === 'string' ? `${name} (${connection})` : name;
}

/**
 * Communities for the Community picker, searched by name as the user types: from the group list kept for a minute
 * (groupDirectory.ts), so typing costs no request. A search that finds nothing asks RyzeAPI again once the list is a
 * few seconds old (a community created meanwhile). Where RyzeAPI's list does not flag communities, every group is
 * offered (but Announcements groups): RyzeAPI refuses a plain group when the node runs.
 */
export async function searchCommunities(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return { results: await searchListing(this, filter, (listing) => listing.groups.filter((group) => isCommunity(listing, group))) };
}

/** Groups for Group → Get's picker: the number's groups but communities and Announcements groups, by name. */
export async function searchGroups(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return { results: await searchListing(this, filter, (listing) => listing.groups.filter((group) => isPlainGroup(group))) };
}

async function searchListing(
	context: ILoadOptionsFunctions,
	filter: string | undefined,
	candidates: (listing: GroupListing) => DirectoryGroup[],
): Promise<INodeListSearchItems[]> {
	const instance = pickerInstance(context);
	const needle = nameKey(filter ?? '');
	const search = (listing: GroupListing) =>
		candidates(listing)
			.filter((group) => nameKey(group.name).includes(needle))
			.sort((a, b) => a.name.localeCompare(b.name))
			.map((group) => ({ name: group.name === '' ? group.jid : group.name, value: group.jid }));
	const found = search(await groupListing(context, instance));
	return found.length > 0 || needle === '' ? found : search(await refreshedGroupListing(context, instance));
}
