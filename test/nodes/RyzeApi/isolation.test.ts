/**
 * No state between executions: two executions with different credentials, run concurrently in one process (as
 * n8n does, and as each worker does in queue mode), each see only their own token, instance and results.
 */
import { DEMO } from '../../../simulator';
import { runRyzeApi, type RunResult } from '../../support/engine';
import { useSimulator } from '../../support/simulator';

const harness = useSimulator();

interface Account {
	token: string;
	instance: string;
	communityJid: string;
	groups: readonly string[];
}

const main: Account = { token: DEMO.instances.main.token, instance: 'main', communityJid: DEMO.communityJid, groups: DEMO.freeGroups };
const sales: Account = {
	token: DEMO.instances.salesTeam.token,
	instance: 'sales team',
	communityJid: DEMO.sales.communityJid,
	groups: DEMO.sales.freeGroups,
};

function linkAll(account: Account): Promise<RunResult> {
	return runRyzeApi({
		credentials: { token: account.token, baseUrl: harness.sim.url },
		items: account.groups.map((group) => ({ group })),
		parameters: {
			resource: 'community',
			operation: 'linkGroups',
			instance: { __rl: true, mode: 'name', value: account.instance },
			communityJid: account.communityJid,
			groupJids: '={{ $json.group }}',
		},
	});
}

describe('concurrent executions', () => {
	it('never see each other’s token, instance or results', async () => {
		const [mainRun, salesRun] = await Promise.all([linkAll(main), linkAll(sales)]);

		for (const [run, account, other] of [
			[mainRun, main, sales],
			[salesRun, sales, main],
		] as const) {
			expect(run.error).toBeUndefined();
			expect(run.items.map((item) => [item.json.instance, item.json.communityJid, item.json.groupJid, item.json.status])).toEqual(
				account.groups.map((group) => [account.instance, account.communityJid, group, 'linked']),
			);
			const runText = JSON.stringify(run.run);
			expect(runText).not.toContain(account.token);
			expect(runText).not.toContain(other.token);
			expect(runText).not.toContain(other.communityJid);
		}
		// Each request went out with the token of its own execution.
		for (const request of harness.sim.requests) {
			const account = request.path === '/api/community/link/main' ? main : sales;
			expect(request.headers.token).toBe(account.token);
		}
		expect(harness.sim.requests).toHaveLength(main.groups.length + sales.groups.length);
	});
});
