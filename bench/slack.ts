/**
 * `npm run bench:slack [-- --json] [-- --rate 100,200,400 [--seconds 10] [--arrivals poisson|fixed]]
 * [-- --requests 1500] [-- --profile DIR] [-- --balance least-busy]`: the bot under load as Slack
 * would load it, on loopback only. The compiled bot (production's command, as `npm start` ends:
 * built first) runs as one replica and as two (separate processes sharing one state), with the
 * file store and, when PostgreSQL is available, with PostgreSQL. Signed slash commands and
 * mentions, half each (one mention in five delivered twice, at once, the second time to the
 * other replica with X-Slack-Retry-Num, as Slack's retry landing there would be), go to the
 * replicas in turn (with `--balance least-busy`, each to the one with the fewest in flight); a
 * fake Web API in this process takes the mentions' replies (chat.postMessage). Two modes:
 *
 * Closed loop (the default, without --rate): 10 and then 50 requests in flight, each run
 * `--requests` long (default 1,500) after 1,000 unmeasured ones at the same concurrency (for the
 * JIT and the connections). Printed: ack latency p50/p99/max (request sent to HTTP response),
 * replies per second, the replicas' CPU time per request (Linux), duplicates (replies per event
 * above one, counted at the fake Web API: must be 0), and start-up (process start to
 * listening). Its target (issue 13): ack p99 under 100 ms at 50 in flight. 50 in flight is far
 * more than Slack sends, and a closed loop slows its own arrivals when the bot slows, so it
 * hides queueing; it stays the default because the README's figures are its figures.
 *
 * Open loop (`--rate N`, or a ladder `--rate 50,100,200,400`, run from the lowest rate up):
 * for `--seconds` at each rate (default 10), requests are sent on a schedule fixed in advance,
 * whatever the replicas answer: Poisson arrivals (default: the run's expected number of events
 * at uniformly random times, which is a Poisson process given its count, from a seeded
 * generator, so every run has the same schedule) or one every 1/N s (`--arrivals fixed`). N
 * counts HTTP requests, retries included: events arrive at N × 10/11 a second (one in ten is a
 * mention delivered twice). Every latency is measured from the request's scheduled time, not
 * from when it went out, so a load generator or a socket pool that falls behind cannot hide
 * the queue (coordinated omission); how late the sends were is printed too ("send lag"). A
 * request not acked within Slack's 3 s is cut and counted as a timeout (its latency stays in the
 * percentiles, at ≥ 3 s). Per store, replica count (1 and 2) and rate: offered and achieved rate
 * (HTTP 200 acks per second, from the first scheduled send to the last ack), ack p50/p99/max,
 * answer latency of mentions (scheduled send to the chat.postMessage recorded at the fake Web
 * API) p50/p99, errors (not 200, or a slash command's ack without its answer), timeouts,
 * duplicates, missing replies, CPU per request, and cores used (CPU-seconds per wall second
 * while sending: the replicas', this process's (the load generator and the fake Web API), and
 * the whole machine's from /proc/stat, whose remainder is PostgreSQL and anyone else). Each set
 * of replicas gets 1,000 unmeasured closed-loop requests first; a ladder stops early once ack
 * p99 passes 500 ms or 1% of requests time out. No start-up figures in this mode.
 *
 * Capacity per core, the open loop's headline (issue 20's target: ≥ 300 requests a second per
 * core with ack p99 ≤ 100 ms, about 35 busy workspaces a core): for each store and replica
 * count, the highest rate of the ladder at which it and every lower rate had ack p99 ≤ 100 ms
 * with no error, timeout or missing reply, divided by the cores the replicas used at that rate
 * (their CPU-seconds per wall second while sending, from /proc/<pid>/stat). That charges the
 * bot for its own work only, not for the load generator, the fake Web API or PostgreSQL sharing
 * the machine; rate ÷ the machine's cores, the figure that charges it for everything on the
 * machine, is printed beside it. Per core used is what one core would do at that rate's
 * latency; with the replicas far from busy (under half a core) it extrapolates, and the target
 * counts as met only where they were not (else "met only by extrapolation": climb higher). It
 * grows with the rate, as each request costs less CPU when requests arrive together (fewer idle
 * wake-ups, more batched writes), so only the top of a ladder that found its ceiling says much.
 *
 * Bounded: a fixed number of requests (closed loop) or seconds (open loop, at most 60) per run,
 * each run cut at 60 s, the whole bench at 10 minutes (a ladder that would not fit is refused
 * before it starts); every process it starts is killed when it ends, however it ends.
 * `--profile DIR` writes each replica's CPU profile there (node --cpu-prof; open it in Chrome's
 * DevTools), to see where a request's time goes. Exit code 1 when a reply was duplicated (both
 * modes) or, in the closed loop, missing or failed; 2 for bad arguments.
 *
 * The bench lives outside src/ because it needs the test harness (the fake Web API, the
 * request builders and signing, the bot processes, a throwaway PostgreSQL), none of which
 * belongs in dist/.
 */
import { execFileSync } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { knowledgeDir } from '../src/config.ts';
import { mulberry32 } from '../src/answer/synthetic.ts';
import { loadKnowledgeBase } from '../src/knowledge/index.ts';
import { killAllBotProcesses, productionCommand, ROOT, startBotProcess, type BotProcess } from '../tests/helpers/bot-process.ts';
import { startFakeSlackApi } from '../tests/helpers/fake-slack-api.ts';
import { POSTGRES_BIN, startTestPostgres } from '../tests/helpers/postgres.ts';
import { appMention, eventCallback, signBody, slashCommand, type SlackRequestBody } from '../tests/helpers/slack-requests.ts';

const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-bench-0000-token';
const CONCURRENCY = [10, 50];
const REPLICAS = [1, 2];
const DEFAULT_REQUESTS = 1_500;
const MIN_REQUESTS = 100;
const MAX_REQUESTS = 20_000;
/** Unmeasured requests before each run: enough for V8 to have compiled the hot paths of every replica. */
const WARM_UP = 1_000;
const RUN_LIMIT_MS = 60_000;
const BENCH_LIMIT_MS = 10 * 60_000;
const STARTUP_SAMPLES = 5;
/** Linux's unit for CPU time in /proc/<pid>/stat (USER_HZ: 100 on every mainstream build). */
const CLOCK_TICKS_PER_SECOND = 100;
/** The target of issue 13: ack p99 under 100 ms at 50 concurrent requests. */
const TARGET = { concurrency: 50, p99Ms: 100 };

