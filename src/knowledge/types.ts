/** The curated knowledge base, as loaded and validated from knowledge/. */

export type DatePrecision = 'day' | 'month';

export interface Source {
  id: string;
  title: string;
  /** `headline`: the article's own; `descriptive`: a title of ours, because it has none. */
  titleKind: 'headline' | 'descriptive';
  publisher?: string;
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

export const GENERAL_MEETING = 'general';

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
  file: string;
  line: number;
}

export interface Meeting {
  id: string;
  name: string;
  date: string;
  place: string | null;
  aliases: string[];
  /** The fact that establishes the date and place. */
  fact: string;
}

export interface Person {
  id: string;
  name: string;
  names: string[];
  role: string;
}

export interface KnowledgeBase {
  dir: string;
  sources: Map<string, Source>;
  facts: Fact[];
  /** Oldest first. */
  meetings: Meeting[];
  people: Person[];
}
