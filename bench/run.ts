/**
 * `npm run bench`: the cost of the RyzeAPI node next to the plainest declarative node and n8n's HTTP Request node
 * making the same call, through n8n-core's real WorkflowExecute against the simulator. Prints figures; it is not a
 * test. BENCHMARKS.md says what is measured and why it is set up this way.
 */
import './env';

import os from 'node:os';
import { performance } from 'node:perf_hooks';

import { BenchEngine } from './engine';
import { collectGarbage, LiveHeapSampler, MB, median, peakRss, resetPeakRss, SocketSampler, socketsClosed } from './measure';
import { loadedWorkflowCopies } from './n8nNodesBase';
import { SimulatorProcess } from './remoteSimulator';
import { packedSize } from './tarball';
import { buildVariants, type Variant } from './variants';
import { benchItems, groupJid } from './world';

// BENCH_QUICK=1: a smoke run of the script itself (seconds; the figures mean nothing).
const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = QUICK ? [100, 300] : [1_000, 10_000];
/** Measured repetitions per size; each runs a, b and c once, in a rotating order. Medians are reported. */
const REPETITIONS: Record<number, number> = QUICK ? { 100: 2, 300: 2 } : { 1_000: 7, 10_000: 3 };
/** Untimed runs of every variant first: per-item time keeps falling for the first few thousand items (JIT). */
const WARM_UP = QUICK ? { runs: 1, items: 100 } : { runs: 3, items: 2_000 };

const TARGETS = { aOverB: 1.1, aOverC: 1.0, growthMb: 100, tarballKb: 50 };

interface Sample {
	/** Wall time per item: the node's executionTime as n8n records it, divided by N. */
	msPerItem: number;
	/** CPU time (user + system, all threads of this process) per item over the run. */
	cpuMsPerItem: number;
	/** Share of the run the event loop was busy: 1 means no idle time (no waiting on the simulator). */
	loopBusy: number;
	peakMb: number;
	growthMb: number;
	sockets: number;
}

async function measure(engine: BenchEngine, sim: SimulatorProcess, variant: Variant, count: number): Promise<Sample> {
	const items = benchItems(count);
	await socketsClosed();
	collectGarbage();
	const before = process.memoryUsage.rss();
	const exactPeak = resetPeakRss();
	const sockets = new SocketSampler();
	sockets.start();
	const cpu = process.cpuUsage();
	const loop = performance.eventLoopUtilization();
	const run = await engine.run(variant.node, items);
	const loopBusy = performance.eventLoopUtilization(loop).utilization;
	const cpuUsed = process.cpuUsage(cpu);
	const open = sockets.stop();
	const peak = exactPeak ? peakRss() : Math.max(before, process.memoryUsage.rss());
	await check(sim, variant, count, run.outputItems, run.error);
	return {
		msPerItem: run.nodeMs / count,
		cpuMsPerItem: (cpuUsed.user + cpuUsed.system) / 1000 / count,
		loopBusy,
		peakMb: peak / MB,
		growthMb: (peak - before) / MB,
		sockets: open,
	};
}

/** One more run, apart from the timed ones: the live heap's peak growth, without garbage awaiting collection. */
async function measureLiveHeap(engine: BenchEngine, sim: SimulatorProcess, variant: Variant, count: number): Promise<number> {
	const items = benchItems(count);
	await socketsClosed();
	collectGarbage();
	const before = process.memoryUsage().heapUsed;
	const sampler = new LiveHeapSampler();
	sampler.start();
	const run = await engine.run(variant.node, items);
	const peak = sampler.stop();
	await check(sim, variant, count, run.outputItems, run.error);
	return (peak - before) / MB;
}

