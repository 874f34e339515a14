import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { groupListing, isPlainGroup } from '../shared/groupDirectory';
import { requestSubgroups } from '../resources/community/listSubgroups';
import { chosenCommunityJid, pickerCommunityJid, pickerInstance } from './pickerParameters';

/**
 * Link Groups' picker: the number's groups by name (JIDs stored), from the group list kept for a minute
 * (groupDirectory.ts). Communities and Announcements groups are left out where RyzeAPI's list tells them apart; a
 * group already in a community says so, and which one when the list names it.
 */
export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const listing = await groupListing(this, pickerInstance(this));
	const names = new Map(listing.groups.map((group) => [group.jid, group.name]));
	const chosen = chosenCommunityJid(this);
	return listing.groups
		.filter(isPlainGroup)
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((group) => {
			const where =
				group.communityJid === undefined
					? ''
					: group.communityJid === chosen
						? ' (already in this community)'
						: ` (in ${names.get(group.communityJid) ? `community ${names.get(group.communityJid)}` : 'another community'})`;
			return { name: `${group.name || group.jid}${where}`, value: group.jid, description: group.jid };
		});
}

/**
 * Unlink Groups' picker: the chosen community's subgroups (List Subgroups, those the connected number is in), by
 * name. The Announcements group is not offered: it can never be unlinked.
 */
export async function getSubgroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const request = { instance: pickerInstance(this), communityJid: pickerCommunityJid(this) };
	const subgroups = await requestSubgroups(this, request);
	return subgroups
		.filter((subgroup) => !subgroup.isDefaultSubGroup)
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((subgroup) => ({ name: subgroup.name || subgroup.jid, value: subgroup.jid, description: subgroup.jid }));
}
