/**
 * The state store's contract, the same tests run against both implementations: the files in
 * STATE_DIR and PostgreSQL (a throwaway server, see tests/helpers/postgres.ts). Each test gets
 * an empty store, and opens a second one on the same state where the test is about replicas.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emptyDigestMemory, MAX_SLOT_RECORDS, type DigestMemory } from '../../src/digest/index.ts';
import { readConfig } from '../../src/config.ts';
import { openPostgresStore } from '../../src/state/postgres.ts';
import { toStoredRecord, type QuestionRecord } from '../../src/state/questions.ts';
import { fileStateStore, type StateStore } from '../../src/state/store.ts';
import { runCli } from '../helpers/cli.ts';
import { postgresTests, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';

interface Opened {
  store: StateStore;
  /** Another store on the same state: a second replica. */
  another(): Promise<StateStore>;
  /** Everything stored, as text (file names and contents; every table's rows). */
  dump(): Promise<string>;
}

interface Implementation {
  name: string;
  open(): Promise<Opened>;
}

const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));
const opened: StateStore[] = [];
const track = (store: StateStore) => (opened.push(store), store);
afterEach(async () => void (await Promise.all(opened.splice(0).map((s) => s.close()))));

const fileImplementation: Implementation = {
  name: 'file store (STATE_DIR)',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'summit-contract-'));
    const dump = (path: string): string =>
      readdirSync(path)
        .map((name) => {
          const full = join(path, name);
          return statSync(full).isDirectory() ? `${name}/\n${dump(full)}` : `${name}\n${readFileSync(full, 'utf8')}\n`;
        })
        .join('');
    return { store: track(fileStateStore(dir)), another: async () => track(fileStateStore(dir)), dump: async () => dump(dir) };
  },
};

let server: TestPostgres | undefined;
const TABLES = ['schema_version', 'event_claims', 'digest_slots', 'digest_memory', 'conversations', 'question_records', 'activity', 'feedback'];
const postgresImplementation: Implementation = {
  name: 'PostgreSQL',
  async open() {
    const url = await server!.freshDatabase();
    const open = async () => track(await openPostgresStore(postgresConfig({ DATABASE_URL: url })));
    const database = new URL(url).pathname.slice(1);
    const dump = async () => {
      const tables = await Promise.all(TABLES.map(async (t) => `${t}\n${JSON.stringify(await server!.query(`SELECT * FROM ${t}`, [], database))}\n`));
      return tables.join('');
    };
    return { store: await open(), another: open, dump };
  },
};

