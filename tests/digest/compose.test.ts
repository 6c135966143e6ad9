import { describe, expect, it } from 'vitest';
import { citationFor } from '../../src/answer/citation.ts';
import { knowledgeDir } from '../../src/config.ts';
import { composeDigest, emptyDigestMemory, fingerprintFact, rotationOrder, type DigestMemory } from '../../src/digest/index.ts';
import { loadKnowledgeBase, type Fact, type KnowledgeBase } from '../../src/knowledge/index.ts';

const kb = loadKnowledgeBase(knowledgeDir({}));
const slot = new Date('2024-03-01T09:00:00Z');
const ids = (items: { factId: string }[]) => items.map((i) => i.factId);

function withFacts(facts: Fact[]): KnowledgeBase {
  return { ...kb, facts };
}

function extraFact(n: number): Fact {
  const base = kb.facts[0]!;
  return { ...base, id: `extra-fact-${n}`, answer: `An added fact number ${n}.`, file: 'facts/extra.yml', line: n };
}

/** The memory after the first digest: every fact recorded. */
function recorded(base: KnowledgeBase = kb): DigestMemory {
  return composeDigest(base, emptyDigestMemory(), slot).nextMemory;
}

describe('fingerprintFact', () => {
  const fact = kb.facts[0]!;
  it('depends on the content, not on where the fact is written', () => {
    const moved: Fact = { ...fact, file: 'facts/moved.yml', line: 999 };
    expect(fingerprintFact(moved)).toBe(fingerprintFact(fact));
    expect(fingerprintFact({ ...fact, answer: `${fact.answer} More.` })).not.toBe(fingerprintFact(fact));
    expect(fingerprintFact({ ...fact, quotes: [...fact.quotes, 'another passage'] })).not.toBe(fingerprintFact(fact));
    expect(fingerprintFact({ ...fact, source: 'other-source' })).not.toBe(fingerprintFact(fact));
    expect(fingerprintFact({ ...fact, meeting: 'general' })).not.toBe(fingerprintFact(fact));
    expect(fingerprintFact(fact)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('composeDigest', () => {
  it('on the first digest announces nothing as new, records every fact and shows highlights', () => {
    const { digest, nextMemory } = composeDigest(kb, emptyDigestMemory(), slot);
    expect(digest.newFacts).toEqual([]);
    expect(digest.changedFacts).toEqual([]);
    expect(digest.moreNew).toBe(0);
    expect(ids(digest.highlights)).toEqual(
      rotationOrder(kb)
        .slice(0, 3)
        .map((f) => f.id),
    );
    expect(Object.keys(nextMemory.fingerprints).sort()).toEqual(kb.facts.map((f) => f.id).sort());
    expect(nextMemory.shown).toEqual(ids(digest.highlights));
  });

  it('orders the rotation newest meeting first, then in knowledge-base order', () => {
    const order = rotationOrder(kb);
    const newest = kb.meetings.at(-1)!.id;
    expect(order[0]!.meeting).toBe(newest);
    const rank = (f: Fact) => kb.meetings.findIndex((m) => m.id === f.meeting);
    for (let i = 1; i < order.length; i++) {
      expect(rank(order[i - 1]!)).toBeGreaterThanOrEqual(rank(order[i]!));
      if (rank(order[i - 1]!) === rank(order[i]!)) expect(kb.facts.indexOf(order[i - 1]!)).toBeLessThan(kb.facts.indexOf(order[i]!));
    }
  });

  it('cycles through every fact before repeating any', () => {
    let memory = emptyDigestMemory();
    const shown: string[] = [];
    const cycles: number[] = [];
    const digests = Math.ceil((kb.facts.length * 2) / 3) + 1;
    for (let day = 0; day < digests; day++) {
      const { digest, nextMemory } = composeDigest(kb, memory, new Date(slot.getTime() + day * 86_400_000));
      expect(digest.highlights).toHaveLength(3);
      expect(new Set(ids(digest.highlights)).size).toBe(3);
      shown.push(...ids(digest.highlights));
      cycles.push(nextMemory.cycle);
      memory = nextMemory;
    }
    const all = kb.facts.map((f) => f.id).sort();
    const n = kb.facts.length;
    expect(shown.slice(0, n).sort()).toEqual(all);
    expect(shown.slice(n, 2 * n).sort()).toEqual(all);
    expect(cycles[0]).toBe(0);
    expect(cycles.at(-1)).toBe(2);
  });

  it('announces a new fact once, and counts it as shown in the rotation', () => {
    const memory = recorded();
    const added = extraFact(1);
    const grown = withFacts([...kb.facts, added]);

    const first = composeDigest(grown, memory, slot);
    expect(ids(first.digest.newFacts)).toEqual([added.id]);
    expect(first.digest.newFacts[0]!.answer).toBe(added.answer);
    expect(first.digest.highlights).toEqual([]);
    expect(first.nextMemory.shown).toContain(added.id);

    const second = composeDigest(grown, first.nextMemory, slot);
    expect(second.digest.newFacts).toEqual([]);
    expect(second.digest.changedFacts).toEqual([]);
    expect(second.digest.highlights.length).toBe(3);
    expect(ids(second.digest.highlights)).not.toContain(added.id);
  });

  it('detects a changed fact by its content, once, and ignores a move to another file or line', () => {
    const memory = recorded();
    const target = kb.facts[5]!;

    const moved = withFacts(kb.facts.map((f) => (f === target ? { ...f, file: 'facts/elsewhere.yml', line: 1 } : f)));
    const afterMove = composeDigest(moved, memory, slot).digest;
    expect(afterMove.changedFacts).toEqual([]);
    expect(afterMove.newFacts).toEqual([]);
    expect(afterMove.highlights.length).toBe(3);

    const edited = withFacts(kb.facts.map((f) => (f === target ? { ...f, answer: `${f.answer} (corrected)` } : f)));
    const first = composeDigest(edited, memory, slot);
    expect(ids(first.digest.changedFacts)).toEqual([target.id]);
    expect(first.digest.changedFacts[0]!.answer).toMatch(/\(corrected\)$/);
    expect(first.digest.newFacts).toEqual([]);

    const second = composeDigest(edited, first.nextMemory, slot);
    expect(second.digest.changedFacts).toEqual([]);
  });

  it('lists at most maxItems new facts, counts the rest, and leaves those for the rotation', () => {
    const memory = recorded();
    const added = Array.from({ length: 8 }, (_, i) => extraFact(i));
    const grown = withFacts([...kb.facts, ...added]);

    const { digest, nextMemory } = composeDigest(grown, memory, slot, { maxItems: 5 });
    expect(ids(digest.newFacts)).toEqual(added.slice(0, 5).map((f) => f.id));
    expect(digest.moreNew).toBe(3);
    for (const f of added) expect(nextMemory.fingerprints[f.id]).toBe(fingerprintFact(f));
    expect(composeDigest(grown, nextMemory, slot).digest.newFacts).toEqual([]);

    // The three only counted were never shown: the rotation still owes them.
    const unshown = added.slice(5).map((f) => f.id);
    for (const id of unshown) expect(nextMemory.shown).not.toContain(id);
    let rotating = nextMemory;
    const seen: string[] = [];
    for (let i = 0; i < grown.facts.length && !unshown.every((id) => seen.includes(id)); i++) {
      const next = composeDigest(grown, rotating, slot);
      seen.push(...ids(next.digest.highlights));
      rotating = next.nextMemory;
    }
    expect(seen).toEqual(expect.arrayContaining(unshown));
    expect(rotating.cycle).toBe(0);
  });

  it('shares maxItems between new and changed facts, new first', () => {
    const memory = recorded();
    const edited = kb.facts.map((f, i) => (i < 3 ? { ...f, answer: `${f.answer} Updated.` } : f));
    const grown = withFacts([...edited, extraFact(1), extraFact(2)]);
    const { digest } = composeDigest(grown, memory, slot, { maxItems: 3 });
    expect(ids(digest.newFacts)).toEqual(['extra-fact-1', 'extra-fact-2']);
    expect(ids(digest.changedFacts)).toEqual([kb.facts[0]!.id]);
    expect(digest.moreNew).toBe(2);
  });

  it('drops deleted facts from memory without reporting them', () => {
    const first = composeDigest(kb, emptyDigestMemory(), slot);
    const gone = first.digest.highlights[0]!.factId;
    const shrunk = withFacts(kb.facts.filter((f) => f.id !== gone));
    const { digest, nextMemory } = composeDigest(shrunk, first.nextMemory, slot);
    expect(digest.newFacts).toEqual([]);
    expect(digest.changedFacts).toEqual([]);
    expect(nextMemory.fingerprints).not.toHaveProperty(gone);
    expect(nextMemory.shown).not.toContain(gone);
    expect(Object.keys(nextMemory.fingerprints)).toHaveLength(kb.facts.length - 1);
  });

  it('cites each fact as the answer engine does', () => {
    const { digest } = composeDigest(kb, emptyDigestMemory(), slot);
    for (const item of digest.highlights) {
      const fact = kb.facts.find((f) => f.id === item.factId)!;
      expect(item.citation).toEqual(citationFor(kb, fact));
      expect(item.answer).toBe(fact.answer);
    }
  });

  it('dates the digest in its time zone', () => {
    const late = new Date('2024-02-29T15:30:00Z');
    expect(composeDigest(kb, emptyDigestMemory(), late).digest.date).toBe('2024-02-29');
    expect(composeDigest(kb, emptyDigestMemory(), late, { timeZone: 'Asia/Tokyo' }).digest.date).toBe('2024-03-01');
    expect(composeDigest(kb, emptyDigestMemory(), late, { timeZone: 'America/Los_Angeles' }).digest.date).toBe('2024-02-29');
    expect(composeDigest(kb, emptyDigestMemory(), late).digest.slot).toBe('2024-02-29T15:30:00.000Z');
  });

  it('is pure: it does not change the memory it is given', () => {
    const memory = recorded();
    const copy = structuredClone(memory);
    composeDigest(withFacts([...kb.facts, extraFact(1)]), memory, slot);
    composeDigest(kb, memory, slot);
    expect(memory).toEqual(copy);
  });

  it('respects maxHighlights and never repeats a fact within one digest, even in a tiny base', () => {
    const tiny = withFacts(kb.facts.slice(0, 2));
    let memory = emptyDigestMemory();
    for (let i = 0; i < 4; i++) {
      const { digest, nextMemory } = composeDigest(tiny, memory, slot);
      expect(digest.highlights).toHaveLength(2);
      expect(new Set(ids(digest.highlights)).size).toBe(2);
      memory = nextMemory;
    }
    expect(composeDigest(kb, emptyDigestMemory(), slot, { maxHighlights: 1 }).digest.highlights).toHaveLength(1);
  });
});
