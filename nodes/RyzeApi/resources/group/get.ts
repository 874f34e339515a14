import type { IExecuteSingleFunctions, INodeProperties, JsonObject } from 'n8n-workflow';

import { maxRateLimitWaitOption } from '../../shared/descriptions';
import { isJsonObject } from '../../shared/errors';
import { parseGroupJid, quote } from '../../shared/jid';
import { directoryGroupOf } from '../../shared/groupDirectory';
import { carriedFields, pairedItem } from '../../shared/output';
import { instancePath, invalidParameter, readInstance, readLocator } from '../../shared/parameters';
import type { Operation } from '../../shared/runOperation';
import { groupItemJson } from './groupItem';

const showForGet = { show: { resource: ['group'], operation: ['get'] } };
const INVITE_LINK = /^https?:\/\/chat\.whatsapp\.com\/(?:invite\/)?([A-Za-z0-9]{6,40})\/?$/i;
const INVITE_CODE = /^[A-Za-z0-9]{6,40}$/;

/** Group → Get's fields; Instance is in the resource's index.ts. */
export const getDescription: INodeProperties[] = [
	{
		displayName: 'Group',
		name: 'group',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The group: pick it from the list (search by name), or give its JID, invite link or invite code',
		displayOptions: showForGet,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a group…',
				typeOptions: { searchListMethod: 'searchGroups', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 120363406289005073@g.us',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*\\d+(-\\d+)?(@[gG]\\.[uU][sS])?\\s*$', errorMessage: 'Not a group JID: it looks like 120363406289005073@g.us' },
					},
				],
			},
			{
				displayName: 'By Invite Link',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv',
				validation: [
					{
						type: 'regex',
						properties: { regex: INVITE_LINK.source, errorMessage: 'Not a WhatsApp invite link: it looks like https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv' },
					},
				],
			},
			{
				displayName: 'By Invite Code',
				name: 'code',
				type: 'string',
				placeholder: 'e.g. AbCdEfGhIjKlMnOpQrStUv',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showForGet,
		options: [maxRateLimitWaitOption],
	},
];

interface GetRequest {
	instance: string;
	identifier: string;
}

/** What RyzeAPI takes as `identifier`: a group JID, an invite link or an invite code, checked for its form. */
function readIdentifier(context: IExecuteSingleFunctions): string {
	const { mode, value } = readLocator(context, 'group');
	const text = typeof value === 'string' ? value.trim() : '';
	if (mode === 'url' || mode === 'code') {
		const pattern = mode === 'url' ? INVITE_LINK : INVITE_CODE;
		if (pattern.test(text)) return text;
		const what = mode === 'url' ? 'an invite link such as https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv' : 'an invite code such as AbCdEfGhIjKlMnOpQrStUv';
		throw invalidParameter(context, 'Group', text === '' ? 'it is empty' : `${quote(value)} is not ${what}`, 'Give the link or code as WhatsApp shows it, or pick the group from the list.');
	}
	const result = parseGroupJid(value);
	if ('problem' in result) throw invalidParameter(context, 'Group', result.problem, 'Pick the group from the list, or give its JID, invite link or invite code.');
	return result.jid;
}

/** `GET /api/group/info/{instance}?identifier=`: one item with the group's details. */
export const getOperation: Operation<GetRequest> = {
	async prepare(context) {
		const request = { instance: readInstance(context), identifier: readIdentifier(context) };
		return { request, send: { url: instancePath('/api/group/info', request.instance), qs: { identifier: request.identifier } } };
	},
	async output(context, { instance }, answer) {
		// Whether RyzeAPI wraps the group (under `group` or `data`) is not documented: all are read.
		const group = isJsonObject(answer.group) ? answer.group : isJsonObject(answer.data) ? answer.data : answer;
		// The envelope's success and message say nothing about the group.
		const entry = carriedFields(group, ['success', 'message']) as JsonObject;
		return [pairedItem(context, groupItemJson(instance, directoryGroupOf(entry)))];
	},
};
