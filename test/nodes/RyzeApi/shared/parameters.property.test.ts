/**
 * Group JIDs through n8n's real engine against the simulator, over generated items whose expected outcome is known
 * from how they were generated, not from the parser under test: each item is built from entries that are valid
 * groups (with the JID they stand for) or invalid values, written the ways a webhook, a sheet or an AI agent writes
 * them. Every item then ends as exactly the request it should make (distinct JIDs, in order) or as an error item
 * naming the field, and nothing else is sent.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { DEMO } from '../../../../simulator';
import { runRyzeApi } from '../../../support/engine';
import { useSimulator } from '../../../support/simulator';

// No rate limit here: this is about inputs, not about spacing requests.
const harness = useSimulator({ rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 } });

const EXECUTIONS = 3;
const ITEMS_PER_EXECUTION = 400;
const COMMUNITY_ID = DEMO.communityJid.replace('@g.us', '');
jest.setTimeout(60_000);

/** One entry of the field: what it is written as, and the group JID it stands for (none when it is not a group). */
interface Entry {
	written: unknown;
	jid?: string;
}

const id = fc.stringMatching(/^[1-9]\d{5,17}$/);
/** A group written as users write them: bare digits, @g.us in any case, legacy `phone-time`, padded. */
const group: fc.Arbitrary<Entry> = fc
	.tuple(
		fc.oneof(id, fc.tuple(id, id).map(([phone, time]) => `${phone}-${time}`)),
		fc.constantFrom('', '@g.us', '@G.US', '@g.Us'),
		fc.constantFrom('', ' ', '\t'),
	)
	.map(([digits, server, pad]) => ({ written: `${pad}${digits}${server}${pad}`, jid: `${digits}@g.us` }));
/** A few groups from a small pool, so that the same group comes back written differently (a duplicate). */
const pooledGroup = fc.constantFrom(...DEMO.freeGroups).chain((jid) =>
	fc.constantFrom(jid, jid.toUpperCase(), ` ${jid.replace('@g.us', '')} `).map((written) => ({ written, jid })),
);
const notAGroup: fc.Arbitrary<Entry> = fc
	.oneof(
		fc.constantFrom('5511999999999@s.whatsapp.net', '5511999999999@c.us', '123456@lid', '120363000000000000@newsletter', 'status@broadcast'),
		fc.constantFrom('family', 'my group', '@g.us', '1@@g.us', '12-34-56@g.us', '120363406289005073@g.us@g.us'),
		// Group ids do not fit in a JavaScript number exactly: a number that large is refused, not rounded.
		fc.constantFrom(120363406289005073, -5, 1.5),
		fc.constantFrom(true, { jid: '120363406289005073@g.us' }),
	)
	.map((written) => ({ written }));
/** RyzeAPI's community itself, which cannot be one of its own subgroups. */
const community: fc.Arbitrary<Entry> = fc.constantFrom(COMMUNITY_ID, DEMO.communityJid.toUpperCase()).map((written) => ({ written, jid: DEMO.communityJid }));

const entries = fc.oneof(
	{ weight: 6, arbitrary: fc.array(fc.oneof(group, pooledGroup), { maxLength: 6 }) },
	{ weight: 2, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: group }, notAGroup, community), { minLength: 1, maxLength: 5 }) },
	// Around RyzeAPI's 50-subgroup limit, counted after duplicates are dropped.
	{ weight: 1, arbitrary: fc.array(group, { minLength: 48, maxLength: 53 }) },
);

/** The field's value as it arrives: a list, one string with separators, a JSON list pasted as text, or nested lists. */
const fieldValue = (list: Entry[]): fc.Arbitrary<unknown> => {
	const written = list.map((entry) => entry.written);
	const texts = written.every((value) => typeof value === 'string') ? (written as string[]) : undefined;
	return fc.oneof(
		fc.constant(written),
		fc.constant([written.slice(0, 2), written.slice(2)]),
		...(texts ? [fc.constantFrom(', ', '\n', ' ; ', ' ').map((separator) => texts.join(separator)), fc.constant(JSON.stringify(texts))] : []),
	);
};

const item = entries.chain((list) => fieldValue(list).map((value) => ({ list, value })));

/** What the node must do with an item: refuse it, or send exactly these JIDs. Written from the generator's truth. */
function expectedOutcome(list: Entry[]): { refused: true } | { refused: false; groupJid: string[] } {
	if (list.some((entry) => entry.jid === undefined)) return { refused: true };
	const distinct = [...new Set(list.map((entry) => entry.jid as string))];
	if (distinct.length === 0 || distinct.length > 50 || distinct.includes(DEMO.communityJid)) return { refused: true };
	return { refused: false, groupJid: distinct };
}

describe('Group JIDs through the engine (property)', () => {
	it(`sends exactly the groups each of ${EXECUTIONS * ITEMS_PER_EXECUTION} generated items stands for, or refuses the item`, async () => {
		const samples = fc.sample(fc.array(item, { minLength: ITEMS_PER_EXECUTION, maxLength: ITEMS_PER_EXECUTION }), { numRuns: EXECUTIONS, seed: 4711 });

		for (const generated of samples) {
			harness.sim.reset();
			// Items travel as JSON into n8n, as they do from a webhook.
			const items = generated.map(({ value }) => ({ groups: JSON.parse(JSON.stringify(value)) as IDataObject['groups'] }));

			const { items: output, error } = await runRyzeApi({
				credentials: { token: DEMO.accountToken, baseUrl: harness.sim.url },
				continueOnFail: true,
				items,
				parameters: {
					resource: 'community',
					operation: 'linkGroups',
					instance: { __rl: true, mode: 'name', value: 'main' },
					communityJid: DEMO.communityJid,
					groupJids: '={{ $json.groups }}',
					output: 'summary',
				},
			});

			expect(error).toBeUndefined();
			// Every input item ends as exactly one summary item or one error item, paired with it.
			expect(output.map((out) => (out.pairedItem as { item: number }).item)).toEqual(items.map((_, index) => index));
			const sent = new Map(harness.sim.requests.map((request) => [JSON.stringify((request.body as { groupJid: string[] }).groupJid), request]));
			output.forEach((out, index) => {
				const expected = expectedOutcome(generated[index].list);
				if (expected.refused) {
					expect({ index, value: items[index].groups, error: out.json.error }).toEqual({
						index,
						value: items[index].groups,
						error: expect.stringMatching(new RegExp(`^Group JIDs on item ${index}: `)),
					});
				} else {
					expect({ index, value: items[index].groups, error: out.json.error, sent: sent.has(JSON.stringify(expected.groupJid)) }).toEqual({
						index,
						value: items[index].groups,
						error: undefined,
						sent: true,
					});
				}
			});
			// Nothing else was sent.
			expect(harness.sim.requests).toHaveLength(generated.filter(({ list }) => !expectedOutcome(list).refused).length);
		}
	});
});
