import pg from 'pg';
import { emptyDigestMemory, type DigestMemory } from '../digest/compose.ts';
import { DigestStateError } from '../digest/errors.ts';
import { MAX_SLOT_RECORDS, type DigestStore, type SlotRecord } from '../digest/store.ts';
import type { Outcome } from './activity.ts';
import { conversationKeyHash, storedContext } from './conversations.ts';
import { feedbackKey, type FeedbackStore, type Vote } from './feedback.ts';
import { toStoredRecord, type QuestionLog, type QuestionRecord } from './questions.ts';
import { EVENT_CLAIM_TTL_MS, EVENT_PURGE_EVERY_MS, StateStoreError, type StateStore, type StoreLog } from './state-store.ts';

export interface PostgresConfig {
  /** DATABASE_URL as given (it holds the password: never log it; see `masked`). */
  url: string;
  /** DATABASE_URL with its password masked, for messages. */
  masked: string;
  /** DATABASE_POOL_MAX: connections per replica. */
  poolMax: number;
  /** DATABASE_STATEMENT_TIMEOUT: the server cancels a statement running longer (and the client gives up a second later). */
  statementTimeoutMs: number;
  /** DATABASE_CONNECT_TIMEOUT: how long opening a connection (or waiting for a free one) may take. */
  connectTimeoutMs: number;
}

/** Migrations hold a session-level advisory lock under this key, so replicas starting together take turns. */
export const MIGRATION_LOCK_KEY = 7_358_414_211_092_013n;

/**
 * The schema, one step per version. A step runs once, in a transaction with the row that
 * records it in `schema_version`; later versions append steps, never edit applied ones.
 * No table holds a user id, a channel id or a message id (docs/records.md).
 */
export const MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'event claims, digest slots and memory, conversations, question records, activity, feedback',
    sql: `
      -- Which replica answers an event: the first to insert its id. Purged after an hour.
      CREATE TABLE event_claims (
        event_id   text PRIMARY KEY,
        claimed_at timestamptz NOT NULL
      );
      CREATE INDEX event_claims_claimed_at ON event_claims (claimed_at);

      -- One row per digest slot (its scheduled time): claimed, then posted or skipped. Only the latest slots are kept.
      CREATE TABLE digest_slots (
        slot       text PRIMARY KEY,
        status     text NOT NULL CHECK (status IN ('claimed', 'posted', 'skipped')),
        claimed_at timestamptz NOT NULL,
        posted_at  timestamptz,
        ts         text,
        channel    text,
        reason     text
      );

      -- What the digests have shown (one row), saved in the transaction that marks a slot posted.
      CREATE TABLE digest_memory (
        id         smallint PRIMARY KEY CHECK (id = 1),
        memory     jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- What a thread or DM was last about, until it expires. The key is a hash of the conversation's ids.
      CREATE TABLE conversations (
        key        text PRIMARY KEY,
        context    jsonb NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX conversations_expires_at ON conversations (expires_at);

      -- The questions curators should look at (toStoredRecord: mentions and ids stripped). Never who asked or where.
      CREATE TABLE question_records (
        id           bigserial PRIMARY KEY,
        at           timestamptz NOT NULL,
        question     text NOT NULL,
        outcome      text NOT NULL,
        kind         text NOT NULL,
        fact         text,
        confidence   double precision NOT NULL,
        meeting      text,
        channel_type text NOT NULL
      );
      CREATE INDEX question_records_at ON question_records (at);

      -- How each question ended (time and outcome only).
      CREATE TABLE activity (
        id      bigserial PRIMARY KEY,
        at      timestamptz NOT NULL,
        outcome text NOT NULL
      );
      CREATE INDEX activity_at ON activity (at);

      -- 👍/👎 once per person per answer: the key is a hash of (user, answer), never the user id.
      CREATE TABLE feedback (
        key  text PRIMARY KEY,
        vote text NOT NULL CHECK (vote IN ('up', 'down')),
        fact text,
        kind text NOT NULL,
        at   timestamptz NOT NULL
      );
      CREATE INDEX feedback_at ON feedback (at);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/**
 * Creates or migrates the schema to SCHEMA_VERSION, idempotently: under a session advisory
 * lock, so that replicas starting at the same moment take turns (the second finds the work
 * done). Returns the version the database is at.
 */
export async function migrate(client: pg.ClientBase, log?: StoreLog): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
  try {
    // Looked up before any DDL, so that a role without CREATE runs against a schema that is current.
    const exists = (await client.query<{ exists: boolean }>(`SELECT to_regclass('schema_version') IS NOT NULL AS exists`)).rows[0]?.exists;
    if (!exists) {
      await client.query(`CREATE TABLE schema_version (
        version     integer PRIMARY KEY,
        description text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);
    }
    const current = Number((await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version')).rows[0]?.v ?? 0);
    if (current > SCHEMA_VERSION) {
      log?.warn(`PostgreSQL schema is at version ${current}, newer than this bot's ${SCHEMA_VERSION} (a newer replica migrated it); carrying on`);
      return current;
    }
    for (const step of MIGRATIONS.filter((m) => m.version > current)) {
      await client.query('BEGIN');
      try {
        await client.query(step.sql);
        await client.query('INSERT INTO schema_version (version, description) VALUES ($1, $2)', [step.version, step.description]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`migration to version ${step.version} failed: ${describeError(error)}`, { cause: error });
      }
      log?.info(`PostgreSQL schema migrated to version ${step.version} (${step.description})`);
    }
    return Math.max(current, SCHEMA_VERSION);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch(() => undefined);
  }
}