/** The open loop's defaults and bounds. */
const DEFAULT_SECONDS = 10;
const MAX_RATE = 10_000;
const ARRIVALS = ['poisson', 'fixed'] as const;
type Arrivals = (typeof ARRIVALS)[number];
/** Events per HTTP request: of every ten events one is a mention delivered twice, so ten events make eleven requests. */
const EVENTS_PER_REQUEST = 10 / 11;
/** Slack's deadline for an ack: a request not answered by then is cut and counted as a timeout. */
const ACK_DEADLINE_MS = 3_000;
/** How long, after the last ack, the mentions' replies may take to reach the fake Web API. */
const REPLY_WAIT_MS = 10_000;
/** The target of issue 20: at least this many requests a second per core with ack p99 ≤ this. */
const RATE_TARGET = { perCore: 300, p99Ms: 100 };
/** A ladder stops climbing once ack p99 passes this, or more than this share of requests time out. */
const STOP_P99_MS = 500;
const STOP_TIMEOUT_SHARE = 0.01;
/** Below this many cores used, "per core used" extrapolates from a light load: the report says so. */
const LIGHT_LOAD_CORES = 0.5;

/** A request cut at its deadline (post()'s timeoutMs): the open loop's timeout. Declared before the bench runs (a class is not hoisted). */
class AckTimeout extends Error {}

interface Latencies {
  p50: number;
  p99: number;
  max: number;
}

interface RunResult {
  store: string;
  replicas: number;
  concurrency: number;
  requests: number;
  /** Ack latency of every request (milliseconds), then slash commands and mentions apart. */
  ack: Latencies;
  slashAck: Latencies;
  mentionAck: Latencies;
  /** Replies received (slash commands' in their acks, mentions' at the fake Web API) per second, from the first request to the last reply. */
  repliesPerSecond: number;
  events: number;
  redeliveries: number;
  duplicates: number;
  missing: number;
  failed: number;
  cut: boolean;
  /** CPU time (user + system, all threads) the replicas spent per request, from /proc (null where there is none). */
  cpuPerRequestMs: number | null;
}

/** One rate of the open loop, for one store and replica count. */
interface RateRunResult {
  store: string;
  replicas: number;
  arrivals: Arrivals;
  /** Requests a second asked for (--rate), retries included. */
  offeredRate: number;
  seconds: number;
  /** HTTP requests sent (retries included). */
  requests: number;
  /** HTTP 200 acks per second, from the first scheduled send to the last ack (the sending window at least). */
  achievedRate: number;
  /** Scheduled send to HTTP response (timeouts included, at ≥ 3 s), every request, then slash commands and mentions apart. */
  ack: Latencies;
  slashAck: Latencies;
  mentionAck: Latencies;
  /** Mentions: scheduled send to the reply's chat.postMessage at the fake Web API. */
  answer: Latencies;
  events: number;
  redeliveries: number;
  /** Acks other than HTTP 200, connection errors, slash command acks without their answer. */
  errors: number;
  /** Requests not acked within Slack's 3 s. */
  timeouts: number;
  duplicates: number;
  missing: number;
  /** Replicas' CPU time (user + system, all threads) per request, sending and draining; null without /proc. */
  cpuPerRequestMs: number | null;
  /** CPU-seconds per wall second while sending: the replicas', this process's, the machine's (all of it, from /proc/stat). */
  replicaCores: number | null;
  benchCores: number;
  machineCores: number | null;
  /** How late the load generator sent, behind the schedule: p99 and max (ms). */
  sendLag: { p99: number; max: number };
  /** offeredRate ÷ replicaCores. */
  perCoreUsed: number | null;
}

interface SeriesSummary {
  store: string;
  replicas: number;
  /** The highest rate at which it and every lower rate passed (ack p99 ≤ 100 ms, no error, timeout or missing reply); null if the lowest failed. */
  highestRate: number | null;
  replicaCores: number | null;
  /** highestRate ÷ the cores the replicas used at it. */
  perCoreUsed: number | null;
  /** highestRate ÷ the machine's cores. */
  perMachineCore: number | null;
  /** Whether a rate above highestRate was measured and failed (else the capacity may lie above the ladder). */
  ceilingFound: boolean;
  /** Whether the replicas used fewer than LIGHT_LOAD_CORES at highestRate (per core used then extrapolates). */
  lightLoad: boolean;
  /** The rate after which the ladder stopped early, and why. */
  stopped?: string;
  /** Rates not run: the bench's time was up. */
  skipped: number[];
}

interface StartupResult {
  store: string;
  samples: number[];
  median: number;
  max: number;
}

interface StoreUnderBench {
  name: string;
  /** A fresh, empty state for one set of replicas; `dispose` removes it. */
  fresh(): Promise<{ env: Record<string, string>; dispose(): Promise<void> }>;
  close(): Promise<void>;
}

const USAGE = `usage: npm run bench:slack [-- OPTIONS]
  closed loop (default): 10, then 50 requests in flight
    --requests N          requests per run, ${MIN_REQUESTS} to ${MAX_REQUESTS} (default ${DEFAULT_REQUESTS})
  open loop: requests sent on a fixed schedule, whatever the bot answers
    --rate N[,N…]         requests a second (retries included), 1 to ${MAX_RATE}; several: a ladder, run lowest first,
                          stopped once ack p99 passes ${STOP_P99_MS} ms; reports the highest rate per core with ack p99 ≤ ${RATE_TARGET.p99Ms} ms
    --seconds S           seconds at each rate, 1 to ${RUN_LIMIT_MS / 1000} (default ${DEFAULT_SECONDS})
    --arrivals KIND       poisson (default: random gaps, seeded) or fixed (one every 1/N s)
  both
    --balance HOW         round-robin (default: in turn, as most load balancers do) or least-busy (to the replica
                          with the fewest in flight: nginx least_conn, an ALB's least outstanding requests)
    --profile DIR         each replica's CPU profile (node --cpu-prof) written to DIR
    --json                machine-readable results on stdout
    --help                this
  e.g. npm run bench:slack -- --rate 50,100,200,400 --seconds 8
`;

