/**
 * Questions about the sources themselves, and questions that name the source they mean
 * ("according to the later article"), on every base we ship or test with: read from each
 * source's front matter, with no word of any subject in the code.
 */
import { describe, expect, it } from 'vitest';
import { TEST_BASES } from '../helpers/bases.ts';
import { formatDate, isVerbatim, loadKnowledgeBase, resolveSourceReference, type Source } from '../../src/knowledge/index.ts';
import { answerQuestion, buildSearchIndex } from '../../src/answer/index.ts';

const today = new Date('2040-01-01T12:00:00Z');

describe.each(TEST_BASES)('on %s', (_, dir) => {
  const kb = loadKnowledgeBase(dir);
  const index = buildSearchIndex(kb);
  const ask = (q: string) => answerQuestion(index, q, { today });
  const byDate = [...kb.sources.values()].sort((a, b) => a.published.localeCompare(b.published));
  const noun = (s: Source) => s.kind.split(' ').at(-1)!;
  const latest = byDate.at(-1)!;
  const earliest = byDate[0]!;
  /** Words that name one source among the others, read off its front matter. */
  const references = (s: Source): string[] => [
    ...(s === latest && byDate.length > 1 ? [`the later ${noun(s)}`, `the most recent ${noun(s)}`] : []),
    ...(s === earliest && byDate.length > 1 ? [`the earlier ${noun(s)}`, `the first ${noun(s)}`] : []),
    ...(byDate.filter((o) => o.published.slice(0, 4) === s.published.slice(0, 4)).length === 1 ? [`the ${s.published.slice(0, 4)} ${noun(s)}`] : []),
  ];

  it('answers "which <source> mentions …" with the fact that says it, naming its source first', () => {
    const facts = kb.facts.filter((f) => !f.derived && ask(f.questions[0]!).fact?.id === f.id);
    expect(facts.length).toBeGreaterThan(0);
    let named = 0;
    for (const fact of facts) {
      const source = kb.sources.get(fact.source)!;
      const q = `which ${noun(source)} talks about ${fact.questions[0]!.replace(/\?$/, '')}?`;
      const r = ask(q);
      expect(r.frame?.whichSource, q).toBe(true);
      if (r.kind !== 'answer') continue;
      const cited = kb.sources.get(r.fact!.source)!;
      expect(r.answer, q).toBe(`The ${cited.kind} “${cited.title}” (${formatDate(cited.published)}): ${r.fact!.answer}`);
      if (r.fact!.id === fact.id) named++;
    }
    // Read without the words that ask for the source, most are answered by the fact that answers them alone.
    expect(named * 2, 'answered by their own fact').toBeGreaterThan(facts.length);
  });

  it('resolves a reference by order or year to the one source it names, and leaves a noun with an unknown word alone', () => {
    for (const s of byDate) for (const ref of references(s)) expect(resolveSourceReference(kb, `what does ${ref} say`)?.sources, ref).toEqual([s.id]);
    expect(resolveSourceReference(kb, `what did the zebra ${noun(latest)} say`)).toBeUndefined();
    expect(resolveSourceReference(kb, `according to the ${noun(latest)}, what happened`)).toMatchObject({ span: `according to the ${noun(latest)}` });
  });

  it('answers who published a source and when, from its front matter, for the source the question names', () => {
    for (const s of byDate) {
      for (const ref of references(s)) {
        const when = ask(`when was ${ref} written?`);
        expect(when.fact?.id, ref).toBe(`source-${s.id}-published`);
        expect(when.answer).toContain(formatDate(s.published));
        expect(when.sources.map((c) => c.id)).toEqual([s.id]);
        const who = ask(`who published ${ref}?`);
        if (s.publisher) expect(who.answer, ref).toContain(s.publisher);
        else expect(who.answered, `${ref}: no publisher in its front matter, so none may be named`).toBe(false);
      }
    }
  });

  it('answers a curated question that names its own source with the same fact, and one naming another source from that source only', () => {
    let checked = 0;
    for (const fact of kb.facts) {
      const own = kb.sources.get(fact.source)!;
      const [ownRef] = references(own);
      const other = byDate.find((s) => s !== own && references(s).length);
      const question = fact.questions[0]!;
      // A question that names a source already ("the december statement") is not asked with a second.
      if (!ownRef || !other || resolveSourceReference(kb, question) || ask(question).fact?.id !== fact.id) continue;
      checked++;
      expect(ask(`${question}, according to ${ownRef}?`).fact?.id, question).toBe(fact.id);
      const elsewhere = ask(`${question}, according to ${references(other)[0]}?`);
      if (elsewhere.answered)
        expect(
          elsewhere.sources.map((c) => c.id),
          question,
        ).toContain(other.id);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('answers whom a source quotes and which outlets it cites, quoting the sentence of its text that names each', () => {
    const named = (entry: string) => kb.people.find((p) => p.id === entry)?.names ?? [entry];
    for (const s of byDate) {
      for (const ref of references(s)) {
        for (const [aspect, question, entries] of [
          ['quoted', `who is quoted in ${ref}?`, s.quoted],
          ['cites', `which outlets does ${ref} cite?`, s.cites],
        ] as const) {
          const r = ask(question);
          if (!entries.length) {
            expect(r.fact?.id, question).not.toBe(`source-${s.id}-${aspect}`);
            continue;
          }
          expect(r.fact?.id, question).toBe(`source-${s.id}-${aspect}`);
          for (const quote of r.fact!.quotes) expect(isVerbatim(quote, s.body), quote).toBe(true);
          for (const entry of entries) {
            expect(
              r.fact!.quotes.some((q) => named(entry).some((n) => isVerbatim(n, q))),
              `${question}: a quote naming ${entry}`,
            ).toBe(true);
            expect(
              named(entry).some((n) => r.answer.toLowerCase().includes(n.toLowerCase())),
              `${question}: names ${entry}`,
            ).toBe(true);
          }
        }
      }
    }
  });

  it("answers who both articles quote with the person they both quote, not with one article's list", () => {
    for (const person of kb.people) {
      const quoting = byDate.filter((s) => s.quoted.includes(person.id));
      const kinds = new Set(quoting.map(noun));
      if (quoting.length !== 2 || kinds.size !== 1) continue;
      const r = ask(`who is quoted in both ${[...kinds][0]}s?`);
      expect(r.fact?.id).toBe(`sources-quote-${person.id}`);
      expect(r.answer).toContain(person.name);
      for (const s of quoting) expect(r.answer).toContain(s.title);
      // One citation per source, each with its own sentence naming the person.
      expect(r.sources.map((c) => c.id)).toEqual(quoting.map((s) => s.id));
      for (const [i, c] of r.sources.entries()) {
        expect(c.passages.length).toBeGreaterThan(0);
        for (const p of c.passages) expect(isVerbatim(p, quoting[i]!.body), p).toBe(true);
      }
    }
  });

  it('reads "and the later one?" after a question that named a source as the other source, and keeps it for the next follow-up', () => {
    if (byDate.length < 2) return;
    const first = ask(`when was the earlier ${noun(earliest)} written?`);
    expect(first.fact?.id).toBe(`source-${earliest.id}-published`);
    const other = answerQuestion(index, 'and the later one?', { today, context: first.context });
    expect(other.fact?.id).toBe(`source-${latest.id}-published`);
    // "Who published it?" may be answered "it does not say": either way, about that source.
    const who = answerQuestion(index, 'who published it?', { today, context: other.context });
    expect(who.sources.map((c) => c.id)).toEqual([latest.id]);
    const back = answerQuestion(index, 'and the earlier one?', { today, context: who.context });
    expect(back.sources.map((c) => c.id)).toEqual([earliest.id]);
  });

  it('follows "when was it written?" to the source of the last answer', () => {
    for (const s of byDate) {
      const fact = kb.facts.find((f) => f.source === s.id && ask(f.questions[0]!).fact?.id === f.id);
      if (!fact) continue;
      const first = ask(fact.questions[0]!);
      const followUp = answerQuestion(index, 'when was it written?', { today, context: first.context });
      expect(followUp.fact?.id, fact.questions[0]).toBe(`source-${s.id}-published`);
    }
  });
});
