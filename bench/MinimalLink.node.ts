/**
 * Variant (b): the same POST as Link Groups, declared the plainest way n8n allows. No validation, no JID
 * parsing, no post-receive mapping: the parameters go into the body as they are and the answer is the item.
 * Same credential type as the RyzeAPI node, so authentication costs the same.
 */
import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

export class MinimalLink implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Minimal Link',
		name: 'minimalLink',
		group: ['transform'],
		version: 1,
		description: 'POST /api/community/link/{instance}, nothing else',
		defaults: { name: 'Minimal Link' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ryzeApi', required: true }],
		requestDefaults: { baseURL: '={{$credentials.baseUrl}}', json: true },
		properties: [
			{
				displayName: 'Instance',
				name: 'instance',
				type: 'string',
				default: '',
				routing: { request: { method: 'POST', url: '=/api/community/link/{{$parameter.instance}}' } },
			},
			{
				displayName: 'Community JID',
				name: 'communityJid',
				type: 'string',
				default: '',
				routing: { send: { type: 'body', property: 'communityJid' } },
			},
			{
				// RyzeAPI takes a list; the expression feeding this field returns one (as for the other variants).
				displayName: 'Group JIDs',
				name: 'groupJids',
				type: 'json',
				default: '[]',
				routing: { send: { type: 'body', property: 'groupJid' } },
			},
		],
	};
}
