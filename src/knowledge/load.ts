import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { KnowledgeBaseError, type KnowledgeProblem } from './errors.ts';
import { compactText, datePrecision, isVerbatim, normalizeForQuote, normalizeText } from './text.ts';
import { dateSpan, reportsOn } from './dates.ts';
import { closestPassage } from './closest-passage.ts';
import { readYamlList } from './yaml-list.ts';
import { GENERAL_MEETING, SOURCE_KINDS, type About, type Fact, type KnowledgeBase, type Meeting, type Paragraph, type Person, type Source } from './types.ts';

export const MAX_ANSWER_LENGTH = 300;

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case: lower-case letters, digits and dashes');
const date = z.string().pipe(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'must be YYYY-MM-DD or YYYY-MM'));
const text = z.string().trim().min(1, 'is empty').transform(compactText);
const nonEmptyList = (what: string) => z.array(text).min(1, `needs at least one ${what}`);

const factSchema = z.strictObject({
  id,
  source: text,
  meeting: text,
  answer: text,
  quote: z.union([text, nonEmptyList('quote')]),
  questions: nonEmptyList('question'),
  topics: z.array(text).default([]),
  people: z.array(text).default([]),
  /** Overrides what the dates say: `expected` (a preview) or `happened` (a report). */
  reports: z.enum(['expected', 'happened']).optional(),
  /** The date of what the fact reports, for questions of time ("how long ago…"). */
  on: date.optional(),
  /** Near-miss questions this fact must not answer ("what time did they meet"). */
  not: z.array(text).default([]),
});

const meetingSchema = z.strictObject({
  id,
  name: text,
  date,
  place: text.nullable(),
  aliases: z.array(z.union([text, z.number().transform(String)])).min(1, 'needs at least one alias (a word that names the meeting in a question)'),
});

const personSchema = z.strictObject({
  id,
  name: text,
  names: nonEmptyList('name'),
  role: text,
});

const sourceFrontMatterSchema = z.strictObject({
  title: text,
  title_kind: z.enum(['headline', 'descriptive']),
  kind: z.enum(SOURCE_KINDS, { message: `must be one of: ${SOURCE_KINDS.join(', ')}` }),
  publisher: text.optional(),
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  byline: text.optional(),
  cites: z.array(text).default([]),
  quoted: z.array(text).default([]),
  excerpt: z.boolean().default(false),
  published: date,
  published_note: text.optional(),
  written_before: z.array(text).default([]),
  written_after: z.array(text).default([]),
  skip: z.array(z.strictObject({ paragraph: text, reason: text })).default([]),
});

const aboutSchema = z.strictObject({
  name: text,
  subject: text,
  digest_title: text,
});

const word = z.string().trim().min(1, 'is empty').transform(normalizeText);
const vocabularySchema = z.strictObject({
  synonyms: z.record(word, word).default({}),
  phrases: z.record(word, word).default({}),
  stopwords: z.array(word).default([]),
});

/**
 * Loads and validates the knowledge base in `dir`. Either the whole base loads, or a
 * KnowledgeBaseError lists every problem found; a broken base never loads partially.
 */
