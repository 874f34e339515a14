/** Fields that several community operations share, so each reads and behaves the same everywhere. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS } from './rateLimitWaits';

/** The Instance picker; `displayOptions` where the node has operations (the trigger has none). */
export function instanceField(displayOptions?: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Instance',
		name: 'instance',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The RyzeAPI instance (the connected WhatsApp number) that does the work: its name exactly as shown in the RyzeAPI dashboard, e.g. main',
		...(displayOptions && { displayOptions }),
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
}

export function communityJidField(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Community JID',
		name: 'communityJid',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 120363406289005073@g.us',
		description:
			"The community's JID, a group JID such as 120363406289005073@g.us. Bare digits get @g.us added; legacy IDs like 4911111111111-1583093984 work too.",
		displayOptions,
	};
}

/** Top level (with `displayOptions`) the list is required; inside an Options collection (without) it is optional. */
export function groupJidsField(displayOptions: IDisplayOptions | undefined, purpose: string): INodeProperties {
	return {
		displayName: 'Group JIDs',
		name: 'groupJids',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. 120363406289005074@g.us, 120363406289005075@g.us',
		description: `The groups to ${purpose}: JIDs separated by commas, spaces or new lines, or an expression that returns a list. Bare digits get @g.us added; duplicates are sent once. At most 50.`,
		// Settings → Request Options → Timeout, once added, pre-fills 10 s: too short for more than a few groups.
		hint: 'RyzeAPI takes about 1 s per group (50 groups: about a minute). A Timeout under Settings → Request Options must allow for that.',
		...(displayOptions && { required: true, displayOptions }),
	};
}

/** `done` names the list of groups the operation did: `linked` or `unlinked`. */
function groupsOutputField(displayOptions: IDisplayOptions, done: 'linked' | 'unlinked'): INodeProperties {
	return {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'perGroup',
		description: 'Whether to return one item per group or one summary item per input item',
		displayOptions,
		options: [
			{
				name: 'One Item per Group',
				value: 'perGroup',
				description: `One item per requested group with its status (${done} or failed, with a reason), in request order`,
			},
			{
				name: 'Summary',
				value: 'summary',
				description: `One item per input item with RyzeAPI's success, message, ${done} and failed lists`,
			},
		],
	};
}

/** The option that turns failed groups into an error for the item; `what` completes "could not be ...". */
export function errorOnFailedGroupsOption(what: string): INodeProperties {
	return {
		displayName: 'Error on Failed Groups',
		name: 'errorOnFailedGroups',
		type: 'boolean',
		default: false,
		description: `Whether an input item with any group that could not be ${what} fails (respecting Continue On Fail), instead of returning those groups as items`,
	};
}

/** The fields link and unlink share: instance, community, groups (`purpose` completes "The groups to ..."), output. */
export function groupsOperationFields(
	displayOptions: IDisplayOptions,
	purpose: string,
	done: 'linked' | 'unlinked',
): INodeProperties[] {
	return [
		instanceField(displayOptions),
		communityJidField(displayOptions),
		groupJidsField(displayOptions, purpose),
		groupsOutputField(displayOptions, done),
	];
}

/** The same in every operation: each item waits out RyzeAPI's rate limit by itself. */
const maxRateLimitWaitOption: INodeProperties = {
	displayName: 'Max Rate-Limit Wait (Seconds)',
	name: 'maxRateLimitWait',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
	description:
		"RyzeAPI allows 100 requests per minute per token, shared by every execution using it. When it refuses a request for that (HTTP 429), the node waits until the limit resets and sends that item's request again; this is the most an item waits in all before it fails. 0 fails at the first refusal.",
};

/** An operation's Options collection, with Max Rate-Limit Wait (Seconds) among them, in alphabetical order. */
export function optionsCollection(displayOptions: IDisplayOptions, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions,
		options: [...options, maxRateLimitWaitOption].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