const now = new Date('2024-03-01T09:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const slotA = '2024-03-01T09:00:00.000Z';
const slotB = '2024-03-04T09:00:00.000Z';
const memory: DigestMemory = { fingerprints: { 'fact-a': 'abc' }, shown: ['fact-a'], cycle: 2 };

/** The contract: [name, test]; each gets a fresh, empty store. */
const CONTRACT: [string, (o: Opened) => Promise<void>][] = [
  [
    'gives an event to exactly one of 20 concurrent claims, across replicas',
    async ({ store, another }) => {
      const stores = [store, await another(), await another()];
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % stores.length]!.claimEvent('Ev0CONTRACT1', now)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.claimEvent('Ev0CONTRACT2', now)).toBe(true);
      expect(await stores[1]!.claimEvent('Ev0CONTRACT2', now)).toBe(false);
    },
  ],
  [
    'keeps an event claim for an hour (longer than Slack retries), then forgets it',
    async ({ store }) => {
      expect(await store.claimEvent('EvOLD', now)).toBe(true);
      expect(await store.claimEvent('EvOLD', minutes(59))).toBe(false);
      expect(await store.claimEvent('EvNEW', minutes(120))).toBe(true); // the store purges at most every 10 minutes, at a claim
      expect(await store.claimEvent('EvOLD', minutes(120))).toBe(true);
      expect(await store.claimEvent('EvNEW', minutes(121))).toBe(false);
    },
  ],
  [
    'lets a digest slot be claimed once, also by another replica',
    async ({ store, another }) => {
      const other = await another();
      expect(await store.digest.readMemory()).toEqual(emptyDigestMemory());
      expect(await store.digest.unfinishedSlots()).toEqual([]);
      expect(await store.digest.claimSlot(slotA, now)).toBe(true);
      expect(await other.digest.claimSlot(slotA, now)).toBe(false);
      expect(await other.digest.claimSlot(slotB, now)).toBe(true);
      expect(await other.digest.getSlot(slotA)).toEqual({ slot: slotA, status: 'claimed', claimedAt: now.toISOString() });
      expect(await store.digest.getSlot('2020-01-01T00:00:00.000Z')).toBeUndefined();
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? store : other).digest.claimSlot('2024-03-05T09:00:00.000Z', now)));
      expect(results.filter(Boolean)).toHaveLength(1);
    },
  ],
  [
    'saves the digest memory with the slot marked posted',
    async ({ store, another }) => {
      await store.digest.claimSlot(slotA, now);
      await store.digest.markPosted(slotA, { ts: '1709283600.000100', channel: 'C123', at: new Date('2024-03-01T09:00:02Z'), memory });
      const other = await another();
      expect(await other.digest.getSlot(slotA)).toEqual({
        slot: slotA,
        status: 'posted',
        claimedAt: now.toISOString(),
        postedAt: '2024-03-01T09:00:02.000Z',
        ts: '1709283600.000100',
        channel: 'C123',
      });
      expect(await other.digest.readMemory()).toEqual(memory);
      expect(await store.digest.unfinishedSlots()).toEqual([]);
      expect(await other.digest.claimSlot(slotA, now)).toBe(false);
      const next = { ...memory, shown: ['fact-a', 'fact-b'], cycle: 3 };
      await other.digest.markPosted(slotB, { ts: '2.3', channel: 'C123', at: now, memory: next });
      expect(await store.digest.readMemory()).toEqual(next);
    },
  ],
  [
    'saves the digest memory before a claimed slot is posted, for every replica to read',
    async ({ store, another }) => {
      await store.digest.claimSlot(slotA, now);
      await store.digest.saveMemory(memory);
      expect(await (await another()).digest.readMemory()).toEqual(memory);
      expect(await store.digest.getSlot(slotA)).toMatchObject({ status: 'claimed' });
    },
  ],
  [
    'lists claimed slots as unfinished, and never downgrades a posted one',
    async ({ store }) => {
      const { digest } = store;
      await digest.claimSlot(slotB, now);
      await digest.claimSlot(slotA, now);
      expect((await digest.unfinishedSlots()).map((r) => r.slot)).toEqual([slotA, slotB]);
      await digest.markSkipped(slotB, 'unconfirmed after restart', now);
      expect(await digest.getSlot(slotB)).toMatchObject({ status: 'skipped', reason: 'unconfirmed after restart', claimedAt: now.toISOString() });
      await digest.markPosted(slotA, { ts: '1.2', channel: 'C1', at: now, memory });
      await digest.markSkipped(slotA, 'late', now);
      expect((await digest.getSlot(slotA))?.status).toBe('posted');
      // A post confirmed after another process marked the slot skipped: the post is the truth.
      await digest.markPosted(slotB, { ts: '3.4', channel: 'C1', at: now, memory });
      expect(await digest.getSlot(slotB)).toMatchObject({ status: 'posted', ts: '3.4' });
      expect(await digest.unfinishedSlots()).toEqual([]);
      // Skipping a slot nobody claimed records it (the missed-slot path claims first, but either way).
      await digest.markSkipped('2024-03-06T09:00:00.000Z', 'missed', now);
      expect(await digest.claimSlot('2024-03-06T09:00:00.000Z', now)).toBe(false);
    },
  ],
  [
    'releases only a claim, so that the slot can be claimed again',
    async ({ store }) => {
      const { digest } = store;
      await digest.claimSlot(slotA, now);
      await digest.releaseSlot(slotA);
      expect(await digest.getSlot(slotA)).toBeUndefined();
      expect(await digest.claimSlot(slotA, now)).toBe(true);
      await digest.markPosted(slotA, { ts: '1.2', channel: 'C1', at: now, memory });
      await digest.releaseSlot(slotA);
      expect((await digest.getSlot(slotA))?.status).toBe('posted');
    },
  ],
  [
    `keeps only the latest ${MAX_SLOT_RECORDS} slot records`,
    async ({ store }) => {
      const slots = Array.from({ length: MAX_SLOT_RECORDS + 5 }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString());
      for (const slot of slots) await store.digest.markSkipped(slot, 'test', now);
      expect(await store.digest.getSlot(slots[4]!)).toBeUndefined();
      expect(await store.digest.getSlot(slots[5]!)).toBeDefined();
      expect(await store.digest.getSlot(slots.at(-1)!)).toBeDefined();
    },
  ],
  [
    'remembers a conversation until its time to live, for every replica, and purges what expired',
    async ({ store, another }) => {
      const { conversations } = store;
      await conversations.set('C1:1.2', { question: 'what happened in kessel', meeting: 'kessel', source: 'kessel-notes', person: 'ilse-varga' }, now, 10 * 60_000);
      await conversations.set('C1:old', { question: 'q1' }, now, 60_000);
      await conversations.set('C1:new', { question: 'q2' }, now, 60 * 60_000);
      const other = await another();
      expect(await other.conversations.get('C1:1.2', minutes(9))).toEqual({ question: 'what happened in kessel', meeting: 'kessel', source: 'kessel-notes', person: 'ilse-varga' });
      expect(await conversations.get('C1:1.2', minutes(10))).toBeUndefined();
      expect(await conversations.get('C1:other', minutes(1))).toBeUndefined();
      expect(await conversations.get('C1:new', minutes(1))).toEqual({ question: 'q2' });
      // A later answer in the conversation replaces its context and its time to live.
      await other.conversations.set('C1:old', { question: 'q3', meeting: 'lima' }, minutes(5), 60_000);
      expect(await conversations.get('C1:old', minutes(5))).toEqual({ question: 'q3', meeting: 'lima' });
      expect(await conversations.purge(minutes(30))).toBe(2); // C1:1.2 and C1:old
      expect(await conversations.get('C1:new', minutes(30))).toEqual({ question: 'q2' });
      await conversations.set('C1:long', { question: 'x'.repeat(5000) }, now, 60_000);
      expect((await conversations.get('C1:long', now))!.question).toHaveLength(1000);
    },
  ],
  [
    'appends question records (scrubbed), reads them oldest first since a time, and purges older ones',
    async ({ store, another }) => {
      const record = (day: number, question: string, extra: Partial<QuestionRecord> = {}): QuestionRecord => ({
        at: new Date(Date.UTC(2024, 2, day, 12)).toISOString(),
        question,
        outcome: 'declined',
        kind: 'no-match',
        confidence: 0.41234,
        channelType: 'dm',
        ...extra,
      });
      const records = [
        record(1, 'who is <@U12345678> and bob@example.com'),
        record(2, 'how many people live in kessel', { outcome: 'thin', kind: 'answer', fact: 'kessel-population', meeting: 'kessel', channelType: 'channel' }),
        record(3, 'what colour were the curtains'),
      ];
      for (const r of records) await store.questions.append(r);
      const other = await another();
      const stored = records.map(toStoredRecord);
      expect(await other.questions.read()).toEqual(stored);
      expect(stored[0]!.question).toBe('who is and');
      expect(await other.questions.read(new Date(Date.UTC(2024, 2, 2)))).toEqual(stored.slice(1));
      expect(await store.questions.purge(new Date(Date.UTC(2024, 2, 3)))).toBe(2);
      expect(await other.questions.read()).toEqual(stored.slice(2));
      expect(await store.questions.purge(new Date(Date.UTC(2024, 2, 3)))).toBe(0);
    },
  ],
  [
    'counts outcomes, totals them since a time and purges older counts',
    async ({ store, another }) => {
      const other = await another();
      await Promise.all([
        store.activity.count('answered', minutes(0)),
        other.activity.count('answered', minutes(10)),
        store.activity.count('declined', minutes(20)),
        other.activity.count('thumbs-down', minutes(30)),
        store.activity.count('answered', minutes(40)),
      ]);
      expect(await other.activity.totals(minutes(0))).toEqual({ answered: 3, declined: 1, partial: 0, 'not-reported': 0, 'thumbs-down': 1 });
      expect(await store.activity.totals(minutes(15))).toEqual({ answered: 1, declined: 1, partial: 0, 'not-reported': 0, 'thumbs-down': 1 });
      expect(await store.activity.purge(minutes(15))).toBe(2);
      expect(await other.activity.totals(minutes(0))).toEqual({ answered: 1, declined: 1, partial: 0, 'not-reported': 0, 'thumbs-down': 1 });
    },
  ],
  [
    'records feedback once per person per answer, whichever replica gets the clicks',
    async ({ store, another }) => {
      const other = await another();
      const vote = { vote: 'down' as const, fact: 'kessel-population', kind: 'answer', at: minutes(1).toISOString() };
      const clicks = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? store : other).feedback.record('UVOTER1', 'answer-1', vote)));
      expect(clicks.filter(Boolean)).toHaveLength(1);
      expect(await store.feedback.record('UVOTER2', 'answer-1', vote)).toBe(true);
      expect(await store.feedback.record('UVOTER1', 'answer-2', { vote: 'up', kind: 'list', at: minutes(2).toISOString() })).toBe(true);
      const votes = await other.feedback.read(now);
      expect(votes.sort((a, b) => a.at.localeCompare(b.at))).toEqual([vote, vote, { vote: 'up', kind: 'list', at: minutes(2).toISOString() }]);
      expect(await store.feedback.read(minutes(2))).toEqual([{ vote: 'up', kind: 'list', at: minutes(2).toISOString() }]);
      // Past retention, votes are forgotten like the questions.
      expect(await store.feedback.purge(minutes(2))).toBe(2);
      expect(await other.feedback.read(now)).toEqual([{ vote: 'up', kind: 'list', at: minutes(2).toISOString() }]);
    },
  ],
  [
    'stores no user, channel, thread or message id, anywhere',
    async ({ store, dump }) => {
      await store.claimEvent('Ev0PRIVACY1', now);
      await store.conversations.set('C0PRIVATE1:1700000000.000100', { question: 'what happened in kessel' }, now, 60_000);
      await store.feedback.record('UVOTER0001', 'answer-1', { vote: 'up', kind: 'answer', at: now.toISOString() });
      await store.questions.append({
        at: now.toISOString(),
        question: 'ask <@U0SECRET01> or <#C0PRIVATE1|general> about it',
        outcome: 'declined',
        kind: 'no-match',
        confidence: 0.3,
        channelType: 'channel',
      });
      await store.activity.count('declined', now);
      const all = await dump();
      expect(all).toContain('what happened in kessel');
      for (const id of ['UVOTER0001', 'C0PRIVATE1', '1700000000.000100', 'U0SECRET01']) expect(all, id).not.toContain(id);
    },
  ],
  [
    'reports itself healthy, saying where the state is',
    async ({ store }) => {
      const health = await store.health();
      expect(health).toEqual({ ok: true, detail: expect.any(String) });
      expect(health.detail).toContain(store.location.replace(/^PostgreSQL at /, ''));
    },
  ],
];

