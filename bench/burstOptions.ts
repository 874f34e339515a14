/**
 * The flags of `npm run bench:burst -- <flags>` (bench/burst.ts says what each run does). Every flag takes its value
 * as `--flag=value` or `--flag value`; with no flags, the run BENCHMARKS.md's Burst section was made with.
 */
import type { BurstGroups } from '../e2e/lib/queue';

export type Workload = 'webhook' | 'trigger';
export type Setup = 'regular' | 'regular-limit' | 'queue';
/** Webhook variants: how the webhook answers (`when-done`, `at-once`) and the two earlier comparisons. */
export type VariantName = 'when-done' | 'at-once' | 'no-wait' | 'by-name';

export interface BurstOptions {
	workload: Workload;
	/** Webhook calls, or trigger deliveries. */
	calls: number;
	/** Groups per webhook call (a trigger delivery always carries one group). */
	groups: BurstGroups;
	setup: Setup;
	/** N8N_CONCURRENCY_PRODUCTION_LIMIT for `regular-limit`. */
	limit: number;
	/** Queue mode's workers. */
	workers: number;
	/** n8n's database: PostgreSQL, or n8n's default SQLite (regular mode only). */
	db: 'postgres' | 'sqlite';
	/** Webhook variants, run one after the other against the same n8n, each with a fresh simulator. */
	variants: VariantName[];
	/** Merged into every Link Groups node's options, e.g. `{"maxRateLimitWait": 600}` or `{"verify": false}`. */
	linkOptions: Record<string, unknown>;
	/** The trigger's Options → Answer RyzeAPI: n8n's own answer once the execution starts, or the node's at once. */
	triggerAnswer: 'whenStarted' | 'atOnce';
	/** A run stops waiting (for answers, executions, links) after this long and reports what it has. */
	maxMinutes: number;
}

export const USAGE = `npm run bench:burst -- [flags]
  --workload webhook|trigger   webhook calls (default), or RyzeAPI group.flow deliveries to the trigger example
  --calls N                    calls or deliveries (default 150 webhook calls, 300 deliveries)
  --groups one-or-two|one      groups per webhook call (default one-or-two: 1 for even calls, 2 for odd ones)
  --setup queue|regular|regular-limit
                               queue: main + workers, Redis, PostgreSQL (default); regular: one n8n process as
                               installed (no concurrency limit), PostgreSQL; regular-limit: the same with
                               N8N_CONCURRENCY_PRODUCTION_LIMIT=--limit
  --limit N                    the production concurrency limit of regular-limit (default 20)
  --workers N                  queue mode's workers (default 2, each at n8n's default concurrency of 10)
  --db postgres|sqlite         n8n's database (default postgres; sqlite, n8n's own default, for regular setups)
  --variants a,b,...           webhook variants, in order (default when-done,no-wait,by-name):
                                 when-done  the shipped examples/webhook-link-groups.json (answers with the result)
                                 at-once    the same answering 202 at once (the work goes on; a failure fails the
                                            execution, where n8n's Error Workflow would tell)
                                 no-wait    when-done with maxRateLimitWait 0 (the node before it waited)
                                 by-name    when-done with Link Groups v2 by community and group names
  --link-options JSON          merged into every Link Groups node's options (default {})
  --trigger-answer whenStarted|atOnce
                               the trigger's Options → Answer RyzeAPI (default whenStarted, as shipped)
  --max-minutes N              stop waiting after N minutes and report what was done (default 40)`;

const DEFAULT_VARIANTS: VariantName[] = ['when-done', 'no-wait', 'by-name'];
const VARIANT_NAMES: VariantName[] = ['when-done', 'at-once', 'no-wait', 'by-name'];

