import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { GENERAL_MEETING, normalizeForQuote, normalizeText, resolveMeeting, type Fact, type KnowledgeBase, type Paragraph, type Source } from '../knowledge/index.ts';
import type { SearchIndex } from '../answer/index.ts';

/**
 * Where a proposed change goes, so that pasting it is mechanical:
 * - `after-line`: insert the YAML as new lines after line `line` of `file`;
 * - `replace-lines`: replace lines `line`..`endLine` of `file` with the YAML;
 * - `end-of-file`: append the YAML to `file` (which may not exist yet);
 * - `new-file`: create `file` with the YAML as its start.
 * `file` is relative to the knowledge folder.
 */
export interface Placement {
  file: string;
  line: number;
  endLine?: number;
  how: 'after-line' | 'replace-lines' | 'end-of-file' | 'new-file';
}

/** A question as one YAML list item's scalar: plain where YAML allows, quoted where not. */
export function yamlScalar(text: string): string {
  return stringify(text, { lineWidth: 0 }).trimEnd();
}

/** The fact's entry in its file, parsed with positions (undefined if the file no longer has it). */
function locateFact(kb: KnowledgeBase, fact: Fact): { text: string; lines: string[]; entry: YAMLMap; lineAt: (offset: number) => number } | undefined {
  const path = join(kb.dir, fact.file);
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length || !isSeq(doc.contents)) return undefined;
  const entry = doc.contents.items.find((item) => isMap(item) && (item as YAMLMap).get('id') === fact.id) as YAMLMap | undefined;
  if (!entry) return undefined;
  return { text, lines: text.split('\n'), entry, lineAt: (offset) => lineCounter.linePos(offset).line };
}

/**
 * Adding `phrasing` to the list `field` (`questions` or `not`) of `fact`: the YAML to paste
 * and where. A block list gets one more item after its last; a one-line flow list
 * (`not: [a, b]`) is rewritten whole; a missing `not:` is added after the fact's last line.
 */
export function listAddition(kb: KnowledgeBase, fact: Fact, field: 'questions' | 'not', phrasing: string): { yaml: string; placement: Placement } {
  const found = locateFact(kb, fact);
  const item = yamlScalar(phrasing);
  if (!found) {
    // The file changed since the base was loaded: point at the fact and let the curator place it.
    return { yaml: `${field}:\n  - ${item}`, placement: { file: fact.file, line: fact.line, how: 'after-line' } };
  }
  const { lines, entry, lineAt } = found;
  const keyIndent = ' '.repeat(columnOf(lines, lineAt, entry.range![0]));
  const pair = entry.items.find((p) => isScalar(p.key) && p.key.value === field);
  const list = pair?.value as YAMLSeq | undefined;
  if (pair && isSeq(list) && !list.flow && list.items.length) {
    const first = list.items[0] as Node;
    const last = list.items.at(-1) as Node;
    const itemIndent = ' '.repeat(Math.max(0, columnOf(lines, lineAt, first.range![0]) - 2));
    return { yaml: `${itemIndent}- ${item}`, placement: { file: fact.file, line: lineAt(Math.max(last.range![1] - 1, 0)), how: 'after-line' } };
  }
  const existing = isSeq(list) ? list.items.map((i) => String((i as { value?: unknown }).value ?? '')) : [];
  const block = [`${keyIndent}${field}:`, ...[...existing, phrasing].map((q) => `${keyIndent}  - ${yamlScalar(q)}`)].join('\n');
  if (pair && isScalar(pair.key) && pair.key.range) {
    const start = lineAt(pair.key.range[0]);
    const end = lineAt(Math.max(((pair.value as Node | null)?.range?.[1] ?? pair.key.range[1]) - 1, 0));
    return { yaml: block, placement: { file: fact.file, line: start, endLine: end, how: 'replace-lines' } };
  }
  return { yaml: block, placement: { file: fact.file, line: lineAt(Math.max(entry.range![1] - 1, 0)), how: 'after-line' } };
}

/** The 0-based column of `offset` in its line. */
function columnOf(lines: string[], lineAt: (offset: number) => number, offset: number): number {
  const line = lineAt(offset);
  const before = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  return offset - before;
}

export interface SourceParagraph {
  source: Source;
  paragraph: Paragraph;
  /** Share of the question's weight (rare words count more) the paragraph covers, 0–1. */
  overlap: number;
}

/**
 * The source paragraph that shares most of the question's words (by the base's analyzer,
 * weighted by rarity): the starting point of a new fact. Where the question names a meeting,
 * only the sources with facts about it are read, if any shares a word. Skipped paragraphs
 * (headlines) are left out. Undefined when no paragraph shares a word.
 */
export function bestParagraph(index: SearchIndex, question: string): SourceParagraph | undefined {
  const named = resolveMeeting(index.kb, question)?.meeting.id;
  const about = named && new Set(index.kb.facts.filter((f) => f.meeting === named).map((f) => f.source));
  return (about && paragraphOverlap(index, question, (s) => about.has(s.id))) || paragraphOverlap(index, question, () => true);
}

