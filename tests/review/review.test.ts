/**
 * The curator's review on the invented harbor base: groups, proposals, and the loop closing —
 * each proposal pasted into a copy of the base as a curator would, then the base reloaded.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { answerQuestion, buildSearchIndex, type SearchIndex } from '../../src/answer/index.ts';
import { KnowledgeBaseError, loadKnowledgeBase } from '../../src/knowledge/index.ts';
import { formatGapLine, formatReview, listAddition, reviewQuestions, where, type Change } from '../../src/review/index.ts';
import type { QuestionRecord } from '../../src/state/questions.ts';

const HARBOR = fileURLToPath(new URL('../fixtures/harbor-kb', import.meta.url));

function copyHarbor(): string {
  const dir = mkdtempSync(join(tmpdir(), 'summit-review-kb-'));
  cpSync(HARBOR, dir, { recursive: true });
  return dir;
}
const indexOf = (dir: string): SearchIndex => buildSearchIndex(loadKnowledgeBase(dir));

let seconds = 0;
const rec = (question: string, outcome: QuestionRecord['outcome'] = 'declined', extra: Partial<QuestionRecord> = {}): QuestionRecord => ({
  at: new Date(Date.UTC(2026, 10, 20, 12, 0, seconds++)).toISOString(),
  question,
  outcome,
  kind: outcome === 'declined' ? 'no-match' : outcome === 'thumbs-down' || outcome === 'thin' ? 'answer' : outcome,
  confidence: 0.5,
  channelType: 'dm',
  ...extra,
});

/** Pastes a change as its placement says, the way a curator does in an editor. */
function paste(dir: string, change: Change, edit: (yaml: string) => string = (y) => y): void {
  const p = change.placement!;
  const path = join(dir, p.file);
  const yaml = edit(change.yaml).split('\n');
  if (p.how === 'new-file') {
    writeFileSync(path, `${yaml.join('\n')}\n`);
    return;
  }
  const lines = readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
  if (p.how === 'after-line') lines.splice(p.line, 0, ...yaml);
  else if (p.how === 'replace-lines') lines.splice(p.line - 1, (p.endLine ?? p.line) - p.line + 1, ...yaml);
  else lines.push('', ...yaml);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

describe('reviewQuestions', () => {
  const index = indexOf(HARBOR);

  it('groups similar phrasings, most frequent first, with their counts and what happened', () => {
    const records = [
      rec('how many people live in kessel'),
      rec('who runs the fishers guild'),
      rec('Who runs the fishers guild?', 'declined', { channelType: 'channel' }),
      rec('who runs the fishers guild'),
      rec('fishers guild, who runs it', 'thumbs-down', { kind: 'no-match' }),
      rec('who is the mayor of grenz'),
      rec('who is the mayor of grenz'),
    ];
    const review = reviewQuestions(index, records, { verify: false });
    expect(review.records).toBe(7);
    expect(review.groups.map((g) => g.count)).toEqual([4, 2, 1]);
    const [guild, secretary, kessel] = review.groups;
    expect(guild!.questions).toEqual([
      { text: 'who runs the fishers guild', count: 3 },
      { text: 'fishers guild, who runs it', count: 1 },
    ]);
    expect(guild!.outcomes).toEqual({ declined: 3, 'thumbs-down': 1 });
    expect(guild!.channelTypes).toEqual({ dm: 3, channel: 1 });
    expect(secretary!.questions).toEqual([{ text: 'who is the mayor of grenz', count: 2 }]);
    expect(kessel!.questions[0]!.text).toBe('how many people live in kessel');
    for (const g of review.groups) {
      expect(g.change.yaml).not.toBe('');
      expect(g.change.placement?.file).toMatch(/^facts\/.+\.yml$/);
    }
    // Each group's closest fact is where the engine looks now.
    const now = answerQuestion(index, 'Who runs the fishers guild?');
    expect(guild!.closest?.id).toBe((now.fact ?? now.related?.fact ?? now.candidates[0]?.fact)?.id);
  });

  it('a declined question with a close fact: pasting the phrasing into its questions makes the bot answer it with that fact', () => {
    const question = 'who runs the fishers guild';
    expect(answerQuestion(index, question).answered).toBe(false);
    const [group] = reviewQuestions(index, [rec(question), rec(question)]).groups;
    const change = group!.change;
    expect(change.action).toBe('add-question');
    expect(change.fact).toBe(group!.closest!.id);
    expect(change.yaml.trim()).toBe(`- ${question}`);
    expect(change.after).toMatchObject({ kind: 'answer', fact: change.fact });

    const dir = copyHarbor();
    paste(dir, change);
    const after = indexOf(dir);
    const fact = after.kb.facts.find((f) => f.id === change.fact)!;
    expect(fact.questions.at(-1)).toBe(question);
    expect(answerQuestion(after, question)).toMatchObject({ answered: true, fact: { id: change.fact } });
    // Nothing else moved: every other fact's questions are as they were.
    expect(after.kb.facts.filter((f) => f.id !== change.fact).map((f) => f.questions)).toEqual(index.kb.facts.filter((f) => f.id !== change.fact).map((f) => f.questions));
  });

  it("a 👎 on an answer: pasting it into that fact's not: stops the bot answering it with that fact", () => {
    const question = 'who is ilse varga';
    const before = answerQuestion(index, question);
    expect(before.answered).toBe(true);
    const [group] = reviewQuestions(index, [rec(question, 'thumbs-down', { fact: before.fact!.id, kind: before.kind })]).groups;
    const change = group!.change;
    expect(change).toMatchObject({ action: 'add-not', fact: before.fact!.id });
    expect(change.after?.fact).not.toBe(before.fact!.id);

    const dir = copyHarbor();
    paste(dir, change);
    const after = indexOf(dir);
    expect(after.kb.facts.find((f) => f.id === before.fact!.id)!.not).toEqual([question]);
    expect(answerQuestion(after, question).fact?.id).not.toBe(before.fact!.id);
  });

  it('adds to an existing not: list as one more item', () => {
    const question = 'who is ilse varga';
    const fact = answerQuestion(index, question).fact!;
    const dir = copyHarbor();
    const [first] = reviewQuestions(index, [rec('who is ilse varga', 'thumbs-down', { fact: fact.id })]).groups;
    paste(dir, first!.change);
    const once = indexOf(dir);
    const other = 'who is oren dask';
    expect(answerQuestion(once, other).fact?.id).toBe(fact.id);
    const [second] = reviewQuestions(once, [rec(other, 'thin', { fact: fact.id })]).groups;
    expect(second!.change).toMatchObject({ action: 'add-not', fact: fact.id });
    expect(second!.change.placement!.how).toBe('after-line');
    paste(dir, second!.change);
    expect(indexOf(dir).kb.facts.find((f) => f.id === fact.id)!.not).toEqual([question, other]);
  });

  it("a thin answer: not: first, and the fact's questions as the alternative if the answer was right", () => {
    const question = 'is the ferry running';
    const now = answerQuestion(index, question);
    const [group] = reviewQuestions(index, [rec(question, 'thin', { fact: now.fact!.id })]).groups;
    expect(group!.change).toMatchObject({ action: 'add-not', fact: now.fact!.id });
    expect(group!.alternative).toMatchObject({ action: 'add-question', fact: now.fact!.id });
    const dir = copyHarbor();
    paste(dir, group!.alternative!);
    expect(answerQuestion(indexOf(dir), question)).toMatchObject({ fact: { id: now.fact!.id }, confidence: 1 });
  });

  it('leaves out conversation and messages with no words to match: "+1", "thanks!", "help", "???"', () => {
    const noise = ['+1', 'thanks!', 'help', '???', ':wave:', 'ok cool'].map((q) => rec(q));
    const review = reviewQuestions(index, [...noise, rec('how many people live in kessel')], { verify: false });
    expect([...review.groups, ...review.resolved].flatMap((g) => g.questions.map((q) => q.text))).toEqual(['how many people live in kessel']);
  });

  it("nothing close: a new fact's skeleton quoting the best paragraph, which loads once its answer is written", () => {
    const question = 'how many people live in kessel';
    const [group] = reviewQuestions(index, [rec(question)]).groups;
    const change = group!.change;
    expect(change.action).toBe('new-fact');
    expect(change.placement!.how).toBe('end-of-file');
    expect(change.yaml).toMatch(/^- id: [a-z0-9-]+\n {2}source: [a-z0-9-]+\n {2}meeting: [a-z0-9-]+\n/);
    expect(change.yaml).toContain(`questions:\n    - ${question}`);
    const source = /source: (\S+)/.exec(change.yaml)![1]!;
    const quote = /quote: >-\n {4}(.+)/.exec(change.yaml)![1]!;
    expect(index.kb.sources.get(source)!.paragraphs.map((p) => p.text)).toContain(quote);

    // As pasted, the skeleton's empty answer fails the check: nothing half-written goes live.
    const unwritten = copyHarbor();
    paste(unwritten, change);
    expect(() => loadKnowledgeBase(unwritten)).toThrow(KnowledgeBaseError);
    expect(() => loadKnowledgeBase(unwritten)).toThrow(/answer/);

    const dir = copyHarbor();
    paste(dir, change, (yaml) => yaml.replace(/answer: .*/, 'answer: The sources say nothing of how many people live in Kessel.'));
    const id = /- id: (\S+)/.exec(change.yaml)![1]!;
    const kb = loadKnowledgeBase(dir);
    expect(kb.facts.find((f) => f.id === id)).toMatchObject({ source, questions: [question] });
  });

  it('"my sources don\'t say": a new fact about the meeting the question names, only if a source gives the detail', () => {
    const question = 'what time did the kessel talks start';
    const now = answerQuestion(index, question);
    expect(now.kind).toBe('partial');
    const [group] = reviewQuestions(index, [rec(question, 'partial')]).groups;
    expect(group!.change).toMatchObject({ action: 'new-fact', summary: 'needs a new fact, if a source gives the detail asked' });
    expect(group!.change.check).toContain(now.answer);
    const meeting = /meeting: (\S+)/.exec(group!.change.yaml)![1]!;
    const source = /source: (\S+)/.exec(group!.change.yaml)![1]!;
    expect(meeting).toBe(now.meeting?.id ?? now.related?.fact.meeting);
    expect(index.kb.facts.some((f) => f.meeting === meeting && f.source === source)).toBe(true);
    expect(formatGapLine(group!)).toBe(`1× "${question}" — answered partly ×1 → needs a new fact, if a source gives the detail asked (${group!.change.placement!.file})`);
  });

  it('"not reported": only a later source can answer, so it proposes one', () => {
    // The harbor base without its report of the second meeting: only the preview is left.
    const dir = copyHarbor();
    const report = [...index.kb.sources.values()].find((s) => s.published >= index.kb.meetings.at(-1)!.date)!;
    rmSync(join(dir, report.file));
    for (const file of new Set(index.kb.facts.map((f) => f.file))) {
      const doc = parseDocument(readFileSync(join(dir, file), 'utf8'));
      const list = doc.contents as YAMLSeq<YAMLMap>;
      list.items = list.items.filter((item) => item.get('source') !== report.id);
      writeFileSync(join(dir, file), doc.toString());
    }
    const previewOnly = indexOf(dir);
    const last = previewOnly.kb.meetings.at(-1)!;
    const question = `what happened at the ${last.aliases[0]} meeting`;
    expect(answerQuestion(previewOnly, question).kind).toBe('not-reported');
    const [group] = reviewQuestions(previewOnly, [rec(question, 'not-reported')]).groups;
    expect(group!.change.action).toBe('new-source');
    expect(group!.change.placement).toEqual({ file: `sources/${last.id}-report.md`, line: 1, how: 'new-file' });
    expect(group!.change.yaml).toMatch(/^---\ntitle: .*\ntitle_kind: headline\nkind: .*\npublished: .*\n---\n/);
    expect(group!.change.yaml).toContain(`on or after ${last.date}`);
  });

  it('leaves out what the bot answers now, and says so', () => {
    const answered = 'what did the fishers want';
    expect(answerQuestion(index, answered).answered).toBe(true);
    const review = reviewQuestions(index, [rec(answered), rec(answered), rec('who runs the fishers guild')]);
    expect(review.groups.map((g) => g.questions[0]!.text)).toEqual(['who runs the fishers guild']);
    expect(review.resolved.map((g) => g.questions[0]!.text)).toEqual([answered]);
    expect(review.resolved[0]!.change.action).toBe('none');
    expect(formatReview(review)).toMatch(/Answered now[^\n]*\n {2}2× "what did the fishers want"/);
  });

  it('shows the top groups and counts the rest', () => {
    const records = ['who runs the fishers guild', 'who is the mayor of grenz', 'how many people live in kessel'].flatMap((q, i) => Array.from({ length: 3 - i }, () => rec(q)));
    const review = reviewQuestions(index, records, { top: 2, verify: false });
    expect(review.groups).toHaveLength(2);
    expect(review.more).toBe(1);
    expect(formatReview(review)).toContain('…and 1 more group (--top 0 shows all).');
  });

  it('prints each group with its change ready to paste, and where', () => {
    const review = reviewQuestions(index, [rec('who runs the fishers guild'), rec('who runs the fishers guild'), rec('how many people live in kessel')]);
    const text = formatReview(review);
    const first = text.indexOf('1. Asked twice: "who runs the fishers guild"');
    const second = text.indexOf('2. Asked once: "how many people live in kessel"');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    for (const g of review.groups) {
      // The YAML is printed as is, so that copying it keeps its indentation.
      expect(text).toContain(`── ${where(g.change.placement!)} ──\n${g.change.yaml}\n`);
    }
  });
});

describe('changes on files as curators write them', () => {
  const setUp = (rewrite: (text: string) => string) => {
    const dir = copyHarbor();
    const file = join(dir, 'facts/general.yml');
    writeFileSync(file, rewrite(readFileSync(file, 'utf8')));
    const index = indexOf(dir);
    return { dir, index, fact: index.kb.facts.find((f) => f.file === 'facts/general.yml')! };
  };
  const flow = (text: string) =>
    text.replace(
      / {2}questions:\n((?: {4}- .*\n)+)/,
      (_m, items: string) =>
        `  questions: [${items
          .trim()
          .split('\n')
          .map((l) => JSON.stringify(l.replace(/^ {4}- /, '')))
          .join(', ')}]\n`,
    );

  it('a block list gets one more item after its last, even a folded one spanning lines', () => {
    const { dir, index, fact } = setUp((t) => t.replace(/( {2}questions:\n(?: {4}- .*\n)+)/, '$1    - >-\n      who set up the council,\n      and when\n'));
    const question = 'what is the council for: a "forum"?';
    const { yaml, placement } = listAddition(index.kb, fact, 'questions', question);
    paste(dir, { action: 'add-question', summary: '', check: '', yaml, placement });
    expect(indexOf(dir).kb.facts.find((f) => f.id === fact.id)!.questions).toEqual([...fact.questions, question]);
  });

  it('a flow list is rewritten whole; a fact without not: gets one after its last line, before comments that follow', () => {
    const { dir, index, fact } = setUp((t) => `${flow(t)}# a comment after the last fact\n`);
    const question = 'what does the river council cost';
    const add = listAddition(index.kb, fact, 'questions', question);
    expect(add.placement.how).toBe('replace-lines');
    const not = listAddition(index.kb, fact, 'not', 'who chairs the river council');
    expect(not.placement.how).toBe('after-line');
    // Pasted bottom-up, as line numbers below an edit shift.
    paste(dir, { action: 'add-not', summary: '', check: '', ...not });
    paste(dir, { action: 'add-question', summary: '', check: '', ...add });
    const after = indexOf(dir).kb.facts.find((f) => f.id === fact.id)!;
    expect(after.questions).toEqual([...fact.questions, question]);
    expect(after.not).toEqual(['who chairs the river council']);
    expect(readFileSync(join(dir, 'facts/general.yml'), 'utf8')).toMatch(/# a comment after the last fact\n$/);
  });
});