/**
 * The state in PostgreSQL. Opening connects once (StateStoreError, naming DATABASE_URL with
 * its password masked, if it cannot) and migrates the schema; then a pool serves every call.
 * A connection lost at run time fails the calls made meanwhile (their callers degrade) and is
 * replaced by the pool at the next one: the store reconnects by itself, and an idle
 * connection's error is logged, never thrown.
 */
export async function openPostgresStore(config: PostgresConfig, log?: StoreLog): Promise<StateStore> {
  const common = { connectionString: config.url, connectionTimeoutMillis: config.connectTimeoutMs, application_name: 'summit-bot', keepAlive: true };
  const setup = new pg.Client({ ...common, statement_timeout: 60_000, query_timeout: 65_000 });
  setup.on('error', () => undefined); // a connection dropped mid-setup fails the query in progress
  try {
    await setup.connect();
  } catch (error) {
    await setup.end().catch(() => undefined);
    throw new StateStoreError(
      `cannot connect to PostgreSQL at ${config.masked} (DATABASE_URL): ${describeError(error)}. ` +
        `Check DATABASE_URL and that the server is running and accepts connections from this host; or leave DATABASE_URL empty to keep state in files in STATE_DIR.`,
      { cause: error },
    );
  }
  try {
    await migrate(setup, log);
  } catch (error) {
    throw new StateStoreError(
      `the schema in PostgreSQL at ${config.masked} (DATABASE_URL) could not be created or migrated: ${describeError(error)}. Check that the user may create tables in that database.`,
      {
        cause: error,
      },
    );
  } finally {
    await setup.end().catch(() => undefined);
  }

  const pool = new pg.Pool({
    ...common,
    max: config.poolMax,
    idleTimeoutMillis: 30_000,
    statement_timeout: config.statementTimeoutMs,
    query_timeout: config.statementTimeoutMs + 1_000,
    // Idle connections never keep a stopping process (or a CLI) alive.
    allowExitOnIdle: true,
  });
  let lastWarning = -Infinity;
  const connectionLost = (error: Error) => {
    if (Date.now() - lastWarning < 60_000) return;
    lastWarning = Date.now();
    log?.warn(`PostgreSQL connection lost (${describeError(error)}); the pool opens a new one at the next query`);
  };
  pool.on('error', connectionLost); // an idle connection's error: without a listener, it would crash the process
  pool.on('connect', (client) => client.on('error', () => undefined)); // a checked-out connection's: its query fails instead

  const query = <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]) => pool.query<R>(text, values);
  const transaction = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => void (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  };

  let lastPurge = -Infinity;
  let closed: Promise<void> | undefined;
  return {
    location: `PostgreSQL at ${config.masked}`,
    async claimEvent(eventId, now) {
      if (now.getTime() - lastPurge >= EVENT_PURGE_EVERY_MS) {
        lastPurge = now.getTime();
        await query('DELETE FROM event_claims WHERE claimed_at < $1', [new Date(now.getTime() - EVENT_CLAIM_TTL_MS)]).catch(() => undefined);
      }
      const result = await query('INSERT INTO event_claims (event_id, claimed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [eventId, now]);
      return result.rowCount === 1;
    },
    digest: postgresDigestStore(query, transaction),
    conversations: {
      async get(key, now) {
        const { rows } = await query<{ context: unknown }>('SELECT context FROM conversations WHERE key = $1 AND expires_at > $2', [conversationKeyHash(key), now]);
        return storedContext(rows[0]?.context);
      },
      async set(key, context, now, ttlMs) {
        await query(
          `INSERT INTO conversations (key, context, expires_at) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO UPDATE SET context = EXCLUDED.context, expires_at = EXCLUDED.expires_at`,
          [conversationKeyHash(key), JSON.stringify(storedContext(context)), new Date(now.getTime() + ttlMs)],
        );
      },
      async purge(now) {
        return (await query('DELETE FROM conversations WHERE expires_at <= $1', [now])).rowCount ?? 0;
      },
    },
    questions: postgresQuestionLog(query),
    activity: {
      async count(outcome, at) {
        await query('INSERT INTO activity (at, outcome) VALUES ($1, $2)', [at, outcome]);
      },
      async totals(since) {
        const totals: Record<Outcome, number> = { answered: 0, declined: 0, partial: 0, 'not-reported': 0, 'thumbs-down': 0 };
        const { rows } = await query<{ outcome: string; n: number }>('SELECT outcome, count(*)::int AS n FROM activity WHERE at >= $1 GROUP BY outcome', [since]);
        for (const { outcome, n } of rows) if (outcome in totals) totals[outcome as Outcome] = n;
        return totals;
      },
      async purge(before) {
        return (await query('DELETE FROM activity WHERE at < $1', [before])).rowCount ?? 0;
      },
    },
    feedback: postgresFeedbackStore(query),
    async health() {
      try {
        const { rows } = await query<{ v: number }>('SELECT max(version) AS v FROM schema_version');
        return { ok: true, detail: `PostgreSQL at ${config.masked}, schema version ${rows[0]?.v}` };
      } catch (error) {
        return { ok: false, detail: `PostgreSQL at ${config.masked}: ${describeError(error)}` };
      }
    },
    close() {
      closed ??= pool.end().catch(() => undefined);
      return closed;
    },
  };
}

