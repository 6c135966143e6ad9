/**
 * `npm run bench:slack [-- --json] [-- --requests 1500] [-- --profile DIR] [-- --balance least-busy]`: the bot under load as Slack would
 * load it, on loopback only. The compiled bot (production's command, as `npm start` ends: built first) runs as
 * one replica and as two (separate processes sharing one state), with the file store and,
 * when PostgreSQL is available, with PostgreSQL. Signed slash commands and mentions (one
 * mention in five delivered twice, as Slack's retry landing on the other replica would be) go
 * to the replicas in turn (with `--balance least-busy`, each to the one with the fewest in flight) at 10 and then 50 requests in flight (each run after 1,000 unmeasured
 * ones at the same concurrency, for the JIT and the connections); a fake Web API in this process
 * takes the replies. Printed: ack latency p50/p99/max (request sent to HTTP response), replies
 * per second, the replicas' CPU time per request (Linux), and duplicates (replies per event
 * above one, counted at the fake Web API: must be 0), and start-up (process start to listening). Bounded: a fixed number of requests per
 * run, each run cut at 60 s, the whole bench at 10 minutes; every process it starts is killed
 * when it ends, however it ends. `--profile DIR` writes each replica's CPU profile there
 * (node --cpu-prof; open it in Chrome's DevTools), to see where a request's time goes.
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

const { values: flags } = parseArgs({
  options: { json: { type: 'boolean', default: false }, requests: { type: 'string' }, profile: { type: 'string' }, balance: { type: 'string', default: 'round-robin' }, help: { type: 'boolean', default: false } },
});
if (flags.help) {
  process.stdout.write(
    'npm run bench:slack [-- --json] [-- --requests N] [-- --profile DIR] [-- --balance round-robin|least-busy]\n' +
      '  N per run, default 1500, at most 20000; DIR gets each replica\'s CPU profile; --balance: how requests are shared among\n' +
      '  replicas, in turn (default, as most load balancers do) or to the one with the fewest in flight (nginx least_conn,\n' +
      '  an ALB\'s least outstanding requests)\n',
  );
  process.exit(0);
}
const BALANCES = ['round-robin', 'least-busy'] as const;
type Balance = (typeof BALANCES)[number];
if (!BALANCES.includes(flags.balance as Balance)) {
  process.stderr.write(`bench:slack: --balance is round-robin or least-busy, not "${flags.balance}"\n`);
  process.exit(2);
}
const balance = flags.balance as Balance;
/** node's options for every replica measured: a CPU profile each, with --profile. */
const nodeArgs = flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${flags.profile}`] : [];
const requestsPerRun = Math.min(MAX_REQUESTS, Math.max(100, Number(flags.requests ?? DEFAULT_REQUESTS) || DEFAULT_REQUESTS));
const progress = (line: string) => void process.stderr.write(`${line}\n`);
/** Kept-alive loopback connections for the requests (see post()). */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
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
const questions = loadKnowledgeBase(knowledgeDir()).facts.flatMap((f) => f.questions.slice(0, 3));
const api = await startFakeSlackApi();
const stores: StoreUnderBench[] = [fileStore()];
const postgres = await postgresStore();
if (postgres) stores.push(postgres);

let exitCode = 0;
try {
  progress('bench:slack: building dist/ (npm run build)…');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

  const startups: StartupResult[] = [];
  for (const store of stores) startups.push(await measureStartup(store));

  const runs: RunResult[] = [];
  for (const store of stores) {
    for (const replicaCount of REPLICAS) {
      const state = await store.fresh();
      const env = { ...state.env, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.url, LOG_LEVEL: 'info' };
      const replicas = await Promise.all(Array.from({ length: replicaCount }, () => startBotProcess(env, { entry: 'compiled', nodeArgs })));
      try {
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
      } finally {
        await Promise.all(replicas.map((r) => r.stop()));
        await state.dispose();
      }
    }
  }

  const target = runs.filter((r) => r.concurrency === TARGET.concurrency);
  const report = {
    machine: { cpus: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadBefore: loadBefore.map((l) => Math.round(l * 100) / 100) },
    requestsPerRun,
    balance,
    startup: startups,
    runs,
    target: { ...TARGET, met: target.every((r) => r.ack.p99 < TARGET.p99Ms), missedBy: target.filter((r) => r.ack.p99 >= TARGET.p99Ms).map((r) => `${r.store} × ${r.replicas} (${r.ack.p99} ms)`) },
    postgres: postgres ? (process.env.DATABASE_URL?.trim() ? 'DATABASE_URL' : 'a throwaway server (initdb, pg_ctl; fsync off)') : 'not measured: set DATABASE_URL to a scratch database, or install PostgreSQL (initdb, pg_ctl)',
  };
  if (runs.some((r) => r.duplicates > 0 || r.missing > 0 || r.failed > 0)) exitCode = 1;
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
} finally {
  killAllBotProcesses();
  await api.close();
  await Promise.all(stores.map((s) => s.close()));
}
process.exit(exitCode);

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

  const inFlight = new Map(replicas.map((r) => [r, 0]));
  /** Request `i`'s replica: in turn by pairs (so that each gets slash commands and mentions alike), or the least busy. */
  const pick = (i: number): BotProcess => {
    if (balance === 'round-robin') return replicas[Math.floor(i / 2) % replicas.length]!;
    const fewest = Math.min(...inFlight.values());
    const idle = replicas.filter((r) => inFlight.get(r) === fewest);
    return idle[i % idle.length]!;
  };
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
 * as it can (fetch costs about twice as much per request).
 */
function post(url: string, request: SlackRequestBody, retryNum?: number): Promise<{ status: number; body: string }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': request.contentType,
    'content-length': String(Buffer.byteLength(request.body)),
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signBody(SIGNING_SECRET, request.body, timestamp),
  };
  if (retryNum !== undefined) Object.assign(headers, { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' });
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
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

function formatReport(report: { requestsPerRun: number; balance: Balance; machine: { cpus: number; cpu: string; node: string; loadBefore: number[] }; startup: StartupResult[]; runs: RunResult[]; target: { concurrency: number; p99Ms: number; met: boolean; missedBy: string[] }; postgres: string }): string {
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
