import type { INodeProperties } from 'n8n-workflow';

import { instanceField } from '../../shared/descriptions';
import { routeOperation } from '../../shared/runOperation';
import { createDescription, createGroupOperation } from './create';
import { getDescription, getOperation } from './get';
import { getManyDescription, getManyOperation } from './getMany';

export const groupDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a new group per call',
				description:
					"Create a WhatsApp group with a name and participants, optionally inside a community (one request instead of Create and Link Groups); returns the new group's JID and invite link. Not idempotent: every run creates another group, so do not repeat it to retry; to create a group only once, look it up first with Get Many (Name filter).",
				routing: routeOperation('POST', createGroupOperation),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a group',
				description: "Get one group's details by JID, invite link or invite code, or picked from the list by name",
				routing: routeOperation('GET', getOperation),
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many groups',
				description:
					"List the connected number's groups, one item per group with its JID, name, participant count and invite link; filter by name",
				routing: routeOperation('GET', getManyOperation),
			},
		],
		default: 'getMany',
	},
	{ ...instanceField, displayOptions: { show: { resource: ['group'] } } },
	...createDescription,
	...getDescription,
	...getManyDescription,
];
