import { formatDate, type Fact, type KnowledgeBase, type Source } from '../knowledge/index.ts';

/** A source as cited with an answer: the `sources[]` entry of `ask --json`. */
export interface Citation {
  id: string;
  title: string;
  publisher: string | null;
  /** `YYYY-MM-DD` or `YYYY-MM`. */
  published: string;
  /** The verbatim passage; several are joined with " … ". */
  quote: string;
}

export function citationFor(kb: KnowledgeBase, fact: Fact): Citation {
  const source = kb.sources.get(fact.source)!;
  return {
    id: source.id,
    title: source.title,
    publisher: source.publisher ?? null,
    published: source.published,
    quote: fact.quotes.join(' … '),
  };
}

/** `Title — publisher, November 2024`: the one way a source is named to people. */
export function formatSourceLine(source: Pick<Source, 'title' | 'publisher' | 'published'> | Citation): string {
  return `${source.title} — ${source.publisher ? `${source.publisher}, ` : ''}${formatDate(source.published)}`;
}