/** A clear message and the usage on stderr, exit code 2: never a stack trace for a mistyped option. */
function usageError(message: string): never {
  process.stderr.write(`bench:slack: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseFlags() {
  try {
    return parseArgs({
      options: {
        json: { type: 'boolean', default: false },
        requests: { type: 'string' },
        rate: { type: 'string' },
        seconds: { type: 'string' },
        arrivals: { type: 'string' },
        profile: { type: 'string' },
        balance: { type: 'string', default: 'round-robin' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    return usageError((error as Error).message);
  }
}

const flags = parseFlags();
if (flags.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const BALANCES = ['round-robin', 'least-busy'] as const;
type Balance = (typeof BALANCES)[number];
if (!BALANCES.includes(flags.balance as Balance)) usageError(`--balance is round-robin or least-busy, not "${flags.balance}"`);
const balance = flags.balance as Balance;
/** A whole number within [min, max], or a usage error naming the option. */
const wholeNumber = (option: string, text: string, min: number, max: number): number => {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n < min || n > max) usageError(`--${option} is a whole number from ${min} to ${max}, not "${text}"`);
  return n;
};
/** The open loop's rates, lowest first, or undefined for the closed loop. */
const rates = flags.rate === undefined ? undefined : parseRates(flags.rate);
if (!rates && (flags.seconds !== undefined || flags.arrivals !== undefined)) usageError('--seconds and --arrivals are for the open loop: give --rate too');
if (rates && flags.requests !== undefined) usageError('--requests is for the closed loop; the open loop runs --seconds at each --rate');
const secondsPerRate = flags.seconds === undefined ? DEFAULT_SECONDS : wholeNumber('seconds', flags.seconds, 1, RUN_LIMIT_MS / 1000);
if (flags.arrivals !== undefined && !ARRIVALS.includes(flags.arrivals as Arrivals)) usageError(`--arrivals is poisson or fixed, not "${flags.arrivals}"`);
const arrivals = (flags.arrivals ?? 'poisson') as Arrivals;
const requestsPerRun = flags.requests === undefined ? DEFAULT_REQUESTS : wholeNumber('requests', flags.requests, MIN_REQUESTS, MAX_REQUESTS);
if (rates) {
  // A ladder that could not finish within the bench's limit is refused now, not cut half-way.
  const stores = process.env.DATABASE_URL?.trim() || POSTGRES_BIN ? 2 : 1;
  const estimateS = 30 + stores * REPLICAS.length * (10 + rates.length * (secondsPerRate + 2));
  if (estimateS * 1000 > BENCH_LIMIT_MS) {
    usageError(
      `${rates.length} rate(s) × ${secondsPerRate} s × ${REPLICAS.length} replica counts × ${stores} store(s) would take about ${Math.round(estimateS / 60)} minutes, over the bench's ${BENCH_LIMIT_MS / 60_000}: fewer rates or seconds`,
    );
  }
}