function paragraphOverlap(index: SearchIndex, question: string, read: (source: Source) => boolean): SourceParagraph | undefined {
  const weight = (term: string) => {
    const id = index.vocabulary.get(term);
    return id === undefined ? index.maxIdf : index.idf[id]!;
  };
  const wanted = [...new Set(index.analyzer.termsWithWords(question).map((t) => t.term))];
  const total = wanted.reduce((n, t) => n + weight(t), 0);
  if (!total) return undefined;
  let best: SourceParagraph | undefined;
  for (const source of index.kb.sources.values()) {
    if (!read(source)) continue;
    const skipped = source.skipped.map((s) => normalizeForQuote(s.paragraph));
    for (const paragraph of source.paragraphs) {
      if (skipped.some((s) => normalizeForQuote(paragraph.text).startsWith(s))) continue;
      const have = new Set(index.analyzer.terms(paragraph.text));
      const overlap = wanted.reduce((n, t) => n + (have.has(t) ? weight(t) : 0), 0) / total;
      if (overlap > (best?.overlap ?? 0)) best = { source, paragraph, overlap };
    }
  }
  return best;
}

/**
 * A new fact's skeleton from a source paragraph: id, source, meeting (the one the question
 * names, else that of the facts quoting the paragraph, else `general`), an empty answer
 * for the curator to write (kb:check fails until they do), the paragraph as its quote, and
 * the question. Placed at the end of the file holding that meeting's facts.
 */
export function newFactSkeleton(kb: KnowledgeBase, question: string, found: SourceParagraph | undefined): { yaml: string; placement: Placement; meeting: string } {
  const quoting = found ? kb.facts.filter((f) => f.source === found.source.id && f.quotes.some((q) => quotes(found.paragraph.text, q))) : [];
  const meeting = resolveMeeting(kb, question)?.meeting.id ?? mostCommon(quoting.map((f) => f.meeting)) ?? GENERAL_MEETING;
  const file = mostCommon(kb.facts.filter((f) => f.meeting === meeting).map((f) => f.file)) ?? mostCommon(quoting.map((f) => f.file)) ?? `facts/${meeting}.yml`;
  const yaml = [
    `- id: ${newFactId(kb, question, meeting)}`,
    `  source: ${found?.source.id ?? 'TODO  # a file in sources/: add the source that says it first'}`,
    `  meeting: ${meeting}`,
    `  answer: ''  # TODO: 1–2 sentences that say only what the quote says (kb:check fails until written)`,
    found ? `  quote: >-\n    ${found.paragraph.text.trim()}` : `  quote: ''  # TODO: the passage, word for word`,
    `  questions:`,
    `    - ${yamlScalar(question)}`,
  ].join('\n');
  const path = join(kb.dir, file);
  const lineCount = existsSync(path) ? readFileSync(path, 'utf8').replace(/\n$/, '').split('\n').length : 0;
  return { yaml, placement: { file, line: lineCount, how: lineCount ? 'end-of-file' : 'new-file' }, meeting };
}

/** A source's front matter for a later report of `meetingId`: the only way to answer what happened there. */
export function newSourceSkeleton(kb: KnowledgeBase, meetingId: string): { yaml: string; placement: Placement } {
  const meeting = kb.meetings.find((m) => m.id === meetingId);
  let id = `${meetingId}-report`;
  for (let n = 2; kb.sources.has(id); n++) id = `${meetingId}-report-${n}`;
  const yaml = [
    '---',
    "title: TODO  # the text's own headline",
    'title_kind: headline',
    'kind: news article  # or official readout, transcript, statement, press release, report',
    `published: TODO  # YYYY-MM-DD${meeting ? `, on or after ${meeting.date}` : ''}`,
    '---',
    'TODO: the text, word for word; then add facts quoting it (see "Walk-through: adding a source")',
  ].join('\n');
  return { yaml, placement: { file: `sources/${id}.md`, line: 1, how: 'new-file' } };
}

const quotes = (paragraph: string, quote: string) => {
  const p = normalizeForQuote(paragraph);
  const q = normalizeForQuote(quote);
  return p.includes(q) || q.includes(p);
};

function newFactId(kb: KnowledgeBase, question: string, meeting: string): string {
  const words = normalizeText(question)
    .split(' ')
    .filter((w) => /^[a-z0-9]+$/.test(w) && w.length > 2 && !STOP.has(w))
    .slice(0, 4);
  const prefix = meeting === GENERAL_MEETING ? '' : `${meeting.replace(/^.*?-(?=[a-z]+-\d{4}$)/, '')}-`;
  const base = `${prefix}${words.join('-') || 'new-fact'}`;
  const ids = new Set(kb.facts.map((f) => f.id));
  let id = base;
  for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** Question words that make poor ids. */
const STOP = new Set([
  'what',
  'who',
  'whom',
  'whose',
  'when',
  'where',
  'why',
  'how',
  'which',
  'did',
  'does',
  'was',
  'were',
  'are',
  'the',
  'and',
  'for',
  'with',
  'about',
  'that',
  'this',
  'there',
  'they',
  'their',
  'has',
  'have',
  'had',
  'can',
  'could',
  'would',
  'will',
  'should',
  'tell',
]);

function mostCommon<T>(list: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const x of list) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
