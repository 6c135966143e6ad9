import { formatDate, isVerbatim, type Fact, type KnowledgeBase, type Reports, type Source, type SourceKind } from '../knowledge/index.ts';

/** A source as cited with an answer: the `sources[]` entry of `ask --json`. */
export interface Citation {
  id: string;
  title: string;
  /** The outlet, or the body that issued an official text. */
  publisher: string | null;
  kind: SourceKind;
  url: string | null;
  excerpt: boolean;
  /** `YYYY-MM-DD` or `YYYY-MM`. */
  published: string;
  /** The verbatim passages, in the order the source has them, joined with " … ". */
  quote: string;
  /** The same passages, one by one. */
  passages: string[];
  /** Whether the cited fact reports what was expected of its meeting (a preview) or what happened. */
  reports: Reports | null;
}

export function citationFor(kb: KnowledgeBase, fact: Fact, sourceId = fact.source): Citation {
  const source = kb.sources.get(sourceId)!;
  // A fact about several sources quotes each; a citation gives the passages of its own.
  const quotes = fact.covers ? fact.quotes.filter((q) => isVerbatim(q, source.body)) : fact.quotes;
  return {
    id: source.id,
    title: source.title,
    publisher: source.publisher ?? null,
    kind: source.kind,
    url: source.url ?? null,
    excerpt: source.excerpt,
    published: source.published,
    quote: quotes.join(' … '),
    passages: quotes,
    reports: fact.reports ?? null,
  };
}

/** Every source a fact draws on: its own, or each of those it is about together (oldest first). */
export function citationsFor(kb: KnowledgeBase, fact: Fact): Citation[] {
  return (fact.covers ?? [fact.source]).map((id) => citationFor(kb, fact, id));
}

type Citable = Pick<Source, 'title' | 'published' | 'kind'> & { publisher?: string | null; reports?: Reports | null };

/**
 * `Title — publisher, official readout, 16 November 2024`: the one way a source is named to
 * people; a preview's citation adds that it was written before the meeting.
 */
export function formatSourceLine(source: Citable): string {
  const by = source.publisher ? `${source.publisher}, ` : '';
  const before = source.reports === 'expected' ? ' (written before the meeting)' : '';
  return `${source.title} — ${by}${source.kind}, ${formatDate(source.published)}${before}`;
}
