import type { IDataObject } from 'n8n-workflow';

import type { DirectoryGroup } from '../../shared/groupDirectory';
import { carriedFields } from '../../shared/output';

/** Where RyzeAPI may put the community flag and the parent community (its names for them are not documented). */
const RENAMED = ['jid', 'isCommunity', 'isParent', 'linkedParent', 'communityJid'];

/**
 * A group as Group → Get and Get Many output it: what RyzeAPI's entry carries, with the group's JID, whether it is a
 * community and the community it belongs to under the node's own names (groupJid, isCommunity, communityJid),
 * whichever names RyzeAPI used; the flags only where RyzeAPI tells them.
 */
export function groupItemJson(instance: string, group: DirectoryGroup): IDataObject {
	return {
		instance,
		groupJid: group.jid,
		...carriedFields(group.entry, RENAMED),
		...(group.isCommunity !== undefined && { isCommunity: group.isCommunity }),
		...(group.communityJid !== undefined && { communityJid: group.communityJid }),
	};
}
