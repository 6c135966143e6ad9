import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { knowledgeDir } from '../../src/config.ts';
import { isVerbatim, loadKnowledgeBase, normalizeForQuote } from '../../src/knowledge/index.ts';

const kb = loadKnowledgeBase(knowledgeDir({}));

describe('the real knowledge base', () => {
  it('has facts from every source, and for every meeting and person', () => {
    for (const source of kb.sources.keys())
      expect(
        kb.facts.some((f) => f.source === source),
        source,
      ).toBe(true);
    for (const m of kb.meetings)
      expect(
        kb.facts.some((f) => f.meeting === m.id),
        m.id,
      ).toBe(true);
    for (const p of kb.people)
      expect(
        kb.facts.some((f) => f.people.includes(p.id)),
        p.id,
      ).toBe(true);
  });

  it('quotes every fact word for word from its source', () => {
    const bad = kb.facts.flatMap((f) => f.quotes.filter((q) => !isVerbatim(q, kb.sources.get(f.source)!.body)).map((q) => `${f.id}: ${q}`));
    expect(bad).toEqual([]);
  });

  it('covers every paragraph of every source, or lists it as skipped with a reason', () => {
    const uncovered: string[] = [];
    for (const s of kb.sources.values()) {
      const quotes = kb.facts
        .filter((f) => f.source === s.id)
        .flatMap((f) => f.quotes)
        .map(normalizeForQuote);
      for (const p of s.paragraphs) {
        const para = normalizeForQuote(p.text);
        const skipped = s.skipped.some((k) => para.startsWith(normalizeForQuote(k.paragraph)) && k.reason.length > 0);
        if (!skipped && !quotes.some((q) => para.includes(q))) uncovered.push(`${s.id}:${p.line}`);
      }
    }
    expect(uncovered).toEqual([]);
  });

  it('keeps answers short, standalone and free of relative dates', () => {
    for (const f of kb.facts) {
      expect(f.answer.length, f.id).toBeLessThanOrEqual(300);
      expect(f.answer, f.id).not.toMatch(/\b(will meet|next month|last November|this month)\b|\bon (Saturday|Wednesday|Sunday)(?! \d)/);
    }
  });

  it('lists each person under the name the sources write, among the spellings people type', () => {
    for (const p of kb.people) expect(p.names, p.id).toContain(p.name);
  });

  it('dates sources as YYYY-MM-DD or YYYY-MM, and links only where a source has a url of its own', () => {
    for (const s of kb.sources.values()) {
      expect(s.published).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(JSON.stringify({ ...s, body: '', url: undefined })).not.toMatch(/https?:\/\//);
    }
  });

  it('keeps Latin-1 text at one byte per character, though its files hold typographic quotes', () => {
    // V8's serializer tags a one-byte string 0x22 and a two-byte one 0x63, after a 2-byte
    // header and, for a two-byte string, any 0x00 padding that aligns its characters.
    const twoByte = (text: string) => {
      const bytes = serialize(text);
      let i = 2;
      while (bytes[i] === 0) i++;
      return bytes[i] === 0x63;
    };
    expect(twoByte('’'.repeat(100)) && twoByte('’') && !twoByte('a'.repeat(100))).toBe(true);
    const texts = kb.facts.flatMap((f) => [f.answer, ...f.quotes, ...f.questions]);
    expect(texts.some((t) => /[^\x00-\xff]/.test(t))).toBe(true);
    expect(texts.filter((t) => /^[\x00-\xff]*$/.test(t) && twoByte(t))).toEqual([]);
  });
});
