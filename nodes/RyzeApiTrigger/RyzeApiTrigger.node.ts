import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { searchInstances } from '../RyzeApi/methods/listSearch';
import { instanceField } from '../RyzeApi/shared/descriptions';
import { judgeDelivery } from './delivery';
import { EVENT_OPTIONS } from './events';
import { authorizationFor, createWebhook, deleteWebhook, registration, webhookExists } from './webhookRegistration';

export class RyzeApiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RyzeAPI Trigger',
		name: 'ryzeApiTrigger',
		icon: { light: 'file:ryzeapi.svg', dark: 'file:ryzeapi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: "Starts the workflow on RyzeAPI's WhatsApp events: group changes, messages, calls, connection state",
		defaults: { name: 'RyzeAPI Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ryzeApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'Activating the workflow registers this webhook at RyzeAPI for the instance, with a secret only RyzeAPI knows; deactivating disables it. RyzeAPI allows 3 enabled webhooks per instance.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			instanceField,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_OPTIONS,
				default: ['group.flow'],
				required: true,
				description: 'The events that start the workflow, one execution per event',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Answer RyzeAPI',
						name: 'answerDeliveries',
						type: 'options',
						default: 'whenStarted',
						options: [
							{
								name: 'When the Execution Starts',
								value: 'whenStarted',
								description: 'The answer n8n gives by itself. RyzeAPI sends an event again when no answer comes within 10 s.',
							},
							{
								name: 'At Once',
								value: 'atOnce',
								description:
									'As soon as the delivery is checked, before n8n queues the execution. An event n8n then fails to start is not sent again.',
							},
						],
						description:
							"When RyzeAPI gets its answer for a delivery. With n8n's production concurrency limit (N8N_CONCURRENCY_PRODUCTION_LIMIT), n8n answers only when the execution gets its turn, and in queue mode a burst of events can keep it busy; RyzeAPI sends every event left without an answer for 10 s again (up to 3 executions per event). Choose At Once for bursts of events.",
					},
					{
						displayName: 'Include Media as Base64',
						name: 'mediaBase64',
						type: 'boolean',
						default: false,
						description: "Whether RyzeAPI puts a message's media in the event as base64 (bigger deliveries)",
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: '',
						placeholder: 'e.g. n8n-community-sync',
						description:
							"The name of this webhook at RyzeAPI. Leave empty for one made from the workflow and the node, so two workflows never take each other's webhook. Listening for a test event uses the label plus -test.",
					},
				],
			},
		],
	};

	methods = { listSearch: { searchInstances } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await webhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createWebhook(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteWebhook(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const secret = registration(this)?.secret;
		const verdict = judgeDelivery({
			authorization: this.getHeaderData().authorization,
			body: this.getBodyData(),
			expectedAuthorization: secret === undefined ? undefined : authorizationFor(secret),
			events: this.getNodeParameter('events', []) as string[],
			receivedAt: new Date(),
		});
		if ('item' in verdict) {
			const workflowData = [[{ json: verdict.item }]];
			if (this.getNodeParameter('options.answerDeliveries', 'whenStarted') !== 'atOnce') return { workflowData };
			// Answered here, n8n sends nothing more and still runs the workflow; left to n8n, the answer waits for the
			// execution's concurrency slot, which RyzeAPI takes for a lost delivery after 10 s.
			this.getResponseObject().status(200).json({ received: true });
			return { noWebhookResponse: true, workflowData };
		}
		this.getResponseObject().status(verdict.status).json(verdict.answer);
		return { noWebhookResponse: true };
	}
}