export function parseBurstOptions(argv: string[]): BurstOptions {
	const values = new Map<string, string>();
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		if (arg === '--help' || arg === '-h') throw new UsageError('');
		const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
		if (!match) throw new UsageError(`unexpected argument "${arg}"`);
		const [, name, inline] = match;
		const value = inline ?? argv[++index];
		if (value === undefined) throw new UsageError(`--${name} needs a value`);
		values.set(name, value);
	}
	const known = ['workload', 'calls', 'groups', 'setup', 'limit', 'workers', 'db', 'variants', 'link-options', 'trigger-answer', 'max-minutes'];
	const unknown = [...values.keys()].find((name) => !known.includes(name));
	if (unknown) throw new UsageError(`unknown flag --${unknown}`);

	const workload = oneOf(values.get('workload') ?? 'webhook', ['webhook', 'trigger'], 'workload');
	const setup = oneOf(values.get('setup') ?? 'queue', ['queue', 'regular', 'regular-limit'], 'setup');
	const groupsFlag = oneOf(values.get('groups') ?? 'one-or-two', ['one-or-two', 'one'], 'groups');
	const variants = (values.get('variants') ?? DEFAULT_VARIANTS.join(',')).split(',').map((name) => oneOf(name.trim(), VARIANT_NAMES, 'variants'));
	if (workload === 'trigger' && values.has('variants')) throw new UsageError('--variants is for the webhook workload only');
	if (workload === 'trigger' && values.has('groups')) throw new UsageError('a trigger delivery carries one group: --groups is for the webhook workload');
	if (workload !== 'trigger' && values.has('trigger-answer')) throw new UsageError('--trigger-answer is for the trigger workload only');
	const triggerAnswer = oneOf(values.get('trigger-answer') ?? 'whenStarted', ['whenStarted', 'atOnce'], 'trigger-answer');
	if (setup !== 'regular-limit' && values.has('limit')) throw new UsageError('--limit is for --setup regular-limit');
	if (setup !== 'queue' && values.has('workers')) throw new UsageError('--workers is for --setup queue');
	const db = oneOf(values.get('db') ?? 'postgres', ['postgres', 'sqlite'], 'db');
	if (setup === 'queue' && db === 'sqlite') throw new UsageError('queue mode needs PostgreSQL: --db sqlite is for the regular setups');
	let linkOptions: unknown;
	try {
		linkOptions = JSON.parse(values.get('link-options') ?? '{}');
	} catch {
		throw new UsageError('--link-options must be a JSON object');
	}
	if (typeof linkOptions !== 'object' || linkOptions === null || Array.isArray(linkOptions)) throw new UsageError('--link-options must be a JSON object');
	return {
		workload,
		calls: positive(values.get('calls') ?? (workload === 'trigger' ? '300' : '150'), 'calls'),
		groups: workload === 'trigger' || groupsFlag === 'one' ? 'one' : 'oneOrTwo',
		setup,
		limit: positive(values.get('limit') ?? '20', 'limit'),
		workers: positive(values.get('workers') ?? '2', 'workers'),
		db,
		variants: workload === 'trigger' ? [] : variants,
		linkOptions: linkOptions as Record<string, unknown>,
		triggerAnswer,
		maxMinutes: positive(values.get('max-minutes') ?? '40', 'max-minutes'),
	};
}

/** The flags that reproduce these options (defaults left out), for the figures' header. */
export function describeFlags(options: BurstOptions): string {
	const flags: string[] = [];
	if (options.workload !== 'webhook') flags.push(`--workload ${options.workload}`);
	if (options.calls !== (options.workload === 'trigger' ? 300 : 150)) flags.push(`--calls ${options.calls}`);
	if (options.workload === 'webhook' && options.groups === 'one') flags.push('--groups one');
	if (options.setup !== 'queue') flags.push(`--setup ${options.setup}`);
	if (options.setup === 'regular-limit' && options.limit !== 20) flags.push(`--limit ${options.limit}`);
	if (options.setup === 'queue' && options.workers !== 2) flags.push(`--workers ${options.workers}`);
	if (options.db !== 'postgres') flags.push(`--db ${options.db}`);
	if (options.workload === 'webhook' && options.variants.join(',') !== DEFAULT_VARIANTS.join(',')) flags.push(`--variants ${options.variants.join(',')}`);
	if (Object.keys(options.linkOptions).length > 0) flags.push(`--link-options '${JSON.stringify(options.linkOptions)}'`);
	if (options.triggerAnswer !== 'whenStarted') flags.push(`--trigger-answer ${options.triggerAnswer}`);
	if (options.maxMinutes !== 40) flags.push(`--max-minutes ${options.maxMinutes}`);
	return `npm run bench:burst${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`;
}

export class UsageError extends Error {}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
	if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
	return value as T;
}

function positive(value: string, flag: string): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${flag} must be a whole number of at least 1; got "${value}"`);
	return number;
}
