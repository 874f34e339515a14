/**
 * The one rule for RyzeAPI's address: the credential's Base URL without trailing slashes (a pasted
 * "https://ryzeapi.cloud/" must not make "//api/..."). n8n evaluates the expression form for the node's routed
 * requests and the credential test; the node's own requests use the function.
 */
import type { IExecuteSingleFunctions, IHookFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

const TRAILING_SLASHES = /\/+$/;

export const BASE_URL_EXPRESSION = `={{$credentials.baseUrl.replace(${String(TRAILING_SLASHES)}, "")}}`;

export async function credentialBaseUrl(context: IExecuteSingleFunctions | ILoadOptionsFunctions | IHookFunctions): Promise<string> {
	const credentials = await context.getCredentials('ryzeApi');
	return String(credentials.baseUrl ?? '').replace(TRAILING_SLASHES, '');
}