export function loadKnowledgeBase(dir: string): KnowledgeBase {
  const problems: KnowledgeProblem[] = [];
  if (!existsSync(dir)) {
    throw new KnowledgeBaseError(dir, [{ file: dir, message: 'the knowledge folder does not exist (check KNOWLEDGE_DIR)' }]);
  }
  const unnamedQuoted: UnnamedQuoted[] = [];
  const sources = loadSources(dir, problems, unnamedQuoted);
  const [about] = readYamlList(join(dir, 'about.yml'), 'about.yml', aboutSchema, problems, 0, asList(readOptional(dir, 'about.yml', problems)));
  const [vocabulary] = readYamlList(join(dir, 'vocabulary.yml'), 'vocabulary.yml', vocabularySchema, problems, 0, asList(readIfExists(dir, 'vocabulary.yml')));
  const meetings = readYamlList(join(dir, 'meetings.yml'), 'meetings.yml', meetingSchema, problems, 0, readOptional(dir, 'meetings.yml', problems));
  const people = readYamlList(join(dir, 'people.yml'), 'people.yml', personSchema, problems, 0, readOptional(dir, 'people.yml', problems));
  const facts = loadFacts(dir, problems);

  if (!about && !problems.some((p) => p.file === 'about.yml')) problems.push({ file: 'about.yml', line: 1, message: 'is empty: give name, subject and digest_title' });
  const meetingIds = new Set(meetings.map((m) => m.value.id));
  const personIds = new Set(people.map((p) => p.value.id));
  const factIds = new Map<string, { file: string; line: number }>();

  for (const { value: f, file, line, lineOf } of facts) {
    const at = (field: string) => ({ file, line: lineOf(field), factId: f.id, field });
    const earlier = factIds.get(f.id);
    if (earlier) {
      problems.push({ ...at('id'), message: `duplicate id: already used at ${earlier.file}:${earlier.line}` });
    } else {
      factIds.set(f.id, { file, line });
    }
    const own = new Set(f.questions.map(normalizeText));
    for (const q of f.not) {
      if (own.has(normalizeText(q))) problems.push({ ...at('not'), message: `"${clip(q)}" is both a question this fact answers and one it must not` });
    }
    if (f.answer.length > MAX_ANSWER_LENGTH) {
      problems.push({ ...at('answer'), message: `is ${f.answer.length} characters; at most ${MAX_ANSWER_LENGTH} fit a Slack reply` });
    }
    if (f.meeting !== GENERAL_MEETING && !meetingIds.has(f.meeting)) {
      problems.push({ ...at('meeting'), message: `unknown meeting "${f.meeting}"; use one of ${[...meetingIds, GENERAL_MEETING].join(', ')}` });
    }
    for (const person of f.people) {
      if (!personIds.has(person)) problems.push({ ...at('people'), message: `unknown person "${person}"; add them to people.yml or fix the id` });
    }
    const source = sources.get(f.source);
    if (!source) {
      problems.push({ ...at('source'), message: `unknown source "${f.source}"; sources are ${[...sources.keys()].join(', ') || '(none)'}` });
      continue;
    }
    for (const quote of toList(f.quote)) {
      if (!isVerbatim(quote, source.body)) {
        problems.push({
          ...at('quote'),
          message: `not found word for word in source ${source.id}: "${clip(quote)}". Closest passage: "${clip(closestPassage(quote, source.body))}"`,
        });
      }
    }
  }

  for (const { value: m, line } of meetings) {
    if (!facts.some(({ value: f }) => f.meeting === m.id && f.topics.includes('dates'))) {
      problems.push({ file: 'meetings.yml', line, message: `meeting ${m.id} has no fact with the topic "dates" (one that says when and where it took place): the timeline needs one` });
    }
  }
  checkNames(people, meetings, vocabulary?.value, problems);
  const meetingById = new Map(meetings.map(({ value }) => [value.id, value]));
  const reports = new Map<string, Fact['reports']>();
  for (const { value: f, file, lineOf } of facts) {
    const meeting = meetingById.get(f.meeting);
    const source = sources.get(f.source);
    if (!meeting || !source) continue;
    const derived = f.reports ?? reportsOn(source, meeting);
    if (derived) reports.set(f.id, derived);
    else {
      problems.push({
        file,
        line: lineOf('source'),
        factId: f.id,
        field: 'reports',
        message: `cannot tell from the dates whether ${source.id} (${source.published}) was written before or after ${meeting.id} (${meeting.date}): add \`written_before: [${meeting.id}]\` or \`written_after: [${meeting.id}]\` to the source's front matter, or \`reports: expected|happened\` to the fact`,
      });
    }
  }
  for (const { value: f, file, lineOf } of facts) {
    const source = sources.get(f.source);
    if (f.on && source && reports.get(f.id) !== 'expected' && dateSpan(f.on).first > dateSpan(source.published).last) {
      problems.push({ file, line: lineOf('on'), factId: f.id, field: 'on', message: `${f.on} is after its source was published (${source.published}): a source reports only what happened by then` });
    }
  }
  for (const source of sources.values()) {
    for (const m of [...source.writtenBefore, ...source.writtenAfter]) {
      if (!meetingById.has(m)) problems.push({ file: source.file, line: 1, field: 'written_before', message: `unknown meeting "${m}"` });
    }
  }
  // A `quoted` entry not found in the text must be a person whose name is.
  const personById = new Map(people.map(({ value }) => [value.id, value]));
  for (const { source, entry, line } of unnamedQuoted) {
    const person = personById.get(entry);
    const body = sources.get(source)?.body ?? '';
    if (!person) problems.push({ file: `sources/${source}.md`, line, field: 'quoted', message: `"${clip(entry)}" is neither in the text word for word nor a person in people.yml` });
    else if (!person.names.some((n) => isVerbatim(n, body))) problems.push({ file: `sources/${source}.md`, line, field: 'quoted', message: `none of ${person.id}'s names appears in the text` });
  }
  const allBodies = [...sources.values()].map((s) => normalizeForQuote(s.body)).join('\n');
  for (const { value: p, lineOf } of people) {
    if (!allBodies.includes(normalizeForQuote(p.name))) {
      problems.push({ file: 'people.yml', line: lineOf('name'), field: 'name', message: `"${p.name}" does not appear in any source; use a name as the sources write it` });
    }
  }
  checkCoverage(
    sources,
    facts.map((f) => f.value),
    problems,
  );
  const titles = new Map<string, string>();
  for (const source of sources.values()) {
    const earlier = titles.get(normalizeText(source.title));
    if (earlier)
      problems.push({
        file: source.file,
        line: 1,
        field: 'title',
        message: `is the same as ${earlier}'s title: people tell sources apart by their titles; give a descriptive title (title_kind: descriptive)`,
      });
    else titles.set(normalizeText(source.title), source.id);
  }
  checkUnique('meetings.yml', meetings, problems);
  checkUnique('people.yml', people, problems);

  if (problems.length) throw new KnowledgeBaseError(dir, problems);
  const warnings: KnowledgeProblem[] = [];

  return {
    dir,
    about: toAbout(about!.value),
    vocabulary: {
      synonyms: new Map(Object.entries(vocabulary?.value.synonyms ?? {})),
      phrases: new Map(Object.entries(vocabulary?.value.phrases ?? {})),
      stopwords: vocabulary?.value.stopwords ?? [],
    },
    sources,
    facts: facts.map(({ value: f, file, line }) => ({
      id: f.id,
      source: f.source,
      meeting: f.meeting,
      answer: f.answer,
      quotes: inSourceOrder(toList(f.quote), sources.get(f.source)!.body, () =>
        warnings.push({ file, line, factId: f.id, field: 'quote', message: 'passages are not in the order the source has them: list them as they appear' }),
      ),
      questions: f.questions,
      topics: f.topics.map((t) => t.toLowerCase()),
      people: f.people,
      reports: reports.get(f.id),
      on: f.on,
      not: f.not,
      file,
      line,
    })),
    meetings: meetings.map(({ value: m }): Meeting => m).sort((a, b) => a.date.localeCompare(b.date)),
    people: people.map(({ value }): Person => value),
    warnings,
  };
}

