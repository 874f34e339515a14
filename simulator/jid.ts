/**
 * The SERVER's JID parser, modelled on the lenient one in the WhatsApp library RyzeAPI embeds.
 * It is deliberately NOT the node's strict parser: odd strings (no `@`, a person JID) get through here
 * and only fail later, one group at a time, inside `failed`.
 */
export class JidParseError extends Error {}

/** Returns the canonical `user@server` form (or just `server` for a string without `@`). */
export function parseLenientJid(raw: string): string {
	const trimmed = raw.trim();
	if (trimmed === '') throw new JidParseError('empty JID');
	const parts = trimmed.split('@');
	if (parts.length > 2) throw new JidParseError(`unexpected number of @ in JID: ${parts.length - 1}`);
	// A string without `@` is read as a server-only JID, exactly like the library does.
	return parts.length === 1 ? parts[0] : `${parts[0]}@${parts[1]}`;
}
