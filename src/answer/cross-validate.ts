/**
 * How well the base answers questions its curators did not write, estimated from the base
 * itself: each sample question asked with itself left out of its fact (as a user's new
 * phrasing would be), and each near miss asked with itself left out. kb:check prints it, per
 * fact, weakest first, with what to do about each.
 */
import { answerQuestion } from './answer.ts';
import type { HeldOut } from './retrieve.ts';
import type { SearchIndex } from './search-index.ts';

export interface FactReport {
  id: string;
  file: string;
  line: number;
  /** Sample questions asked with themselves left out, and how many its fact answered. */
  asked: number;
  answered: number;
  /** Its sample questions answered with another fact. */
  wrong: number;
  /** The fact that answered its questions instead most often, and how often. */
  takenBy?: { id: string; times: number };
  /** Near misses asked with themselves left out, and how many were declined. */
  nots: number;
  declined: number;
}

export interface CrossValidation {
  facts: FactReport[];
  asked: number;
  answered: number;
  /** Sample questions answered by another fact. */
  wrong: number;
  nots: number;
  declined: number;
}

/** The cross-validated figures of every fact (see the top of this file). */
export function crossValidate(index: SearchIndex, today = new Date()): CrossValidation {
  const facts = index.kb.facts.map((fact, f): FactReport => {
    const report: FactReport = { id: fact.id, file: fact.file, line: fact.line, asked: 0, answered: 0, wrong: 0, nots: 0, declined: 0 };
    const takers = new Map<string, number>();
    fact.questions.forEach((question, i) => {
      const r = answerQuestion(index, question, { today, leaveOut: heldOutQuestion(index, f, index.factQuestions[f]! + i) });
      report.asked++;
      if (r.answered && r.facts.some((x) => x.id === fact.id)) report.answered++;
      else if (r.answered && r.fact) {
        report.wrong++;
        takers.set(r.fact.id, (takers.get(r.fact.id) ?? 0) + 1);
      }
    });
    fact.not.forEach((question, i) => {
      const r = answerQuestion(index, question, { today, leaveOut: heldOutQuestion(index, f, index.factNots[f]! + i) });
      report.nots++;
      if (!r.answered) report.declined++;
    });
    const taker = [...takers].sort((a, b) => b[1] - a[1])[0];
    if (taker) report.takenBy = { id: taker[0], times: taker[1] };
    return report;
  });
  const sum = (pick: (r: FactReport) => number) => facts.reduce((n, r) => n + pick(r), 0);
  return { facts, asked: sum((r) => r.asked), answered: sum((r) => r.answered), wrong: sum((r) => r.wrong), nots: sum((r) => r.nots), declined: sum((r) => r.declined) };
}

/** A fact's share of questions answered and near misses declined, for ranking the weakest. */
export const strength = (r: FactReport) => (r.asked ? r.answered / r.asked : 1) * 0.5 + (r.nots ? r.declined / r.nots : 0) * 0.5;

/** What a curator can do about a weak fact. */
export function advice(r: FactReport): string {
  const tips: string[] = [];
  if (!r.nots) tips.push('add near misses (`not:`): questions people would ask that the sources do not answer');
  else if (r.declined < r.nots) tips.push(`${r.nots - r.declined} of its near misses are answered: add more, worded as people would ask them`);
  if (r.takenBy && r.takenBy.times * 3 >= r.asked) tips.push(`${r.takenBy.id} answers ${r.takenBy.times} of its questions: give its questions the words that set it apart, or split or merge the two`);
  else if (r.answered * 2 < r.asked) tips.push('add phrasings people would use (`questions:`), in other words than the ones it has');
  return tips.join('; ') || 'fine';
}

/** Curated question `q` of fact `f` left out: the terms the fact has only because of it. */
export function heldOutQuestion(index: SearchIndex, f: number, q: number): HeldOut {
  const fact = index.facts[f]!;
  const own = new Set<number>();
  const addText = (text: string) => {
    for (const t of index.analyzer.terms(text)) own.add(index.vocabulary.get(t) ?? -1);
  };
  for (let other = index.factQuestions[f]!; other < index.factNots[f]!; other++) {
    if (other === q) continue;
    for (let i = index.questionOffsets[other]!; i < index.questionOffsets[other + 1]!; i++) own.add(index.questionTermIds[i]!);
  }
  for (const id of fact.people) index.kb.people.find((p) => p.id === id)?.names.forEach(addText);
  fact.topics.forEach(addText);
  addText(fact.answer);
  fact.quotes.forEach(addText);
  const meeting = index.kb.meetings.find((m) => m.id === fact.meeting);
  if (meeting) {
    own.add(index.vocabulary.get(index.analyzer.entityTerms.get(meeting.id) ?? '') ?? -1);
    own.add(index.vocabulary.get(meeting.date.slice(0, 4)) ?? -1);
  }
  const onlyTerms = new Set<number>();
  for (let i = index.questionOffsets[q]!; i < index.questionOffsets[q + 1]!; i++) {
    const id = index.questionTermIds[i]!;
    if (!own.has(id)) onlyTerms.add(id);
  }
  return { factIndex: f, question: q, onlyTerms };
}
