import { NodeOperationError, type IDataObject, type IExecuteSingleFunctions, type INodeProperties, type JsonObject } from 'n8n-workflow';

import { communityField, maxRateLimitWaitOption } from '../../shared/descriptions';
import { isJsonObject } from '../../shared/errors';
import { addToGroupListing } from '../../shared/groupDirectory';
import { readCommunity, type Community } from '../../shared/groupSelection';
import { normaliseGroupJid, parsePhone, parsePhoneList } from '../../shared/jid';
import { pairedItem } from '../../shared/output';
import { instancePath, invalidParameter, readImage, readInstance, readNewName } from '../../shared/parameters';
import type { RateLimitWaits } from '../../shared/rateLimitWaits';
import type { Operation } from '../../shared/runOperation';

/** WhatsApp's limit for a group name, in characters. */
const MAX_NAME_LENGTH = 100;

const showForCreate = { show: { resource: ['group'], operation: ['create'] } };

/** RyzeAPI's `groupSettings`, each an option of its own; only those set are sent (WhatsApp's defaults otherwise). */
const GROUP_SETTINGS: INodeProperties[] = [
	{
		displayName: 'Members Can Add Others',
		name: 'membersCanAddOthers',
		type: 'boolean',
		default: false,
		description: 'Whether every member may add people to the group (off: only admins)',
	},
	{
		displayName: 'Members Can Edit Group Info',
		name: 'membersCanEditInfo',
		type: 'boolean',
		default: true,
		description: "Whether every member may change the group's name, description and picture (off: only admins)",
	},
	{
		displayName: 'Members Can Send Messages',
		name: 'membersCanSendMessages',
		type: 'boolean',
		default: true,
		description: 'Whether every member may send messages (off: only admins, as in an announcements group)',
	},
	{
		displayName: 'Require Admin Approval to Join',
		name: 'requireAdminApproval',
		type: 'boolean',
		default: false,
		description: "Whether people joining by the invite link wait for an admin's approval",
	},
];

/** Group → Create's fields; Instance is in the resource's index.ts. */
export const createDescription: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Acme Ltd - support',
		description: `The new group's name: plain text, at most ${MAX_NAME_LENGTH} characters`,
		displayOptions: showForCreate,
	},
	{
		displayName: 'Participants',
		name: 'participants',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. +55 11 99999-9999, 5521988888888',
		description:
			'The people the group starts with, besides the connected number (its admin): phone numbers with country code, or WhatsApp IDs such as 5511999999999@s.whatsapp.net, separated by commas, semicolons or new lines, or an expression that returns a list. WhatsApp may keep out people whose privacy settings only let their contacts add them: the output lists them, and the invite link reaches them.',
		displayOptions: showForCreate,
	},
	{
		...communityField,
		required: false,
		description:
			'A community to create the group in: it is born as one of its subgroups, in the same request. Leave empty for a group in no community. Pick it from the list, give its JID, or its name.',
		displayOptions: showForCreate,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showForCreate,
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: "The group's description, plain text shown to its members",
			},
			{
				displayName: 'Image',
				name: 'image',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/logo.png',
				description: "The group's picture: an http(s) URL to the image, or the image itself as base64 (a data:image/png;base64, prefix is fine)",
			},
			maxRateLimitWaitOption,
			...GROUP_SETTINGS,
		],
	},
];

interface CreateGroupRequest {
	instance: string;
	name: string;
	participants: string[];
	community?: Community;
	body: IDataObject;
}

function readParticipants(context: IExecuteSingleFunctions): string[] {
	const { phones, problems } = parsePhoneList(context.getNodeParameter('participants', ''));
	if (problems.length > 0) {
		const more = problems.length > 1 ? ` (and ${problems.length - 1} more invalid value(s))` : '';
		throw invalidParameter(
			context,
			'Participants',
			`${problems[0]}${more}`,
			'Give phone numbers with country code, e.g. +55 11 99999-9999 or 5511999999999, or WhatsApp IDs such as 5511999999999@s.whatsapp.net, separated by commas, semicolons or new lines.',
		);
	}
	return phones;
}

