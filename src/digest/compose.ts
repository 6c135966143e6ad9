import { createHash } from 'node:crypto';
import { citationFor, type Citation } from '../answer/citation.ts';
import type { Fact, KnowledgeBase } from '../knowledge/index.ts';

/** What the digest remembers between posts; saved with each posted slot. */
export interface DigestMemory {
  /** Fact id → fingerprint of its content when it was last announced or recorded. */
  fingerprints: Record<string, string>;
  /** Fact ids shown in the current rotation cycle. */
  shown: string[];
  /** How many times the rotation has started over. */
  cycle: number;
}

export interface DigestItem {
  factId: string;
  answer: string;
  citation: Citation;
}

export interface Digest {
  /** The scheduled slot, ISO 8601 in UTC. */
  slot: string;
  /** `YYYY-MM-DD`: the slot's date in the digest's time zone, for the header. */
  date: string;
  newFacts: DigestItem[];
  changedFacts: DigestItem[];
  /** New or changed facts beyond `maxItems`, to be summarised with a count. */
  moreNew: number;
  /** Facts from the rotation; only when nothing is new or changed. */
  highlights: DigestItem[];
}

export interface ComposeOptions {
  /** Most new + changed facts listed in full (default 5); keeps the post within Block Kit limits. */
  maxItems?: number;
  /** Highlights per digest when nothing is new (default 3: enough to read with a coffee). */
  maxHighlights?: number;
  /** IANA time zone for `date` (default UTC). */
  timeZone?: string;
}

export const DEFAULT_MAX_ITEMS = 5;
export const DEFAULT_MAX_HIGHLIGHTS = 3;

export function emptyDigestMemory(): DigestMemory {
  return { fingerprints: {}, shown: [], cycle: 0 };
}

/**
 * The content a reader sees, hashed: a fact is "changed" when this changes, not when its file is
 * touched or moved (file and line are left out on purpose, and so are questions/topics/people,
 * which are for search, not for display).
 */
export function fingerprintFact(fact: Pick<Fact, 'answer' | 'quotes' | 'source' | 'meeting'>): string {
  return createHash('sha256')
    .update(JSON.stringify([fact.source, fact.meeting, fact.answer, fact.quotes]))
    .digest('hex');
}

/**
 * The digest for `slot`, and the memory to save once it is posted. Pure: a preview can call it and
 * drop `nextMemory`.
 *
 * - First digest (no fingerprints yet): nothing is "new"; every fact is recorded, highlights are shown.
 * - Later: unknown ids are new, known ids whose fingerprint differs are changed. Both are announced
 *   once: nextMemory records every current fingerprint, including those only counted in `moreNew`.
 * - No new or changed facts: highlights from the rotation, which shows every fact once per cycle.
 * - Facts no longer in the base are dropped from memory.
 */
export function composeDigest(kb: KnowledgeBase, memory: DigestMemory, slot: Date, options: ComposeOptions = {}): { digest: Digest; nextMemory: DigestMemory } {
  const maxItems = Math.max(0, Math.floor(options.maxItems ?? DEFAULT_MAX_ITEMS));
  const maxHighlights = Math.max(0, Math.floor(options.maxHighlights ?? DEFAULT_MAX_HIGHLIGHTS));

  const fingerprints: Record<string, string> = {};
  for (const fact of kb.facts) fingerprints[fact.id] = fingerprintFact(fact);

  const firstDigest = Object.keys(memory.fingerprints).length === 0;
  const known = (id: string) => Object.hasOwn(memory.fingerprints, id);
  const added = firstDigest ? [] : kb.facts.filter((f) => !known(f.id));
  const changed = firstDigest ? [] : kb.facts.filter((f) => known(f.id) && memory.fingerprints[f.id] !== fingerprints[f.id]);

  const newFacts = added.slice(0, maxItems);
  const changedFacts = changed.slice(0, maxItems - newFacts.length);
  const moreNew = added.length + changed.length - newFacts.length - changedFacts.length;

  const ids = new Set(kb.facts.map((f) => f.id));
  let shown = [...new Set(memory.shown)].filter((id) => ids.has(id));
  let cycle = memory.cycle;
  let highlights: Fact[] = [];

  if (added.length + changed.length === 0) {
    ({ highlights, shown, cycle } = pickHighlights(rotationOrder(kb), new Set(shown), cycle, maxHighlights));
  } else {
    // Facts just shown as new or changed count as shown, so the rotation does not repeat them soon.
    const displayed = [...newFacts, ...changedFacts].map((f) => f.id).filter((id) => !shown.includes(id));
    shown = [...shown, ...displayed];
  }

  const item = (fact: Fact): DigestItem => ({ factId: fact.id, answer: fact.answer, citation: citationFor(kb, fact) });
  return {
    digest: {
      slot: slot.toISOString(),
      date: dateInTimeZone(slot, options.timeZone ?? 'UTC'),
      newFacts: newFacts.map(item),
      changedFacts: changedFacts.map(item),
      moreNew,
      highlights: highlights.map(item),
    },
    nextMemory: { fingerprints, shown, cycle },
  };
}

/** Newest meeting first (what the channel most likely cares about), then knowledge-base order; general facts last. */
export function rotationOrder(kb: KnowledgeBase): Fact[] {
  const recency = new Map(kb.meetings.map((m, i) => [m.id, i]));
  return kb.facts
    .map((fact, index) => ({ fact, index, rank: recency.get(fact.meeting) ?? -1 }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index)
    .map((e) => e.fact);
}

/**
 * The next facts of the rotation not yet shown in this cycle. When the cycle runs out inside a
 * digest, the rest is filled from the start of the next cycle (never with a fact already in this
 * digest), so every digest has a full set of highlights and no fact repeats within a cycle.
 */
function pickHighlights(ordered: Fact[], shownSet: Set<string>, cycle: number, max: number): { highlights: Fact[]; shown: string[]; cycle: number } {
  let shown = ordered.filter((f) => shownSet.has(f.id)).map((f) => f.id);
  let remaining = ordered.filter((f) => !shownSet.has(f.id));
  if (remaining.length === 0 && ordered.length > 0 && max > 0) {
    cycle += 1;
    shown = [];
    remaining = ordered;
  }
  const highlights = remaining.slice(0, max);
  shown.push(...highlights.map((f) => f.id));

  if (highlights.length < max && highlights.length < ordered.length) {
    const inDigest = new Set(highlights.map((f) => f.id));
    const fill = ordered.filter((f) => !inDigest.has(f.id)).slice(0, max - highlights.length);
    cycle += 1;
    shown = fill.map((f) => f.id);
    highlights.push(...fill);
  }
  return { highlights, shown, cycle };
}

function dateInTimeZone(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