/** node's options for every replica measured: a CPU profile each, with --profile. */
const nodeArgs = flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${flags.profile}`] : [];
const progress = (line: string) => void process.stderr.write(`${line}\n`);
/** Kept-alive loopback connections for the closed loop's requests (see post()). */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
/**
 * The open loop's: enough sockets that a request never waits for one (at 3 s a request, N a
 * second can have 3N in flight), all kept alive between bursts. A request that waited for a
 * socket would still be timed from its scheduled send, but the bot would see a smoothed load.
 */
const openLoopAgent = new Agent({ keepAlive: true, maxSockets: 8_192, maxFreeSockets: 8_192 });
/** The first request that failed, for the message when a run fails as a whole. */
let firstFailure: string | undefined;
const benchDeadline = Date.now() + BENCH_LIMIT_MS;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllBotProcesses();
    process.exit(130);
  });
}
process.once('exit', killAllBotProcesses);
const overall = setTimeout(() => {
  progress(`bench:slack: still running after ${BENCH_LIMIT_MS / 60_000} minutes: stopped`);
  killAllBotProcesses();
  process.exit(2);
}, BENCH_LIMIT_MS + 60_000);
overall.unref();

/** The load average before the bench: another busy process on the machine skews every figure. */
const loadBefore = loadavg();
const machine = { cpus: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadBefore: loadBefore.map((l) => Math.round(l * 100) / 100) };
const questions = loadKnowledgeBase(knowledgeDir()).facts.flatMap((f) => f.questions.slice(0, 3));
const api = await startFakeSlackApi();
const stores: StoreUnderBench[] = [fileStore()];
const postgres = await postgresStore();
if (postgres) stores.push(postgres);
const postgresNote = postgres
  ? process.env.DATABASE_URL?.trim()
    ? 'DATABASE_URL'
    : 'a throwaway server (initdb, pg_ctl; fsync off)'
  : 'not measured: set DATABASE_URL to a scratch database, or install PostgreSQL (initdb, pg_ctl)';

let exitCode = 0;
try {
  progress('bench:slack: building dist/ (npm run build)…');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  exitCode = rates ? await openLoop(rates) : await closedLoop();
} finally {
  killAllBotProcesses();
  await api.close();
  await Promise.all(stores.map((s) => s.close()));
}
process.exit(exitCode);

/** Each set of replicas, started on a fresh state of `store`, given to `use`, stopped after. */
async function withReplicas<T>(store: StoreUnderBench, replicaCount: number, use: (replicas: BotProcess[]) => Promise<T>): Promise<T> {
  const state = await store.fresh();
  const env = { ...state.env, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.url, LOG_LEVEL: 'info' };
  const replicas = await Promise.all(Array.from({ length: replicaCount }, () => startBotProcess(env, { entry: 'compiled', nodeArgs })));
  try {
    return await use(replicas);
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await state.dispose();
  }
}

/** The closed loop: start-up, then 10 and 50 in flight for each store and replica count; prints its report, returns the exit code. */
async function closedLoop(): Promise<number> {
  const startups: StartupResult[] = [];
  for (const store of stores) startups.push(await measureStartup(store));

  const runs: RunResult[] = [];
  for (const store of stores) {
    for (const replicaCount of REPLICAS) {
      await withReplicas(store, replicaCount, async (replicas) => {
        for (const concurrency of CONCURRENCY) {
          if (Date.now() > benchDeadline) throw new Error(`the bench ran out of its ${BENCH_LIMIT_MS / 60_000} minutes`);
          progress(`bench:slack: ${store.name}, ${replicaCount} replica${replicaCount > 1 ? 's' : ''}, ${concurrency} concurrent, ${requestsPerRun} requests…`);
          // Not measured: the JIT, the connections for this many requests in flight, the state's first files or rows.
          await drive(replicas, concurrency, WARM_UP, `w${runs.length}`);
          const cpuBefore = replicas.map(cpuMs);
          const result = await drive(replicas, concurrency, requestsPerRun, `r${runs.length}`);
          const cpuUsed = replicas.map((r, k) => cpuMs(r) - cpuBefore[k]!);
          const cpuPerRequestMs = cpuUsed.some(Number.isNaN) ? null : round(cpuUsed.reduce((a, b) => a + b, 0) / result.requests);
          runs.push({ store: store.name, replicas: replicaCount, ...result, cpuPerRequestMs });
        }
      });
    }
  }

  const target = runs.filter((r) => r.concurrency === TARGET.concurrency);
  const report = {
    mode: 'closed-loop' as const,
    machine,
    requestsPerRun,
    balance,
    startup: startups,
    runs,
    target: { ...TARGET, met: target.every((r) => r.ack.p99 < TARGET.p99Ms), missedBy: target.filter((r) => r.ack.p99 >= TARGET.p99Ms).map((r) => `${r.store} × ${r.replicas} (${r.ack.p99} ms)`) },
    postgres: postgresNote,
  };
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return runs.some((r) => r.duplicates > 0 || r.missing > 0 || r.failed > 0) ? 1 : 0;
}

/** The open loop: each store and replica count climbs the ladder of `ladder`; prints its report, returns the exit code. */
async function openLoop(ladder: number[]): Promise<number> {
  const runs: RateRunResult[] = [];
  const series: SeriesSummary[] = [];
  for (const store of stores) {
    for (const replicaCount of REPLICAS) {
      const mine: RateRunResult[] = [];
      let stopped: string | undefined;
      const skipped: number[] = [];
      await withReplicas(store, replicaCount, async (replicas) => {
        // Not measured: the JIT, the first connections, the state's first files or rows.
        await drive(replicas, 10, WARM_UP, `w${series.length}`);
        for (const rate of ladder) {
          if (stopped) break;
          if (Date.now() + (secondsPerRate + 15) * 1000 > benchDeadline) {
            skipped.push(rate);
            continue;
          }
          progress(`bench:slack: ${store.name}, ${replicaCount} replica${replicaCount > 1 ? 's' : ''}, ${rate} requests/s (${arrivals}) for ${secondsPerRate} s…`);
          const result = await driveAtRate(replicas, rate, secondsPerRate, `s${series.length}r${rate}`);
          const run: RateRunResult = { store: store.name, replicas: replicaCount, ...result };
          mine.push(run);
          runs.push(run);
          if (run.ack.p99 > STOP_P99_MS) stopped = `ack p99 ${run.ack.p99} ms at ${rate}/s, past ${STOP_P99_MS} ms`;
          else if (run.timeouts > run.requests * STOP_TIMEOUT_SHARE) stopped = `${run.timeouts} of ${run.requests} requests timed out at ${rate}/s`;
        }
      });
      if (skipped.length) progress(`bench:slack: out of time: ${store.name} × ${replicaCount} skips ${skipped.join(', ')} requests/s`);
      series.push(summarize(store.name, replicaCount, mine, stopped, skipped));
    }
  }

  // The best series, preferring one measured with its replicas busy (per core used then extrapolates least).
  const ranked = series.filter((s) => s.perCoreUsed !== null).sort((a, b) => Number(a.lightLoad) - Number(b.lightLoad) || b.perCoreUsed! - a.perCoreUsed!);
  const best = ranked[0];
  const meets = (s: SeriesSummary) => (s.perCoreUsed ?? 0) >= RATE_TARGET.perCore;
  const report = {
    mode: 'open-loop' as const,
    machine,
    arrivals,
    secondsPerRate,
    ladder,
    balance,
    runs,
    series,
    capacity: {
      definition: `the highest rate of the ladder at which it and every lower rate had ack p99 ≤ ${RATE_TARGET.p99Ms} ms with no error, timeout or missing reply, ÷ the cores the replicas used at that rate (their CPU-seconds per wall second while sending, /proc/<pid>/stat); perMachineCore: ÷ the machine's ${machine.cpus} cores`,
      best: best ? { store: best.store, replicas: best.replicas, rate: best.highestRate, perCoreUsed: best.perCoreUsed, perMachineCore: best.perMachineCore } : null,
      target: RATE_TARGET,
      metBy: series.filter((s) => meets(s) && !s.lightLoad).map((s) => `${s.store} × ${s.replicas}`),
      /** Met at a rate where the replicas used at least LIGHT_LOAD_CORES: measured, not extrapolated. */
      met: series.some((s) => meets(s) && !s.lightLoad),
      /** Met only at rates where the replicas were far from busy: the ladder should climb higher. */
      metOnlyByExtrapolation: !series.some((s) => meets(s) && !s.lightLoad) && series.some(meets),
    },
    postgres: postgresNote,
  };
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatRateReport(report));
  return runs.some((r) => r.duplicates > 0) ? 1 : 0;
}

function summarize(store: string, replicas: number, runs: RateRunResult[], stopped: string | undefined, skipped: number[]): SeriesSummary {
  const passes = (r: RateRunResult) => r.ack.p99 <= RATE_TARGET.p99Ms && r.errors === 0 && r.timeouts === 0 && r.missing === 0;
  const firstFail = runs.findIndex((r) => !passes(r));
  const passed = firstFail === -1 ? runs : runs.slice(0, firstFail);
  const top = passed.at(-1);
  return {
    store,
    replicas,
    highestRate: top?.offeredRate ?? null,
    replicaCores: top?.replicaCores ?? null,
    perCoreUsed: top?.perCoreUsed ?? null,
    perMachineCore: top ? Math.round(top.offeredRate / machine.cpus) : null,
    ceilingFound: firstFail !== -1,
    lightLoad: top?.replicaCores != null && top.replicaCores < LIGHT_LOAD_CORES,
    ...(stopped && { stopped }),
    skipped,
  };
}

/**
 * `rate` requests a second for `seconds`, open loop: the schedule is drawn first (Poisson or
 * fixed gaps; event i is a slash command when even, a mention when odd, and every fifth mention
 * is sent twice at the same moment, the second time to the next replica with X-Slack-Retry-Num,
 * as in drive()), and each request goes out at its time whether or not earlier ones were
 * answered. Latencies run from the scheduled time. Then waits for the acks (each cut at 3 s) and
 * the mentions' replies (at most 10 s more), and counts.
 */
