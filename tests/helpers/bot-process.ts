/**
 * The bot as a real process in HTTP mode, as an orchestrator runs it: for tests that need
 * several replicas, `kill -9`, or a restart, and for `npm run bench:slack`. Each process gets
 * only the environment given here (nothing of this shell's Slack, digest or state settings,
 * no .env), logs to a buffer, and is known to `killAllBotProcesses()` until it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The command `npm start` ends in (package.json), split into words: `node`, its options, the
 * script. The one place production's node options are written; the bench runs the same.
 */
export function productionCommand(): string[] {
  const start = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const command = /\bexec (node .*dist\/cli\/start\.js)$/.exec(start)?.[1];
  if (!command) throw new Error(`package.json's start script does not end in "exec node … dist/cli/start.js": ${start}`);
  return command.split(/\s+/);
}

/**
 * How the bot is started: `tsx` runs the TypeScript sources (nothing to build first; the
 * tests' choice), `compiled` runs production's command (`productionCommand()`: node, its options, dist/cli/start.js; after
 * `npm run build`; the bench's choice).
 */
export type BotEntry = 'tsx' | 'compiled';

export interface BotProcess {
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The one endpoint Slack posts to: commands, events and interactivity. */
  readonly eventsUrl: string;
  /** From spawn() to the bot's "started in HTTP mode" line, in milliseconds. */
  readonly startupMs: number;
  /** Everything the process wrote to stderr so far (its log). */
  log(): string;
  /** Resolves with the log once `test` passes on it, checked at each write; rejects after `timeoutMs` or when the process exits first. */
  waitForLog(test: RegExp | ((log: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  /** `kill -9`: no handler runs, nothing is flushed or released. Resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM, as an orchestrator stops it; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Variables of this shell that would change what a bot process does, so never passed on. */
const INHERITED_BUT_NOT_PASSED = /^(SLACK_|DIGEST_|DATABASE_|QUESTION_LOG|CURATOR_USER_IDS$|KNOWLEDGE_DIR$|STATE_DIR$|PORT$|LOG_LEVEL$)/;

const running = new Set<ChildProcess>();

/** SIGKILL every bot process still running (for afterEach/afterAll, and a bench stopped early). */
export function killAllBotProcesses(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
}

/**
 * Starts one bot process in HTTP mode on a free loopback port and resolves once it listens.
 * `env` is the bot's configuration (SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL…);
 * PORT=0, SLACK_APP_TOKEN empty, LOG_LEVEL=info and no DIGEST_CHANNEL unless given. Rejects,
 * with the log, if the process exits first or does not listen within `timeoutMs`. `nodeArgs`
 * go to node after production's own options, so that they win (the bench's --cpu-prof).
 */
export function startBotProcess(env: Record<string, string>, options: { entry?: BotEntry; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<BotProcess> {
  const { entry = 'tsx', timeoutMs = 30_000, nodeArgs = [] } = options;
  const [, ...production] = entry === 'compiled' ? productionCommand() : [];
  const args = entry === 'tsx' ? [...nodeArgs, '--import', 'tsx', 'src/cli/start.ts'] : [...production.slice(0, -1), ...nodeArgs, ...production.slice(-1)];
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !INHERITED_BUT_NOT_PASSED.test(name)));
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // A state folder of its own unless the test shares one: a test never writes into the checkout.
    env: {
      ...inherited,
      DOTENV_CONFIG_PATH: '/nonexistent/.env',
      SLACK_APP_TOKEN: '',
      PORT: '0',
      LOG_LEVEL: 'info',
      DIGEST_CHANNEL: '',
      STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-bot-state-')),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let log = '';
  const watchers = new Set<() => void>();
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    log += chunk;
    for (const watcher of [...watchers]) watcher();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      running.delete(child);
      for (const watcher of [...watchers]) watcher();
      resolve(code);
    });
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;

  const waitForLog = (test: RegExp | ((text: string) => boolean), ms = 10_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const passes = () => (typeof test === 'function' ? test(log) : test.test(log));
      const timer = setTimeout(() => finish(new Error(`bot process ${child.pid}: no log line matching ${String(test)} within ${ms} ms; its log:\n${log}`)), ms);
      const finish = (error?: Error) => {
        clearTimeout(timer);
        watchers.delete(check);
        if (error) reject(error);
        else resolve(log);
      };
      const check = () => {
        if (passes()) finish();
        else if (gone()) finish(new Error(`bot process ${child.pid} exited (${child.exitCode ?? child.signalCode}) before logging ${String(test)}; its log:\n${log}`));
      };
      watchers.add(check);
      check();
    });

  return waitForLog(/started in HTTP mode on port \d+/, timeoutMs).then(
    (text) => {
      const startupMs = performance.now() - spawnedAt;
      const port = Number(/started in HTTP mode on port (\d+)/.exec(text)![1]);
      const origin = `http://127.0.0.1:${port}`;
      return {
        pid: child.pid!,
        port,
        origin,
        eventsUrl: `${origin}/slack/events`,
        startupMs,
        log: () => log,
        waitForLog,
        exited,
        async kill9() {
          if (!gone()) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (!gone()) child.kill('SIGTERM');
          return exited;
        },
      };
    },
    (error: unknown) => {
      if (!gone()) child.kill('SIGKILL');
      throw error;
    },
  );
}
