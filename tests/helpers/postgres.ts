/**
 * A throwaway PostgreSQL server for tests: initdb into a temp folder, started with pg_ctl on a
 * free loopback port (its socket in that folder too), stopped and deleted afterwards. Uses the
 * server binaries Debian installs (/usr/lib/postgresql/<version>/bin), or initdb and pg_ctl on
 * PATH. initdb refuses to run as root: as root (CI), the binaries run as the `postgres` system
 * user, which owns the folder.
 *
 * Where no PostgreSQL is installed, `postgresTests` says so in one loud line and the tests
 * that need it skip; under CI=true they fail instead (.ci/run installs it).
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { it } from 'vitest';

const run = promisify(execFile);

/**
 * The folder holding initdb and pg_ctl: TEST_POSTGRES_BIN if set (`none` to act as if there
 * were none), else the newest Debian version's, else PATH's; undefined if none.
 */
export function findPostgresBin(): string | undefined {
  const given = process.env.TEST_POSTGRES_BIN;
  if (given) return given === 'none' ? undefined : given;
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')) && existsSync(join(debian, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(debian, versions[0], 'bin');
  return (process.env.PATH ?? '').split(':').find((dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

export const POSTGRES_BIN = findPostgresBin();
const IN_CI = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

/**
 * Whether the `count` tests of `what` that need PostgreSQL can run. When they cannot: one
 * loud line and false (the caller skips them), or under CI=true a failing test instead.
 */
export function postgresTests(count: number, what: string): boolean {
  if (POSTGRES_BIN) return true;
  const tests = `${count} test${count === 1 ? '' : 's'}`;
  const message = `PostgreSQL not found: skipping ${tests} (${what}). Install it (Debian: apt-get install postgresql) to run them; .ci/run does.`;
  if (IN_CI) {
    it(`PostgreSQL is installed (CI=true: the ${tests} of ${what} must run)`, () => {
      throw new Error(`${message} Under CI=true they must not be skipped.`);
    });
  } else {
    console.warn(`\n*** ${message} ***\n`);
  }
  return false;
}

export interface TestPostgres {
  readonly port: number;
  /** A URL as the superuser `postgres` (no password: trust on loopback) to `database`. */
  url(database?: string): string;
  /** Creates an empty database and returns its URL. */
  freshDatabase(): Promise<string>;
  /** Runs one statement as the superuser in `database` (default postgres). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[], database?: string): Promise<R[]>;
  /** Stops the server, keeping its data (`immediate`: as a crash would). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  destroy(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
async function pgBin(bin: string, name: string, args: string[]): Promise<void> {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] : [join(bin, name), args];
  try {
    await run(command, argv, { timeout: 60_000 });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${name} ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let databases = 0;

/** initdb, then start on a free loopback port. Takes a second or two. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = POSTGRES_BIN;
  if (!bin) throw new Error('PostgreSQL not found (no /usr/lib/postgresql/*/bin/initdb, no initdb on PATH)');
  const base = mkdtempSync(join(tmpdir(), 'summit-pg-'));
  const data = join(base, 'data');
  if (asRoot) {
    const id = (flag: '-u' | '-g') => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(base, id('-u'), id('-g'));
  }
  await pgBin(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  const port = await freePort();
  // Speed over durability: a test server's data is thrown away.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${base} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const start = () => pgBin(bin, 'pg_ctl', ['-D', data, '-l', join(base, 'server.log'), '-o', options, '-w', '-t', '30', 'start']);
  const stop = (mode: 'fast' | 'immediate' = 'fast') => pgBin(bin, 'pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
  await start();
  // If the test process dies without afterAll, the server must not outlive it.
  const onExit = () => {
    try {
      execFileSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), [...(asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []), '-D', data, '-m', 'immediate', 'stop'], { stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(base, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const query: TestPostgres['query'] = async (sql, values, database) => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    port,
    url,
    query,
    async freshDatabase() {
      const name = `test_${process.pid}_${++databases}`;
      await query(`CREATE DATABASE ${name}`);
      return url(name);
    },
    stop,
    start,
    async destroy() {
      process.removeListener('exit', onExit);
      await stop('immediate').catch(() => undefined);
      rmSync(base, { recursive: true, force: true });
    },
  };
}
