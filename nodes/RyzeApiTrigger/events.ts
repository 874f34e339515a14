/** RyzeAPI's event types, as its webhooks name them. */
import type { INodePropertyOptions } from 'n8n-workflow';

export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Call Update', value: 'call.update', description: 'A call was offered, accepted, rejected or ended' },
	{
		name: 'Group Flow',
		value: 'group.flow',
		description: 'Someone joined, left, was promoted or demoted in a group, or its details changed',
	},
	{ name: 'Instance State', value: 'instance.state', description: 'The instance connected, disconnected or logged out' },
	{ name: 'Label Update', value: 'label.update', description: 'A WhatsApp Business label was added, changed or removed' },
	{ name: 'Message Exchange', value: 'message.exchange', description: 'A message was sent or received' },
	{ name: 'Message Status', value: 'message.status', description: 'A sent message was delivered, read or played' },
];
