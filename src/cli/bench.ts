/**
 * `npm run bench [-- --json]`: index build time, per-query latency and memory of the answer
 * engine on synthetic bases of 1,000, 10,000 and 100,000 facts, against naive fuse.js (one
 * Fuse over whole facts, defaults) on the same data. Each size runs in its own process so
 * that its memory figure is its own. Naive fuse.js is slow on large bases, so it is timed on
 * a small sample of queries there (the output says how many).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import { knowledgeDir } from '../config.ts';
import { loadKnowledgeBase } from '../knowledge/index.ts';
import { answerQuestion, buildSearchIndex } from '../answer/index.ts';
import { benchmarkQueries, syntheticKnowledgeBase } from '../answer/synthetic.ts';

const SIZES = [1_000, 10_000, 100_000];
const QUERIES = 300;
const WARM_UP = 200;
/** Queries timed with naive fuse.js per size: it takes about a second per query at 10,000 facts. */
const NAIVE_SAMPLE: Record<number, number> = { 1000: 20, 10000: 3, 100000: 1 };
const TARGETS: Record<number, { p99Ms: number; buildMs?: number; rssMB?: number }> = {
  10000: { p99Ms: 5, buildMs: 2_000 },
  100000: { p99Ms: 20, rssMB: 500 },
};

interface Result {
  facts: number;
  buildMs: number;
  p50Ms: number;
  p99Ms: number;
  rssMB: number;
  naiveP50Ms: number;
  naiveP99Ms: number;
  naiveSample: number;
}

function measure(size: number): Result {
  const real = loadKnowledgeBase(knowledgeDir());
  const kb = syntheticKnowledgeBase(real, size);
  const queries = benchmarkQueries(kb, QUERIES);

  const t0 = performance.now();
  const index = buildSearchIndex(kb);
  const buildMs = performance.now() - t0;
  // Warm up the JIT on other queries of the same kinds, so that the figures are steady-state.
  for (const q of benchmarkQueries(kb, WARM_UP, 3)) answerQuestion(index, q);
  const times = queries.map((q) => {
    const start = performance.now();
    answerQuestion(index, q);
    return performance.now() - start;
  });
  const rssMB = process.memoryUsage().rss / 2 ** 20;

  const naive = new Fuse(kb.facts, { keys: ['questions', 'answer', 'topics'] });
  const sample = NAIVE_SAMPLE[size] ?? 5;
  const naiveTimes = queries.slice(0, sample).map((q) => {
    const start = performance.now();
    naive.search(q);
    return performance.now() - start;
  });
  return {
    facts: size,
    buildMs,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    rssMB,
    naiveP50Ms: percentile(naiveTimes, 50),
    naiveP99Ms: percentile(naiveTimes, 99),
    naiveSample: sample,
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function formatTable(results: Result[]): string {
  const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));
  const lines = [
    `answer engine vs naive fuse.js, ${QUERIES} queries per size (${process.arch}, Node ${process.version})`,
    'facts     build ms   p50 ms   p99 ms   rss MB | naive p50   naive p99  (sample)  p50 speed-up',
  ];
  for (const r of results) {
    lines.push(
      `${String(r.facts).padEnd(9)} ${f(r.buildMs).padStart(8)} ${f(r.p50Ms).padStart(8)} ${f(r.p99Ms).padStart(8)} ${f(r.rssMB).padStart(8)} |` +
        ` ${f(r.naiveP50Ms).padStart(9)} ${f(r.naiveP99Ms).padStart(11)}  (${r.naiveSample} q)  ${(r.naiveP50Ms / r.p50Ms).toFixed(0)}×`,
    );
  }
  lines.push('', 'targets:');
  for (const r of results) {
    const t = TARGETS[r.facts];
    if (!t) continue;
    const checks = [
      `p99 ${f(r.p99Ms)} ms ≤ ${t.p99Ms} ms: ${r.p99Ms <= t.p99Ms ? 'met' : 'MISSED'}`,
      t.buildMs !== undefined && `build ${f(r.buildMs)} ms ≤ ${t.buildMs} ms: ${r.buildMs <= t.buildMs ? 'met' : 'MISSED'}`,
      t.rssMB !== undefined && `rss ${f(r.rssMB)} MB ≤ ${t.rssMB} MB: ${r.rssMB <= t.rssMB ? 'met' : 'MISSED'}`,
    ].filter(Boolean);
    lines.push(`  ${r.facts} facts: ${checks.join('; ')}`);
  }
  return lines.join('\n');
}

const args = process.argv.slice(2);
const worker = args.indexOf('--worker');
if (worker >= 0) {
  process.stdout.write(JSON.stringify(measure(Number(args[worker + 1]))));
} else {
  const results = SIZES.map((size) => {
    if (!args.includes('--json')) process.stderr.write(`benchmarking ${size} facts…\n`);
    const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--worker', String(size)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(out) as Result;
  });
  const round = (x: number) => Math.round(x * 100) / 100;
  if (args.includes('--json')) {
    console.log(
      JSON.stringify({
        results: results.map((r) => ({
          facts: r.facts,
          buildMs: round(r.buildMs),
          p50Ms: round(r.p50Ms),
          p99Ms: round(r.p99Ms),
          rssMB: round(r.rssMB),
          naiveP50Ms: round(r.naiveP50Ms),
          naiveP99Ms: round(r.naiveP99Ms),
        })),
      }),
    );
  } else {
    console.log(formatTable(results));
  }
}
