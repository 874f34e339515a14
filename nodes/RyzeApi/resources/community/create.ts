import {
	NodeOperationError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { maxRateLimitWaitOption } from '../../shared/descriptions';
import { isJsonObject } from '../../shared/errors';
import type { Operation } from '../../shared/runOperation';
import { normaliseGroupJid } from '../../shared/jid';
import { groupResults, pairedItem } from '../../shared/output';
import { instancePath, readGroupJids, readImage, readInstance, readNewName } from '../../shared/parameters';
import { linkOutcome } from './linkGroups';
import { GROUPS_TIMEOUT_HINT } from './sharedFields';

/** WhatsApp's limit for a community name, in characters. */
const MAX_NAME_LENGTH = 25;

/** Create's own fields; Instance is in sharedFields.ts. */
export const createDescription: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Neighbours',
		description: `The new community's name: plain text, at most ${MAX_NAME_LENGTH} characters (an emoji counts as one)`,
		displayOptions: { show: { resource: ['community'], operation: ['create'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { resource: ['community'], operation: ['create'] } },
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: "The community's description, plain text shown to its members",
			},
			{
				displayName: 'Error If Created as Plain Group',
				name: 'errorOnPlainGroup',
				type: 'boolean',
				default: false,
				description:
					'Whether the item fails when WhatsApp refuses to make a community and RyzeAPI creates a plain group instead (isCommunity false). The plain group exists either way; the error gives its JID.',
			},
			{
				displayName: 'Group JIDs',
				name: 'groupJids',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: 'e.g. 120363406289005074@g.us, 120363406289005075@g.us',
				// Optional here: an empty list (e.g. from an expression) links nothing.
				description:
					'The groups to link to the new community right away: JIDs separated by commas, spaces, semicolons or new lines, or an expression that returns a list. Bare digits get @g.us added; duplicates are sent once. At most 50.',
				hint: GROUPS_TIMEOUT_HINT,
			},
			{
				displayName: 'Image',
				name: 'image',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/logo.png',
				description:
					"The community's picture: an http(s) URL to the image, or the image itself as base64 (a data:image/png;base64, prefix is fine)",
			},
			maxRateLimitWaitOption,
			{
				displayName: 'Membership Approval',
				name: 'membershipApprovalMode',
				type: 'boolean',
				default: false,
				description:
					"Whether people who want to join need an admin's approval (sent as membershipApprovalMode \"request_required\"; off sends \"\")",
			},
		],
	},
];

interface CreateRequest {
	instance: string;
	name: string;
	groupJids: string[];
	body: IDataObject;
}

function readCreateRequest(context: IExecuteSingleFunctions): CreateRequest {
	const instance = readInstance(context);
	const name = readNewName(context, 'community', MAX_NAME_LENGTH);
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const groupJids = readGroupJids(context, { name: 'options.groupJids', required: false });
	const image = readImage(context, options.image);
	const body: IDataObject = { name };
	if (typeof options.description === 'string' && options.description.trim() !== '') body.description = options.description.trim();
	if (image !== undefined) body.image = image;
	if (groupJids.length > 0) body.groupJid = groupJids;
	if (options.membershipApprovalMode !== undefined) {
		body.membershipApprovalMode = options.membershipApprovalMode === true ? 'request_required' : '';
	}
	return { instance, name, groupJids, body };
}

const NOT_LINKED_TO_PLAIN_GROUP = 'Not linked: RyzeAPI created a plain group, not a community, so it cannot take subgroups.';

function plainGroupWarning(jid: string): string {
	return (
		`WhatsApp refused to make this a community, so RyzeAPI created a plain group (${jid}) instead: it has no ` +
		'Announcements group and cannot take subgroups. Delete or reuse it in WhatsApp, and try creating the community again.'
	);
}

/** One item for the new community, with the groups linked and failed, and any fallback said plainly. */
async function outputCreate(
	context: IExecuteSingleFunctions,
	request: CreateRequest,
	body: JsonObject,
): Promise<INodeExecutionData[]> {
	const group = isJsonObject(body.group) ? body.group : {};
	const itemIndex = context.getItemIndex();
	if (typeof group.jid !== 'string' || group.jid === '') {
		throw new NodeOperationError(context.getNode(), `RyzeAPI's answer gives no JID for the new community (item ${itemIndex})`, {
			itemIndex,
			description: `Check in WhatsApp whether "${request.name}" was created before running the node again, or you may create it twice.`,
		});
	}
	const communityJid = normaliseGroupJid(group.jid);
	const isCommunity = (body.isCommunity ?? group.isCommunity) !== false;
	if (!isCommunity && context.getNodeParameter('options.errorOnPlainGroup', false) === true) {
		throw new NodeOperationError(
			context.getNode(),
			`RyzeAPI created a plain group, not a community: ${communityJid} (item ${itemIndex})`,
			{ itemIndex, description: plainGroupWarning(communityJid) },
		);
	}
	const outcome = isCommunity ? linkOutcome : { ...linkOutcome, noReason: NOT_LINKED_TO_PLAIN_GROUP };
	const results = groupResults(request.groupJids, { linked: body.linkedGroups, failed: body.failedGroups }, outcome);
	return [
		pairedItem(context, {
			instance: request.instance,
			communityJid,
			name: typeof group.name === 'string' ? group.name : request.name,
			isCommunity,
			linked: results.filter((result) => result.status === 'linked').map((result) => result.groupJid),
			failed: results
				.filter((result) => result.status === 'failed')
				.map(({ groupJid, reason }) => ({ groupJid, reason: reason ?? null })),
			...(typeof body.imageError === 'string' && body.imageError !== '' && { imageError: body.imageError }),
			...(!isCommunity && { warning: plainGroupWarning(communityJid) }),
		}),
	];
}

/** `POST /api/community/create/{instance}` with the checked name, options and groups. */
export const createOperation: Operation<CreateRequest> = {
	async prepare(context) {
		const request = readCreateRequest(context);
		return { request, send: { url: instancePath('/api/community/create', request.instance), body: request.body } };
	},
	output: outputCreate,
};
