/**
 * The fields several community operations share, each defined once with the operations it shows for: RoutingNode
 * reads every field of the node for every item, so one definition per field keeps each item's work small.
 * Version 1 (workflows saved before the pickers) asks for JIDs; version 2 for a community and groups picked from
 * lists, given by JID or by name.
 */
import type { INodeProperties } from 'n8n-workflow';

import { communityField, instanceField } from '../../shared/descriptions';

const MEMBERSHIP_OPERATIONS = ['linkGroups', 'unlinkGroups'];
/** The operations that take a list of groups: link, unlink, and sync to a list. */
const GROUPS_OPERATIONS = [...MEMBERSHIP_OPERATIONS, 'syncSubgroups'];
// Settings → Request Options → Timeout, once added, pre-fills 10 s: too short for more than a few groups.
export const GROUPS_TIMEOUT_HINT =
	'RyzeAPI takes about 1 s per group (50 groups: about a minute). A Timeout under Settings → Request Options must allow for that.';

export const communityFields: INodeProperties[] = [
	{
		...instanceField,
		displayOptions: { show: { resource: ['community'], operation: ['create', 'linkGroups', 'listSubgroups', 'syncSubgroups', 'unlinkGroups'] } },
	},
	{
		displayName: 'Community JID',
		name: 'communityJid',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 120363406289005073@g.us',
		description:
			"The community's JID, a group JID such as 120363406289005073@g.us. Bare digits get @g.us added; legacy IDs like 4911111111111-1583093984 work too.",
		displayOptions: { show: { '@version': [1], resource: ['community'], operation: ['linkGroups', 'listSubgroups', 'syncSubgroups', 'unlinkGroups'] } },
	},
	{
		...communityField,
		displayOptions: { show: { '@version': [2], resource: ['community'], operation: ['linkGroups', 'listSubgroups', 'syncSubgroups', 'unlinkGroups'] } },
	},
	{
		displayName: 'Group JIDs',
		name: 'groupJids',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'e.g. 120363406289005074@g.us, 120363406289005075@g.us',
		description:
			'The groups: JIDs separated by commas, spaces, semicolons or new lines, or an expression that returns a list. Bare digits get @g.us added; duplicates are sent once. At most 50.',
		hint: GROUPS_TIMEOUT_HINT,
		displayOptions: { show: { '@version': [1], resource: ['community'], operation: GROUPS_OPERATIONS } },
	},
	{
		displayName: 'Select Groups',
		name: 'groupSelection',
		type: 'options',
		default: 'list',
		description: 'How the groups are given',
		displayOptions: { show: { '@version': [2], resource: ['community'], operation: GROUPS_OPERATIONS } },
		options: [
			{
				name: 'From List',
				value: 'list',
				description: "Pick the groups from a list of the number's groups, or give their JIDs by expression",
			},
			{
				name: 'By Name',
				value: 'name',
				description:
					"Give the groups' names, e.g. from a webhook or an AI agent; looked up in the number's groups when the node runs. An unknown name, or one two groups share, fails the item and nothing is sent.",
			},
		],
	},
	{
		displayName: 'Group Names',
		name: 'groupNames',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Sales team\nCustomers, Brazil',
		description:
			"The groups' names exactly as in WhatsApp (case and extra spaces aside), one per line, or an expression that returns a list of names. Names may contain commas. Communities and Announcements groups are never matched. At most 50 groups.",
		hint: GROUPS_TIMEOUT_HINT,
		displayOptions: {
			show: { '@version': [2], resource: ['community'], operation: GROUPS_OPERATIONS, groupSelection: ['name'] },
		},
	},
];

/** Link and Unlink Groups: one item per group or a summary; shown after the groups (pickers in the operations' files). */
export const outputField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'perGroup',
	description: 'Whether to return one item per group or one summary item per input item',
	displayOptions: { show: { resource: ['community'], operation: MEMBERSHIP_OPERATIONS } },
	options: [
		{
			name: 'One Item per Group',
			value: 'perGroup',
			description:
				'One item per requested group, in request order, with its status: linked (Link Groups) or unlinked (Unlink Groups), or failed with a reason',
		},
		{
			name: 'Summary',
			value: 'summary',
			description: "One item per input item with RyzeAPI's success and message, and the lists of groups done and failed",
		},
	],
};