/** A `quoted` entry that is not in its text: it must be a person's id, checked once people.yml is read. */
interface UnnamedQuoted {
  source: string;
  entry: string;
  line: number;
}

function loadSources(dir: string, problems: KnowledgeProblem[], unnamedQuoted: UnnamedQuoted[]): Map<string, Source> {
  const sources = new Map<string, Source>();
  const sourcesDir = join(dir, 'sources');
  const files = existsSync(sourcesDir)
    ? readdirSync(sourcesDir)
        .filter((f) => f.endsWith('.md'))
        .sort()
    : [];
  if (!files.length) problems.push({ file: 'sources/', message: 'no sources: add one article per sources/<source-id>.md' });
  for (const name of files) {
    const file = `sources/${name}`;
    const raw = readFileSync(join(sourcesDir, name), 'utf8');
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(raw);
    if (!match) {
      problems.push({ file, line: 1, message: 'must start with front matter between two "---" lines (title, title_kind, published)' });
      continue;
    }
    const [frontMatter] = readYamlList(join(sourcesDir, name), file, sourceFrontMatterSchema, problems, 1, `- ${indent(match[1] ?? '')}`);
    if (!frontMatter) continue;
    const fm = frontMatter.value;
    const bodyStartLine = match[0].split('\n').length;
    const body = raw.slice(match[0].length);
    const paragraphs: Paragraph[] = body
      .split('\n')
      .map((lineText, i) => ({ text: lineText.trim(), line: bodyStartLine + i }))
      .filter((p) => p.text.length > 0);
    for (const skip of fm.skip) {
      const hits = paragraphs.filter((p) => normalizeForQuote(p.text).startsWith(normalizeForQuote(skip.paragraph)));
      if (hits.length !== 1) {
        problems.push({ file, line: frontMatter.lineOf('skip'), field: 'skip', message: `"${clip(skip.paragraph)}" matches ${hits.length} paragraphs; it must match the start of exactly one` });
      }
    }
    const sourceId = name.slice(0, -'.md'.length);
    for (const [field, entries] of [
      ['byline', fm.byline ? [fm.byline] : []],
      ['cites', fm.cites],
    ] as const) {
      for (const entry of entries) {
        if (!isVerbatim(entry, body)) problems.push({ file, line: frontMatter.lineOf(field), field, message: `"${clip(entry)}" is not in the text word for word: write it as the text does` });
      }
    }
    for (const entry of fm.quoted) if (!isVerbatim(entry, body)) unnamedQuoted.push({ source: sourceId, entry, line: frontMatter.lineOf('quoted') });
    sources.set(sourceId, {
      id: sourceId,
      title: fm.title,
      titleKind: fm.title_kind,
      publisher: fm.publisher,
      kind: fm.kind,
      url: fm.url,
      byline: fm.byline,
      cites: fm.cites,
      quoted: fm.quoted,
      excerpt: fm.excerpt,
      writtenBefore: fm.written_before,
      writtenAfter: fm.written_after,
      published: fm.published,
      precision: datePrecision(fm.published),
      publishedNote: fm.published_note,
      body,
      paragraphs,
      skipped: fm.skip,
      file,
    });
  }
  return sources;
}