type Query = <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;
type Transaction = <T>(fn: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

interface SlotRow {
  slot: string;
  status: SlotRecord['status'];
  claimed_at: Date;
  posted_at: Date | null;
  ts: string | null;
  channel: string | null;
  reason: string | null;
}

function slotRecord(row: SlotRow): SlotRecord {
  const record: SlotRecord = { slot: row.slot, status: row.status, claimedAt: row.claimed_at.toISOString() };
  if (row.posted_at) record.postedAt = row.posted_at.toISOString();
  if (row.ts !== null) record.ts = row.ts;
  if (row.channel !== null) record.channel = row.channel;
  if (row.reason !== null) record.reason = row.reason;
  return record;
}

/** The DigestStore contract (src/digest/store.ts) on two tables: a claim is an INSERT … ON CONFLICT DO NOTHING. */
function postgresDigestStore(query: Query, transaction: Transaction): DigestStore {
  // Keeps the latest MAX_SLOT_RECORDS slots, as the file store does.
  const prune = (run: (text: string, values: unknown[]) => Promise<unknown>) =>
    run('DELETE FROM digest_slots WHERE slot < (SELECT slot FROM digest_slots ORDER BY slot DESC OFFSET $1 LIMIT 1)', [MAX_SLOT_RECORDS - 1]);
  return {
    async claimSlot(slot, now) {
      const result = await query(`INSERT INTO digest_slots (slot, status, claimed_at) VALUES ($1, 'claimed', $2) ON CONFLICT DO NOTHING`, [slot, now]);
      return result.rowCount === 1;
    },
    async saveMemory(memory) {
      await query(
        `INSERT INTO digest_memory (id, memory, updated_at) VALUES (1, $1, now())
         ON CONFLICT (id) DO UPDATE SET memory = EXCLUDED.memory, updated_at = EXCLUDED.updated_at`,
        [JSON.stringify(memory)],
      );
    },
    markPosted: (slot, info) =>
      transaction(async (client) => {
        await client.query(
          `INSERT INTO digest_slots (slot, status, claimed_at, posted_at, ts, channel) VALUES ($1, 'posted', $2, $2, $3, $4)
           ON CONFLICT (slot) DO UPDATE SET status = 'posted', posted_at = $2, ts = $3, channel = $4, reason = NULL`,
          [slot, info.at, info.ts, info.channel],
        );
        await client.query(
          `INSERT INTO digest_memory (id, memory, updated_at) VALUES (1, $1, $2)
           ON CONFLICT (id) DO UPDATE SET memory = EXCLUDED.memory, updated_at = EXCLUDED.updated_at`,
          [JSON.stringify(info.memory), info.at],
        );
        await prune((text, values) => client.query(text, values));
      }),
    async markSkipped(slot, reason, now) {
      await query(
        `INSERT INTO digest_slots (slot, status, claimed_at, reason) VALUES ($1, 'skipped', $2, $3)
         ON CONFLICT (slot) DO UPDATE SET status = 'skipped', reason = $3 WHERE digest_slots.status <> 'posted'`,
        [slot, now, reason],
      );
      await prune(query);
    },
    async releaseSlot(slot) {
      await query(`DELETE FROM digest_slots WHERE slot = $1 AND status = 'claimed'`, [slot]);
    },
    async getSlot(slot) {
      const { rows } = await query<SlotRow>('SELECT * FROM digest_slots WHERE slot = $1', [slot]);
      return rows[0] && slotRecord(rows[0]);
    },
    async unfinishedSlots() {
      const { rows } = await query<SlotRow>(`SELECT * FROM digest_slots WHERE status = 'claimed' ORDER BY slot`);
      return rows.map(slotRecord);
    },
    async readMemory() {
      const { rows } = await query<{ memory: DigestMemory }>('SELECT memory FROM digest_memory WHERE id = 1');
      const memory = rows[0]?.memory;
      if (!memory) return emptyDigestMemory();
      if (typeof memory.fingerprints !== 'object' || !Array.isArray(memory.shown) || typeof memory.cycle !== 'number') {
        throw new DigestStateError(
          'DIGEST_STATE_CORRUPT',
          'digest_memory',
          'The digest memory in PostgreSQL (table digest_memory) does not have the expected shape. Delete its row to start the rotation afresh.',
        );
      }
      return memory;
    },
  };
}

interface QuestionRow {
  at: Date;
  question: string;
  outcome: QuestionRecord['outcome'];
  kind: string;
  fact: string | null;
  confidence: number;
  meeting: string | null;
  channel_type: QuestionRecord['channelType'];
}

/** The QuestionLog contract: one row per record as toStoredRecord makes it, purged through the index on `at`. */
function postgresQuestionLog(query: Query): QuestionLog {
  return {
    async append(record) {
      const r = toStoredRecord(record);
      await query('INSERT INTO question_records (at, question, outcome, kind, fact, confidence, meeting, channel_type) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        r.at,
        r.question,
        r.outcome,
        r.kind,
        r.fact ?? null,
        r.confidence,
        r.meeting ?? null,
        r.channelType,
      ]);
    },
    async read(since) {
      const columns = 'SELECT at, question, outcome, kind, fact, confidence, meeting, channel_type FROM question_records';
      const { rows } = since ? await query<QuestionRow>(`${columns} WHERE at >= $1 ORDER BY at, id`, [since]) : await query<QuestionRow>(`${columns} ORDER BY at, id`);
      return rows.map((row) => {
        const record: QuestionRecord = { at: row.at.toISOString(), question: row.question, outcome: row.outcome, kind: row.kind, confidence: row.confidence, channelType: row.channel_type };
        if (row.fact !== null) record.fact = row.fact;
        if (row.meeting !== null) record.meeting = row.meeting;
        return record;
      });
    },
    async purge(before) {
      return (await query('DELETE FROM question_records WHERE at < $1', [before])).rowCount ?? 0;
    },
  };
}

