import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { isJsonObject } from '../shared/errors';
import { credentialBaseUrl } from '../shared/request';

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
		.map((entry) => ({ name: instanceLabel(entry), value: String(entry.name ?? entry.instanceName ?? '') }))
		.filter((result) => result.value !== '' && result.name.toLowerCase().includes(needle))
		.sort((a, b) => a.value.localeCompare(b.value));
	return { results };
}

function instanceEntries(response: unknown): IDataObject[] {
	const list = Array.isArray(response) ? response : isJsonObject(response) ? (response.instances ?? response.data) : [];
	return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

function instanceLabel(entry: IDataObject): string {
	const name = String(entry.name ?? entry.instanceName ?? '');
	const connection = isJsonObject(entry.connection) ? entry.connection.state : undefined;
	return typeof connection === 'string' ? `${name} (${connection})` : name;
}