type FactEntry = ReturnType<typeof readYamlList<z.output<typeof factSchema>>>[number] & { file: string };

function loadFacts(dir: string, problems: KnowledgeProblem[]): FactEntry[] {
  const factsDir = join(dir, 'facts');
  const files = existsSync(factsDir)
    ? readdirSync(factsDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  if (!files.length) problems.push({ file: 'facts/', message: 'no fact files: add facts/*.yml' });
  return files.flatMap((name) => {
    const file = `facts/${name}`;
    return readYamlList(join(factsDir, name), file, factSchema, problems).map((entry) => ({ ...entry, file }));
  });
}

/** Every paragraph of every source is quoted by some fact, or deliberately skipped. */
function checkCoverage(sources: Map<string, Source>, facts: { source: string; quote: string | string[] }[], problems: KnowledgeProblem[]): void {
  for (const source of sources.values()) {
    const quotes = facts
      .filter((f) => f.source === source.id)
      .flatMap((f) => toList(f.quote))
      .map(normalizeForQuote);
    const skipped = source.skipped.map((s) => normalizeForQuote(s.paragraph));
    for (const p of source.paragraphs) {
      const para = normalizeForQuote(p.text);
      if (skipped.some((s) => para.startsWith(s))) continue;
      if (!quotes.some((q) => para.includes(q) || q.includes(para))) {
        problems.push({
          file: source.file,
          line: p.line,
          message: `paragraph not covered by any fact: "${clip(p.text)}". Quote it in a fact, or list it under skip with a reason`,
        });
      }
    }
  }
}

function checkUnique(file: string, entries: { value: { id: string }; lineOf(f: string): number }[], problems: KnowledgeProblem[]): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.value.id)) problems.push({ file, line: e.lineOf('id'), field: 'id', message: `duplicate id "${e.value.id}"` });
    seen.add(e.value.id);
  }
}

/** What is left of a name split at a comma: a suffix, an initial, a title. */
const SPLIT_NAME = /^(jr|sr|ii|iii|iv|phd|md|esq|[a-z])\.?$/i;

/**
 * Names point at one thing only: a spelling shared by two people, an alias shared by two
 * meetings, or a synonym that redefines a name would make a question mean two things.
 * Years are not aliases: a meeting's year names it already (see meetings.ts).
 */
