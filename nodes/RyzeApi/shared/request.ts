/** What the node needs to make a request of its own, outside the operation's routed one. */
import type { IExecuteSingleFunctions, IHookFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

/** The Base URL of the RyzeAPI credential, without trailing slashes (as `requestDefaults.baseURL` computes it). */
export async function credentialBaseUrl(context: IExecuteSingleFunctions | ILoadOptionsFunctions | IHookFunctions): Promise<string> {
	const credentials = await context.getCredentials('ryzeApi');
	return String(credentials.baseUrl ?? '').replace(/\/+$/, '');
}
