/** The curated knowledge base, as loaded and validated from knowledge/. */
import type { KnowledgeProblem } from './errors.ts';

export type DatePrecision = 'day' | 'month';

export interface Source {
  id: string;
  title: string;
  /** `headline`: the article's own; `descriptive`: a title of ours, because it has none. */
  titleKind: 'headline' | 'descriptive';
  /** The outlet, or for an official text the body that issued it. */
  publisher?: string;
  /** What kind of text it is: `news article`, `official readout`, `transcript`… */
  kind: SourceKind;
  url?: string;
  /** The byline or contact line, as the text prints it. */
  byline?: string;
  /** Outlets and bodies the text reports from, as it names them. */
  cites: string[];
  /** People it quotes or whose words it reports: a people.yml id, or words as the text has them ("an NSC spokesperson"). */
  quoted: string[];
  /** Only part of the original text is copied. */
  excerpt: boolean;
  /** Meetings this text was written before (or after), where the dates alone cannot tell. */
  writtenBefore: string[];
  writtenAfter: string[];
  /** `YYYY-MM-DD` or `YYYY-MM`, as precise as the text allows. */
  published: string;
  precision: DatePrecision;
  publishedNote?: string;
  body: string;
  paragraphs: Paragraph[];
  skipped: { paragraph: string; reason: string }[];
  file: string;
}

export interface Paragraph {
  text: string;
  /** 1-based line in the source file. */
  line: number;
}

export const SOURCE_KINDS = ['news article', 'official readout', 'transcript', 'statement', 'press release', 'report'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const GENERAL_MEETING = 'general';

/**
 * Whether a fact reports what was expected of a meeting (its source was written before it)
 * or what happened there (written after). Absent for a fact about no meeting.
 */
export type Reports = 'expected' | 'happened';

export interface Fact {
  id: string;
  source: string;
  /** A meeting id, or `general` when the fact is about no single meeting. */
  meeting: string;
  answer: string;
  /** Verbatim passages of the source that support the answer. */
  quotes: string[];
  questions: string[];
  topics: string[];
  people: string[];
  reports?: Reports;
  /** `YYYY-MM-DD` or `YYYY-MM`: when what the fact reports took place, where the source says. */
  on?: string;
  /** Near-miss questions it must not answer: it shares their words but not their answer. */
  not: string[];
  file: string;
  line: number;
  /**
   * Made from a source's front matter (source-facts.ts), not curated: no quote, no near
   * misses. `unstated`: it says what the front matter does not give ("does not say who
   * published it"), so it answers as "my sources don't say", never as a fact.
   */
  derived?: 'front-matter' | 'unstated';
  /** For a fact about several sources together ("Russel is quoted in both"): their ids, oldest first. */
  covers?: string[];
}

export interface Meeting {
  id: string;
  name: string;
  date: string;
  place: string | null;
  /** Words that name it in a question ("lima"); its year names it too (see meetings.ts). */
  aliases: string[];
}

export interface Person {
  id: string;
  name: string;
  names: string[];
  role: string;
}

/** What the bot is about (about.yml): the words people see in help, replies and headers. */
export interface About {
  /** The bot's name as people see it. */
  name: string;
  /** A noun phrase: "Ask me about <subject>". */
  subject: string;
  /** The daily digest's header. */
  digestTitle: string;
}

/** How people's words map to the sources' words (vocabulary.yml). */
export interface Vocabulary {
  /** A word or phrase people type → the word or phrase the sources use (normalised). */
  synonyms: Map<string, string>;
  /** Several words read as one term: "artificial intelligence" → "ai" (normalised). */
  phrases: Map<string, string>;
  /** Filler words of this subject, on top of general English ones. */
  stopwords: string[];
}

export interface KnowledgeBase {
  dir: string;
  about: About;
  vocabulary: Vocabulary;
  sources: Map<string, Source>;
  facts: Fact[];
  /** Oldest first. */
  meetings: Meeting[];
  people: Person[];
  /** What a curator should look at, though the base loads (`kb:check` lists them). */
  warnings: KnowledgeProblem[];
}