function readGroupSettings(options: IDataObject): IDataObject | undefined {
	const settings = Object.fromEntries(GROUP_SETTINGS.filter(({ name }) => typeof options[name] === 'boolean').map(({ name }) => [name, options[name]]));
	return Object.keys(settings).length > 0 ? settings : undefined;
}

async function readCreateGroupRequest(context: IExecuteSingleFunctions, waits: RateLimitWaits): Promise<CreateGroupRequest> {
	const instance = readInstance(context);
	const name = readNewName(context, 'group', MAX_NAME_LENGTH);
	const participants = readParticipants(context);
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const image = readImage(context, options.image);
	const community = await readCommunity(context, instance, waits, { required: false });
	const groupSettings = readGroupSettings(options);
	const body: IDataObject = { name, participants };
	if (typeof options.description === 'string' && options.description.trim() !== '') body.description = options.description.trim();
	if (image !== undefined) body.image = image;
	if (community) body.communityJid = community.jid;
	if (groupSettings) body.groupSettings = groupSettings;
	return { instance, name, participants, community, body };
}

/** The phone number of a participant RyzeAPI lists (`{jid}` or a bare JID), to compare with those asked for. */
function participantPhone(entry: unknown): string | undefined {
	const result = parsePhone(isJsonObject(entry) ? entry.jid : entry);
	return 'phone' in result ? result.phone : undefined;
}

/** One item for the new group: its JID and invite link, and who WhatsApp added of the people asked for. */
async function outputCreateGroup(context: IExecuteSingleFunctions, request: CreateGroupRequest, answer: JsonObject) {
	// Whether RyzeAPI wraps the group under `group` is not documented: both are read.
	const group = isJsonObject(answer.group) ? answer.group : answer;
	const itemIndex = context.getItemIndex();
	if (typeof group.jid !== 'string' || group.jid === '') {
		throw new NodeOperationError(context.getNode(), `RyzeAPI's answer gives no JID for the new group (item ${itemIndex})`, {
			itemIndex,
			description: `Check in WhatsApp (or with Group → Get Many) whether "${request.name}" was created before running the node again, or you may create it twice.`,
		});
	}
	const groupJid = normaliseGroupJid(group.jid);
	const name = typeof group.name === 'string' ? group.name : request.name;
	await addToGroupListing(context, request.instance, { jid: groupJid, name, isCommunity: false, communityJid: request.community?.jid, entry: group });
	const inGroup = new Set((Array.isArray(group.participants) ? group.participants : []).map(participantPhone));
	const notAdded = request.participants.filter((phone) => !inGroup.has(phone));
	return [
		pairedItem(context, {
			instance: request.instance,
			groupJid,
			name,
			inviteLink: typeof group.inviteLink === 'string' ? group.inviteLink : null,
			inviteCode: typeof group.inviteCode === 'string' ? group.inviteCode : null,
			...(request.community && { communityJid: request.community.jid }),
			...(request.community?.name !== undefined && { communityName: request.community.name }),
			participantsRequested: request.participants,
			participantsAdded: request.participants.filter((phone) => inGroup.has(phone)),
			participantsNotAdded: notAdded,
			...(notAdded.length > 0 && {
				warning: `WhatsApp did not add ${notAdded.length} of the ${request.participants.length} people asked for, usually because their privacy settings let only their contacts add them to groups. Send them the invite link.`,
			}),
			...(isJsonObject(group.groupSettings) && { groupSettings: group.groupSettings }),
			...(typeof answer.imageError === 'string' && answer.imageError !== '' && { imageError: answer.imageError }),
		}),
	];
}

/** `POST /api/group/create/{instance}` with the checked name, participants, community and options. */
export const createGroupOperation: Operation<CreateGroupRequest> = {
	async prepare(context, waits) {
		const request = await readCreateGroupRequest(context, waits);
		return { request, send: { url: instancePath('/api/group/create', request.instance), body: request.body } };
	},
	output: outputCreateGroup,
};
