/**
 * The workflows bench/burst.ts publishes, each built from a shipped example: the webhook example as it is
 * (`when-done`), answering 202 at once (`at-once`), and the other webhook variants; and the trigger example.
 */
import type { WorkflowJson } from '../e2e/lib/n8n';
import { webhookByNameVariant, webhookVariant } from '../e2e/lib/queue';
import { EXAMPLES, readExample } from '../e2e/lib/ryzeapi';
import type { VariantName } from './burstOptions';

interface WorkflowNode {
	name: string;
	type: string;
	webhookId?: string;
	onError?: string;
	parameters: Record<string, unknown>;
}

const LINK_NODE_TYPE = 'n8n-nodes-ryzeapi.ryzeApi';

export const WEBHOOK_WORKFLOWS: Record<VariantName, { id: string; name: string; path: string }> = {
	'when-done': { id: EXAMPLES.webhook.id, name: 'Webhook → link WhatsApp groups to a community (RyzeAPI)', path: EXAMPLES.webhook.path },
	'at-once': { id: 'ryzeLinkAtOnce01', name: 'Webhook → link groups, answered 202 at once (burst bench)', path: 'ryzeapi-link-groups-at-once' },
	'no-wait': { id: 'ryzeLinkNoWait01', name: 'Webhook → link groups, no rate-limit wait (burst bench)', path: 'ryzeapi-link-groups-no-wait' },
	'by-name': { id: 'ryzeLinkByName01', name: 'Webhook → link groups by name (burst bench)', path: 'ryzeapi-link-groups-by-name' },
};

/** The workflow a webhook variant publishes, with `linkOptions` merged into its Link Groups node's options. */
export function webhookWorkflow(variant: VariantName, linkOptions: Record<string, unknown>): WorkflowJson {
	const identity = WEBHOOK_WORKFLOWS[variant];
	switch (variant) {
		case 'when-done':
			return withLinkOptions(readExample('webhook'), linkOptions);
		case 'no-wait':
			return webhookVariant({ ...identity, linkOptions: { ...linkOptions, maxRateLimitWait: 0 } });
		case 'by-name':
			return webhookByNameVariant({ ...identity, linkOptions });
		case 'at-once':
			return answeredAtOnce(webhookVariant({ ...identity, linkOptions }));
	}
}

/**
 * The webhook example answering at once: the Webhook node responds "Immediately" with HTTP 202 (n8n's default body,
 * `{"message": "Workflow was started"}`), the two Respond to Webhook nodes go, and Link Groups stops the workflow on
 * an error instead of routing it to an error branch, so a call that could not be linked ends as a failed execution:
 * what n8n's Error Workflow (or the executions list) reports. Nothing else tells anyone in this variant.
 */
function answeredAtOnce(workflow: WorkflowJson): WorkflowJson {
	const nodes = (workflow.nodes as WorkflowNode[]).filter((node) => node.type !== 'n8n-nodes-base.respondToWebhook');
	for (const node of nodes) {
		if (node.type === 'n8n-nodes-base.webhook') {
			// Webhook v2.1 keeps the code under Options › Response Code; 202 is a custom code there.
			const options = { ...(node.parameters.options as Record<string, unknown>), responseCode: { values: { responseCode: 'customCode', customCode: 202 } } };
			node.parameters = { ...node.parameters, responseMode: 'onReceived', options };
		}
		if (node.type === LINK_NODE_TYPE) delete node.onError;
	}
	const connections = Object.fromEntries(Object.entries(workflow.connections).filter(([from]) => nodes.some((node) => node.name === from)));
	const linkNode = nodes.find((node) => node.type === LINK_NODE_TYPE);
	if (linkNode) delete connections[linkNode.name];
	return { ...workflow, nodes, connections };
}

/**
 * The trigger example (`examples/trigger-auto-link.json`) as its note tells a user to set it up, with one change of
 * the community: the example links every group to one community picked from the list, which holds at most 50
 * subgroups, so here each group goes to its own burst community (By ID, an expression: the group's JID with its two
 * last digits before `@g.us` set to 00, as e2e/lib/queue.ts numbers burst groups). Verify stays on, as shipped; the
 * trigger's Answer RyzeAPI is `answer`.
 */
export function triggerWorkflow(linkOptions: Record<string, unknown>, answer: 'whenStarted' | 'atOnce'): WorkflowJson {
	const workflow = withLinkOptions(readExample('trigger'), linkOptions);
	for (const node of workflow.nodes as WorkflowNode[]) {
		if (node.type === LINK_NODE_TYPE) node.parameters.community = { __rl: true, mode: 'id', value: "={{ $json.data.jid.slice(0, 16) + '00@g.us' }}" };
		if (node.type === 'n8n-nodes-ryzeapi.ryzeApiTrigger') node.parameters.options = { ...(node.parameters.options as Record<string, unknown>), answerDeliveries: answer };
	}
	return workflow;
}

function withLinkOptions(workflow: WorkflowJson, linkOptions: Record<string, unknown>): WorkflowJson {
	for (const node of workflow.nodes as WorkflowNode[]) {
		if (node.type === LINK_NODE_TYPE) node.parameters.options = { ...(node.parameters.options as Record<string, unknown>), ...linkOptions };
	}
	return workflow;
}

