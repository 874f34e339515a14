/**
 * Injected faults, each with and without Continue On Fail, through the real engine: a clear error naming the HTTP
 * status or the failure, the failing input item kept as an error item paired with it, the other items unaffected,
 * and the token nowhere in the run.
 */
import { DEMO, type Fault } from '../../../../simulator';
import { expectNoToken, operationRunner } from '../../../support/community';
import { useSimulator } from '../../../support/simulator';

const harness = useSimulator();
const linkGroups = operationRunner(harness, 'linkGroups', {
	communityJid: DEMO.communityJid,
	groupJids: '={{ $json.group }}',
	requestOptions: { timeout: 300 },
});

function linkEach(groups: readonly string[], continueOnFail: boolean) {
	return linkGroups({}, { continueOnFail, items: groups.map((group) => ({ group })) });
}

const PROXY_PAGE = `<html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(5000)}</body></html>`;

/** Each fault: the error's message, what its description must say, and the error item's details. */
const FAULTS: Array<[name: string, fault: Fault, message: string, description: RegExp, errorType: string, httpCode: number | null]> = [
	['500 with the error envelope', { kind: 'status', status: 500 }, 'Internal Server Error', /failed \(HTTP 500\)\. Try again in a moment/, 'ryzeApiError', 500],
	['503 with the error envelope', { kind: 'status', status: 503 }, 'Service Unavailable', /failed \(HTTP 503\)\. Try again in a moment/, 'ryzeApiError', 503],
	[
		'502 with a long HTML page from a proxy',
		{ kind: 'status', status: 502, body: PROXY_PAGE, contentType: 'text/html' },
		'RyzeAPI answered HTTP 502 with a body that is not JSON',
		// A short excerpt of the page, not all of it.
		/^RyzeAPI or a proxy .*<title>502 Bad Gateway<\/title>.{0,200}$/,
		'ryzeApiError',
		502,
	],
	['a 200 whose body is not JSON', { kind: 'notJson' }, 'RyzeAPI answered HTTP 200 with a body that is not JSON', /Check the Base URL.*OK - this body is not JSON/, 'ryzeApiError', 200],
	['a connection reset mid-response', { kind: 'reset' }, 'The connection to RyzeAPI was closed before its answer arrived', /^Check the Base URL/, 'unreachable', null],
	[
		'an answer slower than the timeout',
		{ kind: 'delay', ms: 1_500 },
		'RyzeAPI did not answer within the timeout (300 ms)',
		/some or all may be linked already/,
		'unreachable',
		null,
	],
];

describe.each(FAULTS)('fault: %s', (_name, fault, message, description, errorType, httpCode) => {
	it('without Continue On Fail, stops the node with a clear error', async () => {
		harness.sim.injectFault(fault);

		const result = await linkEach([DEMO.freeGroups[0]], false);

		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toMatch(description);
		expect(result.items).toEqual([]);
		expectNoToken(harness, result);
	});

	it('with Continue On Fail, keeps the failing item as a paired error item and the others go on', async () => {
		harness.sim.injectFault(fault, 1);
		const groups = DEMO.freeGroups.slice(0, 3);

		const result = await linkEach(groups, true);

		expect(result.error).toBeUndefined();
		const errorItems = result.items.filter((item) => item.json.error);
		expect(errorItems.map((item) => item.json)).toEqual([{ error: message, details: { description: expect.stringMatching(description), errorType, httpCode } }]);
		// Requests start together, so which item meets the fault is not fixed; every item ends paired, once.
		expect(result.items.map((item) => (item.pairedItem as { item: number }).item).sort()).toEqual([0, 1, 2]);
		const failedIndex = (errorItems[0].pairedItem as { item: number }).item;
		const others = result.items.filter((item) => !item.json.error);
		expect(others.map((item) => [item.json.groupJid, item.json.status])).toEqual(
			groups.filter((_, index) => index !== failedIndex).map((group) => [group, 'linked']),
		);
		expectNoToken(harness, result);
	});
});

describe('fault: a 200 whose failed array holds objects or unexpected types', () => {
	const oddAnswer: Fault = {
		kind: 'custom200',
		body: { success: false, message: 'Linked 0 of 1 groups to community', linked: 'oops', failed: [{ jid: DEMO.freeGroups[0], reason: { message: 'boom' } }, 7, null, ['x']] },
	};

	it.each([false, true])('is no error (Continue On Fail %s): the group is failed with the reason RyzeAPI gave', async (continueOnFail) => {
		harness.sim.injectFault(oddAnswer);

		const result = await linkEach([DEMO.freeGroups[0]], continueOnFail);

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.status, item.json.reason, item.pairedItem])).toEqual([['failed', 'boom', { item: 0 }]]);
		expectNoToken(harness, result);
	});
});