function checkNames(
  people: { value: { id: string; name: string; names: string[] }; lineOf(f: string): number }[],
  meetings: { value: { id: string; aliases: string[] }; lineOf(f: string): number }[],
  vocabulary: { synonyms: Record<string, string>; phrases: Record<string, string> } | undefined,
  problems: KnowledgeProblem[],
): void {
  const owner = new Map<string, string>();
  const claim = (name: string, who: string, file: string, line: number, field: string) => {
    const key = normalizeText(name);
    const earlier = owner.get(key);
    if (earlier && earlier !== who) problems.push({ file, line, field, message: `"${name}" already names ${earlier}; a name or alias must point at one person or meeting` });
    else owner.set(key, who);
  };
  for (const { value: p, lineOf } of people) {
    for (const n of p.names) claim(n, `person ${p.id}`, 'people.yml', lineOf('names'), 'names');
    if (!p.names.some((n) => normalizeText(n) === normalizeText(p.name))) {
      problems.push({ file: 'people.yml', line: lineOf('names'), field: 'names', message: `does not list "${p.name}", the person's name: add it, so that it names ${p.id} in a question` });
    }
    // `names: [Jane Doe, Jr.]` is two names to YAML: "Jane Doe" and "Jr.".
    for (const n of p.names.filter((n) => SPLIT_NAME.test(n.trim()))) {
      problems.push({
        file: 'people.yml',
        line: lineOf('names'),
        field: 'names',
        message: `"${n}" is not a name on its own: a comma in a name splits it in a YAML list; quote the whole name ("Jane Doe, Jr.")`,
      });
    }
  }
  for (const { value: m, lineOf } of meetings) {
    for (const a of m.aliases) {
      if (/^\d{4}$/.test(a.trim()))
        problems.push({ file: 'meetings.yml', line: lineOf('aliases'), field: 'aliases', message: `"${a}" is a year: a meeting's year already names it (remove it from aliases)` });
      else if (/\b(19|20)\d\d\b/.test(a))
        problems.push({
          file: 'meetings.yml',
          line: lineOf('aliases'),
          field: 'aliases',
          message: `"${a}" has a year in it: a question names the meeting by "${a.replace(/\s*\b(19|20)\d\d\b\s*/, ' ').trim()}" and its year apart, so list the alias without the year`,
        });
      else claim(a, `meeting ${m.id}`, 'meetings.yml', lineOf('aliases'), 'aliases');
    }
  }
  for (const key of [...Object.keys(vocabulary?.synonyms ?? {}), ...Object.keys(vocabulary?.phrases ?? {})]) {
    const named = owner.get(key);
    if (named) problems.push({ file: 'vocabulary.yml', field: key, message: `"${key}" is a name of ${named}: spellings of names belong in people.yml and meetings.yml` });
  }
}

function toAbout(value: z.output<typeof aboutSchema>): About {
  return { name: value.name, subject: value.subject, digestTitle: value.digest_title };
}

/** A YAML mapping read as a one-entry list, so that readYamlList reports its lines. */
const asList = (yamlText: string) => (yamlText.trim() ? `- ${indent(yamlText)}` : '');

function readIfExists(dir: string, name: string): string {
  const path = join(dir, name);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function readOptional(dir: string, name: string, problems: KnowledgeProblem[]): string {
  const path = join(dir, name);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  problems.push({ file: name, message: `missing: ${relative(process.cwd(), path)} must exist` });
  return '';
}

const toList = (q: string | string[]) => (Array.isArray(q) ? q : [q]);

/** Passages as the source has them, first to last: a citation reads in article order. */
function inSourceOrder(passages: string[], body: string, outOfOrder: () => void): string[] {
  if (passages.length < 2) return passages;
  const text = normalizeForQuote(body);
  const at = (p: string) => text.indexOf(normalizeForQuote(p));
  const sorted = [...passages].sort((a, b) => at(a) - at(b));
  if (sorted.some((p, i) => p !== passages[i])) outOfOrder();
  return sorted;
}
const indent = (yamlText: string) => yamlText.replace(/\n/g, '\n  ');
const clip = (s: string, max = 160) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};
