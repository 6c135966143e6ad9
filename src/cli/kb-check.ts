/** `npm run kb:check`: validates the knowledge base and prints a short report. */
import 'dotenv/config';
import { knowledgeDir } from '../config.ts';
import { GENERAL_MEETING, KnowledgeBaseError, loadKnowledgeBase, formatDate, formatProblem, type Fact, type KnowledgeBase } from '../knowledge/index.ts';
import { advice, answerQuestion, buildSearchIndex, crossValidate, formatSourceLine, strength, type AnswerResult, type SearchIndex } from '../answer/index.ts';

/**
 * A fact's own sample questions that the engine answers with another fact, or not at all:
 * collisions a curator should see before CI does (add a distinguishing word to a question,
 * or move it to the fact that does answer it).
 */
export function sampleQuestionWarnings(index: SearchIndex): string[] {
  const warnings: string[] = [];
  for (const fact of index.kb.facts) {
    for (const question of fact.questions) {
      const r = answerQuestion(index, question);
      if (r.fact?.id === fact.id || supersedes(r.fact, fact)) continue;
      // "Did they discuss X in Lima?" of a preview: "my sources predate that meeting", then this
      // fact as what was expected, cited. As well as the sources allow: not a collision.
      if (r.kind === 'not-reported' && r.related?.fact.id === fact.id) continue;
      const what = r.answered ? `answered by ${r.fact!.id} (${r.confidence.toFixed(2)})` : `not answered: ${whyNot(r)}`;
      warnings.push(`${fact.file}:${fact.line} [fact ${fact.id}] sample question "${question}" is ${what}`);
    }
  }
  return warnings;
}

/** The reply a sample question got instead of its fact, and why, in a curator's words. */
function whyNot(r: AnswerResult): string {
  const best = r.candidates[0];
  const by = best?.applied.length
    ? `, after ${best.applied.map((a) => `${a.id} ×${a.factor}`).join(', ')} on ${best.fact.id}`
    : best
      ? ` (${best.fact.id} from the words ${best.base.toFixed(2)})`
      : '';
  if (r.kind === 'partial') return `the bot says "${r.answer}"${by}`;
  if (r.kind === 'not-reported') return 'the bot says its sources predate that meeting (the question reads as asking what happened there)';
  if (r.kind === 'chat' || r.kind === 'empty') return `the bot reads it as ${r.kind === 'chat' ? `chit-chat (${r.chat})` : 'empty'}, not a question`;
  return `"I don't know" at ${r.confidence.toFixed(2)}${by}`;
}

/** A later report of the same meeting answering a preview's question: by design, not a collision. */
const supersedes = (winner: Fact | undefined, preview: Fact) => winner !== undefined && preview.reports === 'expected' && winner.reports === 'happened' && winner.meeting === preview.meeting;

export function reportKnowledgeBase(kb: KnowledgeBase): string {
  const lines = [`Knowledge base OK: ${kb.dir}`, '', `Sources (${kb.sources.size}):`];
  for (const s of kb.sources.values()) {
    const facts = kb.facts.filter((f) => f.source === s.id).length;
    const covered = s.paragraphs.length - s.skipped.length;
    lines.push(
      `  ${s.id}: ${formatSourceLine(s)}${s.titleKind === 'descriptive' ? ' (descriptive title)' : ''}${s.excerpt ? ' (excerpt)' : ''} (dated to the ${s.precision})${s.url ? ` ${s.url}` : ''}`,
      `    ${facts} facts; ${covered}/${s.paragraphs.length} paragraphs covered, ${s.skipped.length} skipped${s.skipped.length ? ` (${s.skipped.map((k) => k.reason).join('; ')})` : ''}`,
    );
  }
  lines.push('', 'Facts per meeting:');
  for (const m of [...kb.meetings.map((m) => m.id), GENERAL_MEETING]) {
    const n = kb.facts.filter((f) => f.meeting === m).length;
    const meeting = kb.meetings.find((x) => x.id === m);
    const previews = kb.facts.filter((f) => f.meeting === m && f.reports === 'expected').length;
    const reports = meeting ? ` — ${previews} written before it, ${n - previews} after` : '';
    lines.push(`  ${m}: ${n}${meeting ? `  (${meeting.name}, ${formatDate(meeting.date)})${reports}` : ''}`);
  }
  const questions = kb.facts.reduce((n, f) => n + f.questions.length, 0);
  lines.push('', `${kb.facts.length} facts, ${questions} sample questions, ${kb.people.length} people.`);
  const unmentioned = kb.people.filter((p) => !kb.facts.some((f) => f.people.includes(p.id)));
  if (unmentioned.length) lines.push(`Note: no fact is tagged with ${unmentioned.map((p) => p.id).join(', ')}.`);
  const index = buildSearchIndex(kb);
  lines.push('', ...crossValidationLines(index));
  const warnings = [...kb.warnings.map(formatProblem), ...sampleQuestionWarnings(index)];
  if (warnings.length) lines.push('', `Warnings (${warnings.length}; the base loads, but look at these):`, ...warnings.map((w) => `  ${w}`));
  return lines.join('\n');
}

/** How many of the weakest facts the report names. */
const WEAKEST = 5;

/** The cross-validated figures (cross-validate.ts), and the weakest facts with what to do about each. */
export function crossValidationLines(index: SearchIndex): string[] {
  const cv = crossValidate(index);
  const pct = (a: number, b: number) => `${a}/${b} (${b ? Math.round((100 * a) / b) : 0}%)`;
  const weakest = [...cv.facts]
    .sort((a, b) => strength(a) - strength(b))
    .filter((r) => advice(r) !== 'fine')
    .slice(0, WEAKEST);
  return [
    'Cross-validated (each curated question asked with itself left out of its fact, as a new phrasing would be):',
    `  sample questions answered by their fact ${pct(cv.answered, cv.asked)}, by another fact ${pct(cv.wrong, cv.asked)}; near misses declined ${pct(cv.declined, cv.nots)}`,
    ...(weakest.length ? ['  Weakest facts:'] : []),
    ...weakest.map((r) => `    ${r.file}:${r.line} [fact ${r.id}] questions ${r.answered}/${r.asked}, near misses declined ${r.declined}/${r.nots}: ${advice(r)}`),
  ];
}

function main(): number {
  const dir = knowledgeDir();
  try {
    console.log(reportKnowledgeBase(loadKnowledgeBase(dir)));
    return 0;
  } catch (error) {
    if (error instanceof KnowledgeBaseError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main();
