/**
 * Properties of the one JID parser over generated inputs (fast-check): whatever arrives from a webhook, a sheet or
 * an AI agent, it never throws, only ever yields well-formed group JIDs, and is stable.
 */
import fc from 'fast-check';

import { parseGroupJid, parseGroupJidList } from '../../../../nodes/RyzeApi/shared/jid';

const RUNS = 10_000;
const GROUP_JID = /^\d+(-\d+)?@g\.us$/;

const digits = fc.stringMatching(/^\d{1,20}$/);
/** Group ids as users write them: bare, with @g.us, legacy, upper case, padded. */
const groupSpelling = fc
	.tuple(digits, fc.option(digits, { nil: undefined }), fc.constantFrom('', '@g.us', '@G.US', '@g.Us'), fc.constantFrom('', ' ', '\t', '\n '))
	.map(([id, legacy, server, pad]) => `${pad}${id}${legacy === undefined ? '' : `-${legacy}`}${server}${pad}`);
const notAGroup = fc.constantFrom('5511999999999@s.whatsapp.net', '123@lid', '120363@newsletter', 'status@broadcast', 'abc', '@g.us', '1@@g.us');
const anyValue = fc.oneof(
	groupSpelling,
	notAGroup,
	fc.string(),
	fc.string({ unit: 'grapheme', maxLength: 40 }),
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.integer(),
	fc.double(),
	fc.anything(),
);
const separator = fc.constantFrom(',', ', ', ';', ' ', '\n', '\r\n', '\t', ' ,\n ');

function isWellFormed(result: ReturnType<typeof parseGroupJid>): boolean {
	return 'jid' in result ? GROUP_JID.test(result.jid) : typeof result.problem === 'string' && result.problem.length > 0;
}

describe('parseGroupJid (property)', () => {
	it('never throws and returns a group JID or a problem, for any value', () => {
		fc.assert(
			fc.property(anyValue, (value) => isWellFormed(parseGroupJid(value))),
			{ numRuns: RUNS },
		);
	});

	it('reads every spelling of a group id as that group', () => {
		fc.assert(
			fc.property(groupSpelling, (value) => {
				const result = parseGroupJid(value);
				return 'jid' in result && result.jid === `${value.trim().toLowerCase().replace(/@g\.us$/, '')}@g.us`;
			}),
			{ numRuns: RUNS },
		);
	});

	it('is idempotent: a normalised JID reads as itself', () => {
		fc.assert(
			fc.property(anyValue, (value) => {
				const first = parseGroupJid(value);
				return !('jid' in first) || (parseGroupJid(first.jid) as { jid: string }).jid === first.jid;
			}),
			{ numRuns: RUNS },
		);
	});

	it('keeps a huge bad value out of its message', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 100_000, maxLength: 200_000 }), (value) => {
				const result = parseGroupJid(`x${value}`);
				return 'problem' in result && result.problem.length < 200;
			}),
			{ numRuns: 20 },
		);
	});
});

describe('parseGroupJidList (property)', () => {
	const mixedList = fc.array(fc.oneof(anyValue, fc.array(anyValue, { maxLength: 3 }), fc.array(fc.array(groupSpelling))), { maxLength: 12 });

	it('never throws, and yields only distinct group JIDs, for any list, nested lists or value', () => {
		fc.assert(
			fc.property(fc.oneof(mixedList, anyValue), (value) => {
				const { jids, problems } = parseGroupJidList(value);
				return jids.every((jid) => GROUP_JID.test(jid)) && new Set(jids).size === jids.length && problems.every((p) => p.length > 0);
			}),
			{ numRuns: RUNS },
		);
	});

	it('keeps the first occurrence of each group, in order, from text with any separators', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(groupSpelling, separator), { minLength: 1, maxLength: 60 }), (parts) => {
				const text = parts.map(([jid, sep]) => `${jid}${sep}`).join('');
				const expected = [...new Set(parts.map(([jid]) => (parseGroupJid(jid) as { jid: string }).jid))];
				const { jids, problems } = parseGroupJidList(text);
				return problems.length === 0 && JSON.stringify(jids) === JSON.stringify(expected);
			}),
			{ numRuns: RUNS },
		);
	});

	it('is idempotent: reading its own result, as a list or as text, gives the same list', () => {
		fc.assert(
			fc.property(mixedList, (value) => {
				const { jids } = parseGroupJidList(value);
				const again = JSON.stringify(parseGroupJidList(jids).jids);
				return again === JSON.stringify(jids) && JSON.stringify(parseGroupJidList(jids.join('\n')).jids) === JSON.stringify(jids);
			}),
			{ numRuns: RUNS },
		);
	});

	it('reports one problem per value that is not a group JID', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(groupSpelling, notAGroup), { maxLength: 20 }), (values) => {
				const invalid = values.filter((value) => 'problem' in parseGroupJid(value)).length;
				return parseGroupJidList(values).problems.length === invalid;
			}),
			{ numRuns: RUNS },
		);
	});
});
