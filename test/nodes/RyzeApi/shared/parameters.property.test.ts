/**
 * The node's checks over generated inputs, through n8n's real engine against the simulator: 10,000 generated
 * Group JIDs values (5 executions of 2,000 input items, each item its own value from an expression). Whatever
 * arrives, every item ends as output or as an error item naming the field, and no request ever carries a value
 * that is not a group JID.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { parseGroupJidList } from '../../../../nodes/RyzeApi/shared/jid';
import { DEMO } from '../../../../simulator';
import { runRyzeApi } from '../../../support/engine';
import { useSimulator } from '../../../support/simulator';

// No rate limit here: this is about inputs, not about spacing requests.
const harness = useSimulator({ rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 } });

const EXECUTIONS = 5;
const ITEMS_PER_EXECUTION = 2_000;
const GROUP_JID = /^\d+(-\d+)?@g\.us$/;
jest.setTimeout(120_000);

const digits = fc.stringMatching(/^\d{1,19}$/);
const token = fc.oneof(
	digits,
	digits.map((id) => `${id}@g.us`),
	fc.tuple(digits, digits).map(([phone, time]) => ` ${phone}-${time}@G.US `),
	fc.constantFrom(...DEMO.freeGroups, DEMO.communityJid, '5511999999999@s.whatsapp.net', '123@lid', 'x@newsletter', 'status@broadcast'),
	fc.string({ maxLength: 12 }),
	fc.string({ unit: 'grapheme', maxLength: 12 }),
);
/** What a webhook, a sheet or an AI agent may put in the field. */
const groupsValue = fc.oneof(
	fc.array(fc.tuple(token, fc.constantFrom(',', ' ', ';', '\n', ', ')), { maxLength: 8 }).map((parts) => parts.flat().join('')),
	fc.array(fc.oneof(token, fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.array(token, { maxLength: 3 }), fc.object()), {
		maxLength: 8,
	}),
	fc.array(digits.map((id) => `${id}@g.us`), { minLength: 45, maxLength: 60 }),
	token,
	fc.integer(),
	fc.constant(null),
	fc.object(),
	fc.string({ minLength: 1_000, maxLength: 5_000 }),
	fc.jsonValue(),
);

/** Items travel as JSON into n8n, as they do from a webhook. */
const itemsArbitrary = fc.array(groupsValue, { minLength: ITEMS_PER_EXECUTION, maxLength: ITEMS_PER_EXECUTION });

describe('the checks before sending (property, through the engine)', () => {
	it(`keeps all ${EXECUTIONS * ITEMS_PER_EXECUTION} generated items and sends only group JIDs`, async () => {
		const samples = fc.sample(itemsArbitrary, { numRuns: EXECUTIONS, seed: 4711 });

		for (const values of samples) {
			harness.sim.reset();
			const items = values.map((groups) => ({ groups: JSON.parse(JSON.stringify(groups ?? null)) as IDataObject['groups'] }));

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
			expect(output.map((item) => (item.pairedItem as { item: number }).item)).toEqual(items.map((_, index) => index));
			const refused = output.filter((item) => item.json.error);
			for (const item of refused) expect(item.json.error).toMatch(/^Group JIDs on item \d+: /);

			// Only the accepted items were sent, and only as distinct group JIDs, at most 50, never the community.
			expect(harness.sim.requests).toHaveLength(items.length - refused.length);
			for (const request of harness.sim.requests) {
				const { groupJid } = request.body as { groupJid: string[] };
				expect(groupJid.length).toBeGreaterThan(0);
				expect(groupJid.length).toBeLessThanOrEqual(50);
				expect(new Set(groupJid).size).toBe(groupJid.length);
				expect(groupJid.every((jid) => GROUP_JID.test(jid))).toBe(true);
				expect(groupJid).not.toContain(DEMO.communityJid);
			}

			// An item is refused exactly when the parser finds a problem, no group, too many, or the community.
			output.forEach((item, index) => {
				const { jids, problems } = parseGroupJidList(items[index].groups);
				const valid = problems.length === 0 && jids.length > 0 && jids.length <= 50 && !jids.includes(DEMO.communityJid);
				expect({ index, refused: Boolean(item.json.error) }).toEqual({ index, refused: !valid });
			});
		}
	});
});
