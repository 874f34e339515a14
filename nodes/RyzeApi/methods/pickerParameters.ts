/** What the editor's pickers read of the node's other fields, as the user has set them so far. */
import { NodeOperationError, type ILoadOptionsFunctions } from 'n8n-workflow';

import { parseGroupJid } from '../shared/jid';

/** The instance chosen above the picker; a picker cannot list anything before it is set. */
export function pickerInstance(context: ILoadOptionsFunctions): string {
	const value = context.getCurrentNodeParameter('instance', { extractValue: true });
	if (typeof value !== 'string' || value.trim() === '' || value.startsWith('=')) {
		throw new NodeOperationError(context.getNode(), 'Choose the Instance first', {
			description: 'The list shows the groups of the chosen instance: pick it from its list or type its name (not an expression).',
		});
	}
	return value.trim();
}

/**
 * The community chosen so far, as a JID, when the editor knows it: picked from its list or typed as a JID. Given by
 * name or by expression, it is only known when the node runs.
 */
export function chosenCommunityJid(context: ILoadOptionsFunctions): string | undefined {
	const mode = context.getCurrentNodeParameter('community.mode');
	const value = context.getCurrentNodeParameter('community', { extractValue: true });
	if (mode === 'name' || (typeof value === 'string' && value.startsWith('='))) return undefined;
	const parsed = parseGroupJid(value);
	return 'jid' in parsed ? parsed.jid : undefined;
}

/** The community a picker lists the subgroups of: it must be known now. */
export function pickerCommunityJid(context: ILoadOptionsFunctions): string {
	const jid = chosenCommunityJid(context);
	if (jid !== undefined) return jid;
	throw new NodeOperationError(context.getNode(), 'Choose the Community from its list or By ID first', {
		description:
			"The list shows the community's subgroups, so the community must be known now. Given by name or by expression, it is only looked up when the node runs: then give the groups by name, or their JIDs by expression.",
	});
}