async function driveAtRate(replicas: BotProcess[], rate: number, seconds: number, tag: string): Promise<Omit<RateRunResult, 'store' | 'replicas'>> {
  api.reset();
  const slashAcks: number[] = [];
  const mentionAcks: number[] = [];
  const sendLags: number[] = [];
  /** Each mention's thread (channel:ts) → its scheduled send, as wall-clock ms (the fake Web API's clock). */
  const events = new Map<string, number>();
  let redeliveries = 0;
  let errors = 0;
  let timeouts = 0;
  let acks = 0;
  let lastAckAt = 0;
  const channel = `CB${tag.toUpperCase().replace(/\W/g, '')}`;
  const eventTag = tag.replace(/\W/g, '');

  const { inFlight, pick } = replicaPicker(replicas, balance);
  /** One request, timed from `scheduledAt` (performance.now()); undefined ms for a connection error. */
  const send = async (replica: BotProcess, request: SlackRequestBody, scheduledAt: number, retryNum?: number): Promise<{ ok: boolean; body?: string; ms?: number }> => {
    inFlight.set(replica, inFlight.get(replica)! + 1);
    try {
      const response = await post(replica.eventsUrl, request, retryNum, { agent: openLoopAgent, timeoutMs: scheduledAt + ACK_DEADLINE_MS - performance.now() });
      const now = performance.now();
      if (response.status !== 200) {
        errors++;
        firstFailure ??= `HTTP ${response.status}: ${response.body.slice(0, 200)}`;
        return { ok: false, ms: now - scheduledAt };
      }
      acks++;
      lastAckAt = Math.max(lastAckAt, now);
      return { ok: true, body: response.body, ms: now - scheduledAt };
    } catch (error) {
      if (error instanceof AckTimeout) {
        timeouts++;
        return { ok: false, ms: performance.now() - scheduledAt };
      }
      errors++;
      firstFailure ??= String(error);
      return { ok: false };
    } finally {
      inFlight.set(replica, inFlight.get(replica)! - 1);
    }
  };
  const fire = async (i: number, scheduledAt: number, wallOffset: number) => {
    sendLags.push(performance.now() - scheduledAt);
    const replica = pick(i);
    const question = questions[(i * 7) % questions.length]!;
    const user = `UBENCH${i % 97}`;
    if (i % 2 === 0) {
      const { ok, body, ms } = await send(replica, slashCommand({ text: question, userId: user, channelId: 'CBENCH' }), scheduledAt);
      if (ms !== undefined) slashAcks.push(ms);
      if (ok && !body!.startsWith('{"response_type":"ephemeral"')) {
        errors++;
        firstFailure ??= `a slash command's ack without its answer: ${body!.slice(0, 200)}`;
      }
      return;
    }
    const ts = `${Math.floor(Date.now() / 1000)}.${String(i).padStart(6, '0')}`;
    events.set(`${channel}:${ts}`, scheduledAt + wallOffset);
    const event = eventCallback(appMention({ text: question, user, channel, ts }), { eventId: `EvBENCH${eventTag}X${i}X${process.pid}` });
    const redeliver = i % 10 === 1;
    if (redeliver) redeliveries++;
    const other = replicas[(replicas.indexOf(replica) + 1) % replicas.length]!;
    for (const { ms } of await Promise.all([send(replica, event, scheduledAt), ...(redeliver ? [send(other, event, scheduledAt, 1)] : [])])) {
      if (ms !== undefined) mentionAcks.push(ms);
    }
  };

  // The schedule (ms from the start), drawn before anything is sent: the expected number of
  // events, evenly spaced or at uniformly random times (a Poisson process given its count: its
  // bursts and gaps, with exactly the offered number of requests, so that offered and achieved
  // compare even over a few seconds).
  const count = Math.max(1, Math.round(rate * EVENTS_PER_REQUEST * seconds));
  const random = mulberry32(rate * 7919 + seconds);
  const schedule = Array.from({ length: count }, (_, k) => (arrivals === 'fixed' ? k / count : random()) * seconds * 1000).sort((a, b) => a - b);

  const cpuBefore = replicas.map(cpuMs);
  const benchCpuBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  const startedAt = performance.now() + 5;
  const wallOffset = Date.now() - performance.now();
  const pending: Promise<void>[] = [];
  let next = 0;
  while (next < schedule.length) {
    const now = performance.now();
    for (; next < schedule.length && startedAt + schedule[next]! <= now; next++) pending.push(fire(next, startedAt + schedule[next]!, wallOffset));
    if (next < schedule.length) await sleep(Math.max(0, startedAt + schedule[next]! - performance.now()));
  }
  await sleep(Math.max(0, startedAt + seconds * 1000 - performance.now()));
  const windowS = (performance.now() - startedAt) / 1000;
  const cpuWindow = replicas.map(cpuMs);
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const machineWindow = machineCpu();

  await Promise.all(pending); // every request acked or cut at 3 s
  const requests = schedule.length + redeliveries;
  if (errors + timeouts > requests / 2) throw new Error(`${errors + timeouts} of ${requests} requests failed or timed out at ${rate}/s; the first failure: ${firstFailure ?? 'none (timeouts only)'}`);

  // Each mention's first reply, then a quiet moment (at most 5 s) for any duplicate still on its way.
  const replies = () => {
    const perEvent = new Map<string, { first: number; count: number }>();
    for (const call of api.callsTo('chat.postMessage')) {
      if (call.failed) continue;
      const key = `${String(call.args.channel)}:${String(call.args.thread_ts)}`;
      const seen = perEvent.get(key);
      if (seen) seen.count++;
      else perEvent.set(key, { first: call.at, count: 1 });
    }
    return perEvent;
  };
  const replyWait = Date.now() + REPLY_WAIT_MS;
  while (replies().size < events.size && Date.now() < replyWait) await sleep(20);
  const quietUntil = Date.now() + 5_000;
  for (let seen = api.callsTo('chat.postMessage').length; Date.now() < quietUntil; ) {
    await sleep(500);
    const now = api.callsTo('chat.postMessage').length;
    if (now === seen) break;
    seen = now;
  }
  const cpuAfter = replicas.map(cpuMs);

  const perEvent = replies();
  const answers: number[] = [];
  let duplicates = 0;
  let missing = 0;
  for (const [key, sentAt] of events) {
    const reply = perEvent.get(key);
    if (!reply) missing++;
    else {
      duplicates += reply.count - 1;
      answers.push(reply.first - sentAt);
    }
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const noProc = [...cpuBefore, ...cpuWindow, ...cpuAfter].some(Number.isNaN);
  const replicaCores = noProc ? null : (sum(cpuWindow) - sum(cpuBefore)) / 1000 / windowS;
  const ackSpanS = Math.max(seconds, (lastAckAt - startedAt) / 1000);
  const sortedLags = [...sendLags].sort((a, b) => a - b);
  return {
    arrivals,
    offeredRate: rate,
    seconds,
    requests,
    achievedRate: Math.round(acks / ackSpanS),
    ack: latencies([...slashAcks, ...mentionAcks]),
    slashAck: latencies(slashAcks),
    mentionAck: latencies(mentionAcks),
    answer: latencies(answers),
    events: schedule.length,
    redeliveries,
    errors,
    timeouts,
    duplicates,
    missing,
    cpuPerRequestMs: noProc ? null : round((sum(cpuAfter) - sum(cpuBefore)) / requests),
    replicaCores: replicaCores === null ? null : round2(replicaCores),
    benchCores: round2((benchCpu.user + benchCpu.system) / 1e6 / windowS),
    machineCores: machineBefore && machineWindow ? round2(((machineWindow.busy - machineBefore.busy) / (machineWindow.total - machineBefore.total)) * machine.cpus) : null,
    sendLag: { p99: round(sortedLags[Math.max(0, Math.ceil(0.99 * sortedLags.length) - 1)] ?? 0), max: round(sortedLags.at(-1) ?? 0) },
    perCoreUsed: replicaCores ? Math.round(rate / replicaCores) : null,
  };
}

/** --rate's value: one rate or several, comma-separated; lowest first, each once. */
function parseRates(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const values = parts.map(Number);
  if (parts.some((part) => !/^\d+$/.test(part)) || values.some((r) => r < 1 || r > MAX_RATE)) {
    usageError(`--rate is a whole number of requests a second from 1 to ${MAX_RATE}, or several comma-separated (a ladder, e.g. 50,100,200), not "${text}"`);
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * `total` requests with `concurrency` in flight, shared among the replicas as `balance` says: even ones a
 * slash command (its reply is the ack's body), odd ones a mention (acked at once, answered at
 * the fake Web API); every fifth mention is delivered a second time, at the same moment, to
 * the next replica with X-Slack-Retry-Num. Then waits for every mention's reply and counts.
 */
async function drive(replicas: BotProcess[], concurrency: number, total: number, tag: string): Promise<Omit<RunResult, 'store' | 'replicas' | 'cpuPerRequestMs'>> {
  api.reset();
  const slashAcks: number[] = [];
  const mentionAcks: number[] = [];
  const events = new Set<string>(); // each mention's thread (channel:ts): one reply each
  let slashReplies = 0;
  let failed = 0;
  let redeliveries = 0;
  let nextIndex = 0;
  let lastReplyAt = 0;
  const startedAt = performance.now();
  const cutAt = Date.now() + RUN_LIMIT_MS;

  const { inFlight, pick } = replicaPicker(replicas, balance);
  const timed = async (replica: BotProcess, request: SlackRequestBody, retryNum?: number) => {
    const sent = performance.now();
    inFlight.set(replica, inFlight.get(replica)! + 1);
    const response = await post(replica.eventsUrl, request, retryNum).then(
      (r) => {
        if (r.status !== 200) firstFailure ??= `HTTP ${r.status}: ${r.body.slice(0, 200)}`;
        return r;
      },
      (error: unknown) => void (firstFailure ??= String(error)),
    );
    inFlight.set(replica, inFlight.get(replica)! - 1);
    return { response, ms: performance.now() - sent };
  };

  const worker = async () => {
    while (nextIndex < total && Date.now() < cutAt) {
      const i = nextIndex++;
      const replica = pick(i);
      const question = questions[(i * 7) % questions.length]!;
      const user = `UBENCH${i % 97}`;
      if (i % 2 === 0) {
        const { response, ms } = await timed(replica, slashCommand({ text: question, userId: user, channelId: 'CBENCH' }));
        slashAcks.push(ms);
        if (response?.status === 200 && response.body.startsWith('{"response_type":"ephemeral"')) {
          slashReplies++;
          lastReplyAt = Math.max(lastReplyAt, performance.now());
        } else failed++;
      } else {
        const ts = `${Math.floor(Date.now() / 1000)}.${String(i).padStart(6, '0')}`;
        const channel = `CB${tag.toUpperCase().replace(/\W/g, '')}`;
        events.add(`${channel}:${ts}`);
        const event = eventCallback(appMention({ text: question, user, channel, ts }), { eventId: `EvBENCH${tag.replace(/\W/g, '')}X${i}X${process.pid}` });
        const redeliver = i % 10 === 1;
        if (redeliver) redeliveries++;
        const sends = [timed(replica, event), ...(redeliver ? [timed(replicas[(replicas.indexOf(replica) + 1) % replicas.length]!, event, 1)] : [])];
        for (const { response, ms } of await Promise.all(sends)) {
          mentionAcks.push(ms);
          if (response?.status !== 200) failed++;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cut = nextIndex < total;
  if (failed > total / 2) throw new Error(`${failed} of ${total} requests failed; the first: ${firstFailure}`);

  // Every mention's reply, then a quiet moment for any duplicate still on its way.
  const replies = () => {
    const perEvent = new Map<string, number>();
    for (const call of api.callsTo('chat.postMessage')) {
      if (call.failed) continue;
      const key = `${String(call.args.channel)}:${String(call.args.thread_ts)}`;
      perEvent.set(key, (perEvent.get(key) ?? 0) + 1);
    }
    return perEvent;
  };
  const replyWait = Date.now() + 30_000;
  while (replies().size < events.size && Date.now() < replyWait) await sleep(20);
  const calls = api.callsTo('chat.postMessage');
  lastReplyAt = Math.max(lastReplyAt, ...calls.map((c) => c.at - Date.now() + performance.now()));
  let seen = calls.length;
  for (;;) {
    await sleep(500);
    if (api.callsTo('chat.postMessage').length === seen) break;
    seen = api.callsTo('chat.postMessage').length;
  }
  const perEvent = replies();
  let duplicates = 0;
  let missing = 0;
  for (const key of events) {
    const n = perEvent.get(key) ?? 0;
    if (n === 0) missing++;
    else duplicates += n - 1;
  }
  const elapsedS = (lastReplyAt - startedAt) / 1000;
  const all = [...slashAcks, ...mentionAcks];
  return {
    concurrency,
    requests: all.length,
    ack: latencies(all),
    slashAck: latencies(slashAcks),
    mentionAck: latencies(mentionAcks),
    repliesPerSecond: Math.round((slashReplies + [...perEvent.values()].reduce((a, b) => a + b, 0)) / elapsedS),
    events: events.size,
    redeliveries,
    duplicates,
    missing,
    failed,
    cut,
  };
}

/**
 * A signed POST, as Slack sends it, over kept-alive loopback connections: plain node:http, so
 * that the load generator, which shares the machine's cores with the replicas, costs as little
 * as it can (fetch costs about twice as much per request). With `timeoutMs`, a request not
 * answered by then is cut (its socket destroyed) and rejects with AckTimeout.
 */
function post(url: string, request: SlackRequestBody, retryNum?: number, options: { agent?: Agent; timeoutMs?: number } = {}): Promise<{ status: number; body: string }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': request.contentType,
    'content-length': String(Buffer.byteLength(request.body)),
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signBody(SIGNING_SECRET, request.body, timestamp),
  };
  if (retryNum !== undefined) Object.assign(headers, { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' });
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const fail = (error: unknown) => {
      clearTimeout(timer);
      reject(error);
    };
    const req = httpRequest(url, { method: 'POST', agent: options.agent ?? agent, headers }, (res) => {
      let body = '';
      let ended = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        ended = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', fail);
      res.on('close', () => ended || fail(new Error('response cut short')));
    });
    if (options.timeoutMs !== undefined) timer = setTimeout(() => req.destroy(new AckTimeout(`no ack within ${ACK_DEADLINE_MS} ms`)), Math.max(0, options.timeoutMs));
    req.on('error', fail);
    req.end(request.body);
  });
}

/** Process start to "started in HTTP mode", compiled, one process at a time on an idle machine. */
async function measureStartup(store: StoreUnderBench): Promise<StartupResult> {
  progress(`bench:slack: start-up, ${store.name}, ${STARTUP_SAMPLES} starts…`);
  const samples: number[] = [];
  for (let i = 0; i < STARTUP_SAMPLES; i++) {
    const state = await store.fresh();
    try {
      const bot = await startBotProcess({ ...state.env, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.url, LOG_LEVEL: 'info' }, { entry: 'compiled' });
      samples.push(bot.startupMs);
      await bot.stop();
    } finally {
      await state.dispose();
    }
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { store: store.name, samples: samples.map(round), median: round(sorted[Math.floor(sorted.length / 2)]!), max: round(sorted.at(-1)!) };
}

function fileStore(): StoreUnderBench {
  return {
    name: 'files',
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'summit-bench-'));
      return { env: { STATE_DIR: dir }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
    async close() {},
  };
}

/**
 * PostgreSQL: DATABASE_URL when given (a scratch database: the bench writes to it, and every
 * set of replicas shares it), else a throwaway server (the tests' helper: initdb, pg_ctl on a
 * loopback port; a fresh database for every set of replicas), else none, said loudly.
 */
async function postgresStore(): Promise<StoreUnderBench | undefined> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) {
    return {
      name: 'postgresql',
      fresh: async () => ({ env: { DATABASE_URL: url }, dispose: async () => {} }),
      async close() {},
    };
  }
  if (!POSTGRES_BIN) {
    progress('bench:slack: *** PostgreSQL not found (no initdb/pg_ctl) and no DATABASE_URL: measuring the file store only ***');
    return undefined;
  }
  progress('bench:slack: starting a throwaway PostgreSQL…');
  const server = await startTestPostgres();
  return {
    name: 'postgresql',
    fresh: async () => ({ env: { DATABASE_URL: await server.freshDatabase() }, dispose: async () => {} }),
    close: () => server.destroy(),
  };
}

function latencies(ms: number[]): Latencies {
  if (ms.length === 0) return { p50: 0, p99: 0, max: 0 };
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1)!) };
}