/** The FeedbackStore contract: a vote is an INSERT … ON CONFLICT DO NOTHING on the hash of (user, answer). */
function postgresFeedbackStore(query: Query): FeedbackStore {
  return {
    async record(user, answer, vote) {
      const result = await query('INSERT INTO feedback (key, vote, fact, kind, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
        feedbackKey(user, answer),
        vote.vote,
        vote.fact ?? null,
        vote.kind,
        new Date(vote.at),
      ]);
      return result.rowCount === 1;
    },
    async read(since) {
      const { rows } = await query<{ vote: Vote['vote']; fact: string | null; kind: string; at: Date }>('SELECT vote, fact, kind, at FROM feedback WHERE at >= $1 ORDER BY at', [since]);
      return rows.map((row) => (row.fact === null ? { vote: row.vote, kind: row.kind, at: row.at.toISOString() } : { vote: row.vote, fact: row.fact, kind: row.kind, at: row.at.toISOString() }));
    },
    async purge(before) {
      return (await query('DELETE FROM feedback WHERE at < $1', [before])).rowCount ?? 0;
    },
  };
}

/** An error's message; Node's connect errors to several addresses are an AggregateError with none of its own. */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return [...new Set(error.errors.map(describeError))].join('; ') || 'connection failed';
  if (error instanceof Error) return error.message || String((error as { code?: unknown }).code ?? error.name);
  return String(error);
}
