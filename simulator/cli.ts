/**
 * Runs the simulator with the demo seed until Ctrl-C: `npm run simulator`.
 * Env: RYZE_SIM_HOST (127.0.0.1), RYZE_SIM_PORT (3999), RYZE_SIM_LINK_DELAY_MS (1000), RYZE_SIM_PROPAGATION_DELAY_MS (2000).
 */
import { DEMO, startSimulator } from './index';

function envNumber(name: string): number | undefined {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return undefined;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
	return value;
}

async function main(): Promise<void> {
	const sim = await startSimulator({
		host: process.env.RYZE_SIM_HOST || undefined,
		port: envNumber('RYZE_SIM_PORT') ?? 3999,
		linkDelayMs: envNumber('RYZE_SIM_LINK_DELAY_MS'),
		propagationDelayMs: envNumber('RYZE_SIM_PROPAGATION_DELAY_MS'),
	});
	const lines = [
		`RyzeAPI simulator listening on ${sim.url}`,
		`  link delay ${sim.options.linkDelayMs} ms, propagation delay ${sim.options.propagationDelayMs} ms`,
		`  account token: ${DEMO.accountToken}`,
		...Object.values(DEMO.instances).map((instance) => `  instance "${instance.name}" (${instance.state}): token ${instance.token}`),
		`  demo community: ${DEMO.communityJid}; free groups: ${DEMO.freeGroups.join(', ')}`,
		`Try: curl -H 'token: ${DEMO.accountToken}' ${sim.url}/api/instance/list`,
		'Ctrl-C to stop.',
	];
	console.log(lines.join('\n'));
	const stop = (): void => {
		sim.close().then(
			() => {
				console.log('Simulator closed.');
				process.exit(0);
			},
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
