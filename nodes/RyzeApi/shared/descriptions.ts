/** The fields that are the same wherever they appear: in every operation, and in the trigger. */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS } from './rateLimitWaits';

/** The Instance picker, for the action node's operations and for the trigger. */
export const instanceField: INodeProperties = {
	displayName: 'Instance',
	name: 'instance',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The RyzeAPI instance (the connected WhatsApp number) that does the work: its name exactly as shown in the RyzeAPI dashboard, e.g. main',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchInstances', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. my-instance',
			hint: 'The instance name exactly as shown in the RyzeAPI dashboard',
		},
	],
};

/** In every operation's Options: each item waits out RyzeAPI's rate limit by itself. */
export const maxRateLimitWaitOption: INodeProperties = {
	displayName: 'Max Rate-Limit Wait (Seconds)',
	name: 'maxRateLimitWait',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
	description:
		"RyzeAPI allows 100 requests per minute per token, shared by every execution using it. When it refuses a request for that (HTTP 429), the node waits until the limit resets and sends that item's request again; this is the most an item waits in all before it fails. 0 fails at the first refusal.",
};

/** Version 2's Community picker, for the community operations and for a group created inside a community. */
export const communityField: INodeProperties = {
	displayName: 'Community',
	name: 'community',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		"The WhatsApp community: pick it from the list (search by name), give its JID, or its name (looked up in the number's groups when the node runs, e.g. from a webhook or an AI agent)",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a community…',
			typeOptions: { searchListMethod: 'searchCommunities', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 120363406289005073@g.us',
			hint: 'Bare digits get @g.us added; legacy IDs like 4911111111111-1583093984 work too',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^\\s*\\d+(-\\d+)?(@[gG]\\.[uU][sS])?\\s*$',
						errorMessage: 'Not a group JID: a community JID looks like 120363406289005073@g.us',
					},
				},
			],
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. Customers',
			hint: "The community's name exactly as in WhatsApp (case and extra spaces aside); looked up when the node runs",
		},
	],
};
