/**
 * The fields several community operations share, each defined once with the operations it shows for: RoutingNode
 * reads every field of the node for every item, so one definition per field keeps each item's work small.
 */
import type { INodeProperties } from 'n8n-workflow';

import { instanceField } from '../../shared/descriptions';

export const communityFields: INodeProperties[] = [
	{
		...instanceField,
		displayOptions: { show: { resource: ['community'], operation: ['create', 'linkGroups', 'listSubgroups', 'unlinkGroups'] } },
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
		displayOptions: { show: { resource: ['community'], operation: ['linkGroups', 'listSubgroups', 'unlinkGroups'] } },
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
			'The groups: JIDs separated by commas, spaces or new lines, or an expression that returns a list. Bare digits get @g.us added; duplicates are sent once. At most 50.',
		// Settings → Request Options → Timeout, once added, pre-fills 10 s: too short for more than a few groups.
		hint: 'RyzeAPI takes about 1 s per group (50 groups: about a minute). A Timeout under Settings → Request Options must allow for that.',
		displayOptions: { show: { resource: ['community'], operation: ['linkGroups', 'unlinkGroups'] } },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'perGroup',
		description: 'Whether to return one item per group or one summary item per input item',
		displayOptions: { show: { resource: ['community'], operation: ['linkGroups', 'unlinkGroups'] } },
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
	},
];