function formatReport(report: {
  requestsPerRun: number;
  balance: Balance;
  machine: { cpus: number; cpu: string; node: string; loadBefore: number[] };
  startup: StartupResult[];
  runs: RunResult[];
  target: { concurrency: number; p99Ms: number; met: boolean; missedBy: string[] };
  postgres: string;
}): string {
  const header = ['store', 'replicas', 'concurrent', 'requests', 'ack p50', 'ack p99', 'ack max', 'replies/s', 'CPU/request', 'duplicates', 'missing'];
  const rows = report.runs.map((r) => [
    r.store,
    String(r.replicas),
    String(r.concurrency),
    `${r.requests}${r.cut ? ' (cut at 60 s)' : ''}`,
    `${r.ack.p50} ms`,
    `${r.ack.p99} ms`,
    `${r.ack.max} ms`,
    String(r.repliesPerSecond),
    r.cpuPerRequestMs === null ? 'n/a' : `${r.cpuPerRequestMs} ms`,
    String(r.duplicates),
    String(r.missing + r.failed),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    `bench:slack on ${report.machine.cpus} CPUs (${report.machine.cpu}), node ${report.machine.node}, load average before ${report.machine.loadBefore.join(' ')}`,
    `${report.requestsPerRun} requests a run, half slash commands, half mentions; one mention in five delivered twice (to the other replica, as a retry), counted in "requests"`,
    `requests shared among replicas: ${report.balance === 'round-robin' ? 'in turn (round-robin)' : 'to the one with the fewest in flight (least-busy)'}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'slash command acks carry the answer; mention acks come before it (the reply is a Web API call):',
    ...report.runs.map((r) => `  ${r.store}, ${r.replicas} replica(s), ${r.concurrency} concurrent: slash p99 ${r.slashAck.p99} ms, mention p99 ${r.mentionAck.p99} ms`),
    '',
    `start-up, process start to listening (${productionCommand().join(' ')}):`,
    ...report.startup.map((s) => `  ${s.store}: median ${s.median} ms, max ${s.max} ms (${s.samples.join(', ')})`),
    '',
    `target: ack p99 < ${report.target.p99Ms} ms at ${report.target.concurrency} concurrent: ${report.target.met ? 'met by every run' : `NOT met by ${report.target.missedBy.join(', ')}`}`,
    `postgresql: ${report.postgres}`,
    '',
  ];
  return out.join('\n');
}

function formatRateReport(report: {
  machine: typeof machine;
  arrivals: Arrivals;
  secondsPerRate: number;
  ladder: number[];
  balance: Balance;
  runs: RateRunResult[];
  series: SeriesSummary[];
  capacity: {
    best: { store: string; replicas: number; rate: number | null; perCoreUsed: number | null; perMachineCore: number | null } | null;
    metBy: string[];
    met: boolean;
    metOnlyByExtrapolation: boolean;
  };
  postgres: string;
}): string {
  const ms = (v: number) => `${v} ms`;
  const orNa = (v: number | null, unit = '') => (v === null ? 'n/a' : `${v}${unit}`);
  const header = [
    'store',
    'replicas',
    'offered/s',
    'achieved/s',
    'requests',
    'ack p50',
    'ack p99',
    'ack max',
    'answer p50',
    'answer p99',
    'errors',
    'timeouts',
    'dup',
    'missing',
    'CPU/req',
    'replica cores',
    'req/s per core used',
    'bench cores',
    'machine busy',
    'send lag p99',
  ];
  const rows = report.runs.map((r) => [
    r.store,
    String(r.replicas),
    String(r.offeredRate),
    String(r.achievedRate),
    String(r.requests),
    ms(r.ack.p50),
    ms(r.ack.p99),
    ms(r.ack.max),
    ms(r.answer.p50),
    ms(r.answer.p99),
    String(r.errors),
    String(r.timeouts),
    String(r.duplicates),
    String(r.missing),
    orNa(r.cpuPerRequestMs, ' ms'),
    orNa(r.replicaCores),
    orNa(r.perCoreUsed),
    String(r.benchCores),
    orNa(r.machineCores),
    ms(r.sendLag.p99),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const seriesLine = (s: SeriesSummary) => {
    const name = `${s.store} × ${s.replicas}`;
    const notes = [...(s.stopped ? [`ladder stopped: ${s.stopped}`] : []), ...(s.skipped.length ? [`not run (out of time): ${s.skipped.join(', ')}/s`] : [])];
    const tail = notes.length ? ` (${notes.join('; ')})` : '';
    if (s.highestRate === null) return `  ${name}: ack p99 > ${RATE_TARGET.p99Ms} ms (or errors) already at the lowest rate, ${report.ladder[0]}/s${tail}`;
    const perCore = s.perCoreUsed === null ? 'per core used: n/a (no /proc)' : `${s.perCoreUsed} req/s per core used (the replicas used ${s.replicaCores} cores)`;
    const caveats = [
      ...(s.ceilingFound ? [] : [`every rate of the ladder passed: the capacity lies above ${s.highestRate}/s`]),
      ...(s.lightLoad ? [`the replicas were far from busy at ${s.highestRate}/s, so per core used extrapolates`] : []),
    ];
    return `  ${name}: up to ${s.highestRate}/s: ${perCore}, ${s.perMachineCore} per machine core${caveats.length ? `; ${caveats.join('; ')}` : ''}${tail}`;
  };
  const best = report.capacity.best;
  return [
    `bench:slack, open loop, on ${report.machine.cpus} CPUs (${report.machine.cpu}), node ${report.machine.node}, load average before ${report.machine.loadBefore.join(' ')}`,
    `${report.secondsPerRate} s at each rate, ${report.arrivals === 'poisson' ? 'Poisson arrivals (seeded)' : 'fixed intervals'}; rates count HTTP requests: half slash commands, half mentions, one mention in five delivered twice at once (to the other replica, as a retry)`,
    `requests shared among replicas: ${report.balance === 'round-robin' ? 'in turn (round-robin)' : 'to the one with the fewest in flight (least-busy)'}; latencies from each request's scheduled send; a request not acked within ${ACK_DEADLINE_MS / 1000} s is a timeout`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    "ack: scheduled send to HTTP response (a slash command's ack carries its answer); answer: a mention's scheduled send to its chat.postMessage at the fake Web API;",
    'cores: CPU-seconds per wall second while sending, of the replicas, of this process (load generator and fake Web API), and of the whole machine',
    '(/proc/stat: the rest is PostgreSQL and anything else running); send lag: how late the load generator sent, behind the schedule',
    '',
    `highest rate with ack p99 ≤ ${RATE_TARGET.p99Ms} ms (it and every lower rate; no error, timeout or missing reply), per core = that rate ÷ the cores the replicas used at it:`,
    ...report.series.map(seriesLine),
    '',
    best
      ? `highest rate per core: ${best.perCoreUsed} req/s per core used (${best.store} × ${best.replicas} at ${best.rate}/s; ${best.perMachineCore} per machine core). Target ≥ ${RATE_TARGET.perCore} req/s per core at ack p99 ≤ ${RATE_TARGET.p99Ms} ms: ${report.capacity.met ? `met (${report.capacity.metBy.join(', ')})` : report.capacity.metOnlyByExtrapolation ? `not shown: met only where the replicas used under ${LIGHT_LOAD_CORES} cores (extrapolated); climb the ladder higher` : 'NOT met'}`
      : `highest rate per core: none (no rate had ack p99 ≤ ${RATE_TARGET.p99Ms} ms without errors). Target ≥ ${RATE_TARGET.perCore} req/s per core: NOT met`,
    `postgresql: ${report.postgres}`,
    '',
  ].join('\n');
}

/** The machine's CPU time so far, busy and in all (every core, in ticks), from /proc/stat; undefined elsewhere. */
function machineCpu(): { busy: number; total: number } | undefined {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    return { busy: total - ticks[3]! - ticks[4]!, total }; // less idle and iowait
  } catch {
    return undefined;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** CPU time a process has used so far, in milliseconds (Linux's /proc; NaN elsewhere). */
function cpuMs(bot: BotProcess): number {
  try {
    const fields = readFileSync(`/proc/${bot.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Which replica gets request `i`: in turn by pairs (so that each gets slash commands and
 * mentions alike), or the one with the fewest in flight (`inFlight`, kept by the caller).
 */
function replicaPicker(replicas: BotProcess[], balance: Balance) {
  const inFlight = new Map(replicas.map((r) => [r, 0]));
  const pick = (i: number): BotProcess => {
    if (balance === 'round-robin') return replicas[Math.floor(i / 2) % replicas.length]!;
    const fewest = Math.min(...inFlight.values());
    const idle = replicas.filter((r) => inFlight.get(r) === fewest);
    return idle[i % idle.length]!;
  };
  return { inFlight, pick };
}
