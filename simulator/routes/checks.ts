import { HttpError } from '../http';
import { JidParseError, parseLenientJid } from '../jid';
import type { NameLength } from '../options';

/** A name's length in characters: what a person sees (graphemes), or code points. */
export function nameLength(name: string, unit: NameLength): number {
	if (unit === 'codePoints') return [...name].length;
	return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(name)].length;
}

/** The simulator never downloads anything: it only checks that `image` looks like a URL or base64. */
export function imageProblem(image: string, of: 'community' | 'group'): string | undefined {
	if (/^https?:\/\/\S+$/i.test(image)) return undefined;
	const base64 = image.replace(/^data:image\/[\w.+-]+;base64,/i, '');
	if (base64.length > 0 && base64.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
	return `failed to set ${of} image: image is neither a URL nor base64 data`;
}

/** The lenient parser's JID, or the HTTP error `<prefix>: <reason>`. */
export function parseOrThrow(raw: string, status: number, prefix: string): string {
	try {
		return parseLenientJid(raw);
	} catch (error) {
		if (error instanceof JidParseError) throw new HttpError(status, `${prefix}: ${error.message}`);
		throw error;
	}
}
