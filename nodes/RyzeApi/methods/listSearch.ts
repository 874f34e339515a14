import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { isJsonObject } from '../shared/errors';
import { credentialBaseUrl } from '../shared/baseUrl';

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