/** Every variant must have made the same N calls, all answered 200, with the token, and returned N items. */
async function check(sim: SimulatorProcess, variant: Variant, count: number, outputItems: number, error?: string): Promise<void> {
	const tally = await sim.tally();
	const problems: string[] = [];
	if (error) problems.push(`error: ${error}`);
	if (outputItems !== count) problems.push(`${outputItems} output items`);
	if (tally.requests !== count || tally.statuses['200'] !== count) problems.push(`requests by status: ${JSON.stringify(tally.statuses)}`);
	if (tally.wellFormed !== count) problems.push(`${count - tally.wellFormed} requests without the token or the expected body`);
	if (tally.groups.length !== count || !tally.groups.includes(groupJid(count - 1))) problems.push(`${tally.groups.length} distinct groups sent`);
	if (problems.length > 0) throw new Error(`${variant.key} (${variant.label}), ${count} items: ${problems.join('; ')}`);
}

const fixed = (value: number, digits: number): string => value.toFixed(digits);
const thousands = (value: number): string => value.toLocaleString('en-US');
const row = (cells: string[], widths: number[]): string =>
	cells.map((cell, index) => (index < 2 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ');
const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');

async function main(): Promise<void> {
	const started = Date.now();
	console.log('RyzeAPI node benchmark (npm run bench)');
	console.log(
		`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${fixed(os.totalmem() / 1024 ** 3, 1)} GB RAM, Node ${process.version}, ${os.platform()} ${os.arch()}`,
	);
	const tarball = packedSize();
	const sim = await SimulatorProcess.start(Math.max(...SIZES, WARM_UP.items));
	try {
		const { variants, setup, nodesBaseVersion } = buildVariants(sim.url);
		const copies = loadedWorkflowCopies();
		if (copies.length !== 1) throw new Error(`expected one n8n-workflow in this process, found: ${copies.join(', ')}`);
		const engine = new BenchEngine(setup);
		const { info } = sim;
		console.log(
			`engine: n8n-core ${require('n8n-core/package.json').version} WorkflowExecute, n8n-workflow ${require('n8n-workflow/package.json').version} (one copy in the process), HTTP Request node from n8n-nodes-base ${nodesBaseVersion}`,
		);
		console.log(
			`simulator: child process at ${info.url}; link delay ${info.linkDelayMs} ms, propagation delay ${info.propagationDelayMs} ms, rate limit raised to ${info.rateLimit.limit} per ${info.rateLimit.windowMs / 1000} s (out of the way); no faults`,
		);
		console.log('answers: each item links its own group, which the seed already linked: HTTP 200 {success:false, linked:[], failed:[jid]}, every run alike');
		console.log('requests: as n8n sends them, all items of a run at once (no batching), one connection each');
		console.log(
			`runs: ${WARM_UP.runs} untimed x ${thousands(WARM_UP.items)} items, then ${SIZES.map((size) => `${REPETITIONS[size]} x ${thousands(size)}`).join(' and ')} items per variant, interleaved; medians; a full GC before each run`,
		);
		for (const variant of variants) console.log(`  (${variant.key}) ${variant.label}`);

		for (let run = 0; run < WARM_UP.runs; run += 1) {
			for (const variant of variants) await measure(engine, sim, variant, WARM_UP.items);
		}
		const samples = new Map<string, Sample[]>();
		for (const size of SIZES) {
			for (let repetition = 0; repetition < REPETITIONS[size]; repetition += 1) {
				// A rotating order, so that no variant always follows the same other one.
				const order = variants.map((_, index) => variants[(index + repetition) % variants.length]);
				for (const variant of order) {
					const key = `${variant.key}:${size}`;
					samples.set(key, [...(samples.get(key) ?? []), await measure(engine, sim, variant, size)]);
				}
			}
		}

		const largest = Math.max(...SIZES);
		const liveHeap = new Map<string, number>();
		for (const variant of variants) liveHeap.set(variant.key, await measureLiveHeap(engine, sim, variant, largest));

		const widths = [28, 6, 8, 13, 8, 9, 9, 10, 7];
		console.log('');
		console.log(row(['variant', 'items', 'ms/item', 'min-max', 'CPU ms', 'loop busy', 'peak RSS', 'RSS growth', 'sockets'], widths));
		const medians = new Map<string, Sample>();
		for (const size of SIZES) {
			for (const variant of variants) {
				const runs = samples.get(`${variant.key}:${size}`) ?? [];
				const of = (pick: (sample: Sample) => number): number => median(runs.map(pick));
				const times = runs.map((sample) => sample.msPerItem);
				const summary: Sample = {
					msPerItem: of((sample) => sample.msPerItem),
					cpuMsPerItem: of((sample) => sample.cpuMsPerItem),
					loopBusy: Math.min(...runs.map((sample) => sample.loopBusy)),
					peakMb: of((sample) => sample.peakMb),
					growthMb: of((sample) => sample.growthMb),
					sockets: Math.max(...runs.map((sample) => sample.sockets)),
				};
				medians.set(`${variant.key}:${size}`, summary);
				console.log(
					row(
						[
							`(${variant.key}) ${variant.label}`,
							thousands(size),
							fixed(summary.msPerItem, 3),
							`${fixed(Math.min(...times), 3)}-${fixed(Math.max(...times), 3)}`,
							fixed(summary.cpuMsPerItem, 3),
							`${fixed(summary.loopBusy * 100, 0)}%`,
							`${fixed(summary.peakMb, 0)} MB`,
							`${fixed(summary.growthMb, 0)} MB`,
							thousands(summary.sockets),
						],
						widths,
					),
				);
			}
		}
		console.log('(ms/item, CPU ms, peak RSS, RSS growth: medians; min-max: of ms/item; loop busy: lowest run; sockets: most open at once, sampled)');
		console.log('');
		console.log(`live heap, ${thousands(largest)} items (one more run each, a full GC every 200 ms): peak growth of the heap that is still in use`);
		for (const variant of variants) {
			const growth = liveHeap.get(variant.key) ?? Number.NaN;
			console.log(`  (${variant.key}) ${variant.label.padEnd(26)} ${fixed(growth, 0).padStart(4)} MB, ${fixed((growth * 1024) / largest, 1)} kB per item`);
		}

		console.log('');
		const at = (key: string, size: number): Sample => medians.get(`${key}:${size}`) as Sample;
		for (const size of SIZES) {
			const aOverB = at('a', size).msPerItem / at('b', size).msPerItem;
			const aOverC = at('a', size).msPerItem / at('c', size).msPerItem;
			console.log(
				`${thousands(size).padStart(6)} items: a/b = ${fixed(aOverB, 2)} (target <= ${TARGETS.aOverB}: ${verdict(aOverB <= TARGETS.aOverB)}), ` +
					`a/c = ${fixed(aOverC, 2)} (target <= ${TARGETS.aOverC}: ${verdict(aOverC <= TARGETS.aOverC)})`,
			);
		}
		const growth = at('a', largest).growthMb;
		console.log(
			`RSS growth of (a), ${thousands(largest)} items: ${fixed(growth, 0)} MB (peak during the run minus RSS before it, after a full GC; target <= ${TARGETS.growthMb} MB: ${verdict(growth <= TARGETS.growthMb)})`,
		);
		console.log(
			`peak RSS of the benchmark process: ${fixed(Math.max(...[...medians.values()].map((sample) => sample.peakMb)), 0)} MB (n8n-core, the three nodes and n8n-nodes-base loaded; simulator not included)`,
		);
		const kb = tarball.size / 1000;
		console.log(
			`tarball: ${tarball.filename} ${fixed(kb, 1)} kB packed, ${fixed(tarball.unpackedSize / 1000, 1)} kB unpacked, ${tarball.entryCount} files (target <= ${TARGETS.tarballKb} kB: ${verdict(kb <= TARGETS.tarballKb)})`,
		);
		console.log(`benchmark time: ${fixed((Date.now() - started) / 1000, 0)} s`);
	} finally {
		await sim.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