const havePostgres = postgresTests(CONTRACT.length + 5, 'the state store contract on PostgreSQL');
beforeAll(async () => {
  if (havePostgres) server = await startTestPostgres();
}, 60_000);
afterAll(async () => server?.destroy());

/** The store's settings for one database, read as the bot reads DATABASE_URL. */
const postgresConfig = (env: { DATABASE_URL: string }) => readConfig(env).database!;

describe.each([
  [fileImplementation.name, fileImplementation, false],
  [postgresImplementation.name, postgresImplementation, !havePostgres],
] as const)('state store contract: %s', (_, implementation, skip) => {
  for (const [name, test] of CONTRACT) it.skipIf(skip)(name, async () => test(await implementation.open()));
});

describe('file store only', () => {
  it('reports an unwritable STATE_DIR as unhealthy, in words', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'summit-contract-')), 'a-file');
    writeFileSync(file, 'not a folder\n');
    const health = await fileStateStore(join(file, 'state')).health();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/STATE_DIR/);
  });
});

describe.skipIf(!havePostgres)('PostgreSQL store only', () => {
  it('creates the schema once, versioned, however many replicas start at the same moment', async () => {
    const url = await server!.freshDatabase();
    const database = new URL(url).pathname.slice(1);
    const logs: string[] = [];
    const log = { info: (m: string) => void logs.push(m), warn: (m: string) => void logs.push(m) };
    const stores = await Promise.all(Array.from({ length: 5 }, async () => track(await openPostgresStore(postgresConfig({ DATABASE_URL: url }), log))));
    expect(stores).toHaveLength(5);
    expect(logs.filter((l) => /migrated to version 1/.test(l))).toHaveLength(1);
    track(await openPostgresStore(postgresConfig({ DATABASE_URL: url }), log)); // and again, later: nothing to do
    expect(await server!.query('SELECT version FROM schema_version', [], database)).toEqual([{ version: 1 }]);
    const tables = await server!.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`, [], database);
    expect(tables.map((t) => t.tablename)).toEqual([...TABLES].sort());
  });

  it('runs as a role that may not create tables once the schema is current, and says so when it is not', async () => {
    const url = await server!.freshDatabase();
    const database = new URL(url).pathname.slice(1);
    track(await openPostgresStore(postgresConfig({ DATABASE_URL: url }))); // the owner migrates
    const role = `summit_app_${process.pid}`;
    await server!.query(`CREATE ROLE ${role} LOGIN`);
    await server!.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`, [], database);
    await server!.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${role}`, [], database);
    const restricted = track(await openPostgresStore(postgresConfig({ DATABASE_URL: server!.url(database).replace('postgres@', `${role}@`) })));
    expect(await restricted.claimEvent('EvROLE', now)).toBe(true);
    await restricted.questions.append({ at: now.toISOString(), question: 'q', outcome: 'declined', kind: 'no-match', confidence: 0.1, channelType: 'dm' });
    expect(await restricted.questions.read()).toHaveLength(1);
    // On a database nobody migrated, it cannot create the schema: start-up is refused, in words.
    const empty = new URL(await server!.freshDatabase()).pathname.slice(1);
    await expect(openPostgresStore(postgresConfig({ DATABASE_URL: server!.url(empty).replace('postgres@', `${role}@`) }))).rejects.toMatchObject({
      name: 'StateStoreError',
      message: expect.stringMatching(/could not be created or migrated: .*permission denied.*DATABASE_URL|DATABASE_URL.*could not be created or migrated: .*permission denied/),
    });
  });

  it('is where `npm run kb:review` and `npm run digest` read, with DATABASE_URL set', async () => {
    const url = await server!.freshDatabase();
    const store = track(await openPostgresStore(postgresConfig({ DATABASE_URL: url })));
    const at = new Date(Date.now() - 3_600_000).toISOString();
    for (const question of ['who runs the fishers guild', 'who runs the fishers guild'])
      await store.questions.append({ at, question, outcome: 'declined', kind: 'no-match', confidence: 0.2, channelType: 'dm' });
    const review = await runCli('kb-review', ['--json'], { env: { DATABASE_URL: url, KNOWLEDGE_DIR: HARBOR, STATE_DIR: '/nonexistent/state' } });
    expect(review.stderr).toBe('');
    expect((JSON.parse(review.stdout) as { groups: { count: number }[] }).groups[0]).toMatchObject({ count: 2 });
    const digest = await runCli('digest', ['--dry-run'], { env: { DATABASE_URL: url, KNOWLEDGE_DIR: HARBOR, STATE_DIR: '/nonexistent/state' } });
    expect(digest.code).toBe(0);
    expect(digest.stdout).toMatch(/Preview of the digest/);
  });

  it('purges through an index, never a table scan', async () => {
    const url = await server!.freshDatabase();
    track(await openPostgresStore(postgresConfig({ DATABASE_URL: url })));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('SET enable_seqscan = off'); // priced out: the plan shows an index if one serves the purge
      for (const purge of [
        'DELETE FROM event_claims WHERE claimed_at < $1',
        'DELETE FROM conversations WHERE expires_at <= $1',
        'DELETE FROM question_records WHERE at < $1',
        'DELETE FROM activity WHERE at < $1',
      ]) {
        const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${purge}`, [now])).rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan, purge).toMatch(/Index/);
        expect(plan, purge).not.toMatch(/Seq Scan/);
      }
    } finally {
      await client.end();
    }
  });

  it('survives its connections being cut (no crash), and reconnects by itself', async () => {
    const url = await server!.freshDatabase();
    const database = new URL(url).pathname.slice(1);
    const warnings: string[] = [];
    const store = track(await openPostgresStore(postgresConfig({ DATABASE_URL: url }), { info: () => undefined, warn: (m) => void warnings.push(m) }));
    // Several idle connections in the pool.
    await Promise.all(Array.from({ length: 4 }, (_, i) => store.claimEvent(`EvCUT${i}`, now)));
    const [{ n }] = (await server!.query<{ n: number }>(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'summit-bot'`, [
      database,
    ])) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(warnings.join('\n')).toMatch(/PostgreSQL connection lost .*the pool opens a new one/);
    expect(await store.claimEvent('EvAFTER', now)).toBe(true);
    expect(await store.health()).toMatchObject({ ok: true });
  });
});
