/**
 * `npm run ask -- "question"`: the answer with its citation.
 *   --json               one JSON object per question; with no question, reads one per line from stdin
 *   --explain            also how the question was read (its frame) and the top candidates,
 *                        with every named constraint that changed their scores
 *   --today YYYY-MM-DD   the day "how long ago" counts from (default: today)
 * Lines read from stdin are one conversation: each may follow up the one before.
 */
import 'dotenv/config';
import { createInterface } from 'node:readline';
import { answerQuestion, formatSourceLine, type AnswerResult, type Citation, type ConversationContext, type Frame } from '../answer/index.ts';
import { loadIndexForCli } from './load-index.ts';

const citationJson = ({ id, title, publisher, kind, url, published, quote, passages, reports }: Citation) => ({ id, title, publisher, kind, url, published, quote, passages, reports });

export function toJson(question: string, r: AnswerResult) {
  return {
    question,
    answered: r.answered,
    /** `answer`, `list`, `time`, `partial`, `not-reported`, `no-match` or `empty`. */
    kind: r.kind,
    answer: r.answer,
    confidence: r.confidence,
    /** The answering fact's id: what a curator looks up in knowledge/facts. */
    fact: r.fact?.id ?? null,
    facts: r.facts.map((f) => f.id),
    sources: r.sources.map(citationJson),
    /** For a partial or "not reported" reply: what the sources do say. */
    related: r.related ? { answer: r.related.answer, fact: r.related.fact.id, sources: r.related.sources.map(citationJson) } : null,
    suggestions: r.suggestions,
  };
}

export function toText(r: AnswerResult, explain: boolean): string {
  const lines = [r.answer];
  for (const s of r.sources) lines.push('', `Source: ${formatSourceLine(s)}`, ...s.passages.map((p) => `  “${p}”`));
  if (r.related) {
    lines.push('', r.related.answer);
    for (const s of r.related.sources) lines.push(`Source: ${formatSourceLine(s)}`, ...s.passages.map((p) => `  “${p}”`));
  }
  if (r.suggestions.length) lines.push('', r.answered ? 'See also:' : 'You could ask:', ...r.suggestions.map((s) => `  • ${s}`));
  lines.push('', `(${r.kind}; confidence ${r.confidence.toFixed(2)}${r.meeting ? `; meeting: ${r.meeting.name}` : ''})`);
  if (explain) lines.push('', ...explainLines(r));
  return lines.join('\n');
}

function explainLines(r: AnswerResult): string[] {
  const lines = r.frame ? ['How the question was read:', ...frameLines(r.frame)] : [];
  lines.push('', 'Top candidates (score after constraints; words matched; constraints that changed the score):');
  for (const c of r.candidates) {
    lines.push(
      `  ${c.score.toFixed(3)}  ${c.fact.id}  (from the words ${c.base.toFixed(3)}: coverage ${c.coverage.toFixed(2)}, question match ${c.questionMatch.toFixed(2)}${c.notMatch ? `, near-miss match ${c.notMatch.toFixed(2)}` : ''})`,
      `         matched: ${c.matched.join(', ') || '—'}`,
      ...c.applied.map((a) => `         × ${a.factor}  ${a.id}`),
    );
  }
  if (!r.candidates.length) lines.push('  (none: no word of the question is in the knowledge base)');
  return lines;
}

function frameLines(f: Frame): string[] {
  const flags = (['number', 'exactDate', 'timeOfDay', 'name', 'place', 'outcome', 'future', 'expected', 'happened', 'broad', 'followUp'] as const).filter((k) => f[k]);
  return [
    `  asks for: ${f.asks}${f.time ? ` (${f.time})` : ''}`,
    `  matched as: "${f.text}"${f.inherited ? ` + from the earlier question: "${f.inherited}"` : ''}`,
    `  meeting: ${f.meeting ? `${f.meeting.meeting.id}${f.meeting.implied ? ' (implied)' : ''}` : '—'}${f.meetings.length > 1 ? `; names ${f.meetings.map((m) => m.id).join(', ')}` : ''}`,
    `  people: ${f.people.map((p) => p.id).join(', ') || '—'}${f.speakers.length ? `; their words asked for: ${f.speakers.join(', ')}` : ''}`,
    `  about: ${f.subjects.map((s) => s.join(' ')).join('; ') || '—'}${f.heads.size ? `; which: ${[...f.heads].join(', ')}` : ''}`,
    `  flags: ${flags.join(', ') || '—'}`,
  ];
}

function parseToday(argv: string[]): Date | undefined {
  const at = argv.indexOf('--today');
  if (at < 0) return undefined;
  const value = argv[at + 1] ?? '';
  const date = new Date(`${value}T12:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime())) throw new UsageError(`--today needs a date as YYYY-MM-DD, not "${value}"`);
  return date;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const explain = argv.includes('--explain');
  let today: Date | undefined;
  try {
    today = parseToday(argv);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const question = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--today').join(' ');
  const index = loadIndexForCli();
  if (!index) return 1;

  if (!question && (json || !process.stdin.isTTY)) {
    let context: ConversationContext | undefined;
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      const result = answerQuestion(index, line, { context, today });
      context = result.context ?? context;
      process.stdout.write(json ? `${JSON.stringify(toJson(line, result))}\n` : `${toText(result, explain)}\n\n`);
    }
    return 0;
  }
  if (!question) {
    console.error('Usage: npm run ask -- [--json] [--explain] [--today YYYY-MM-DD] "your question"');
    return 2;
  }
  const result = answerQuestion(index, question, { today });
  console.log(json ? JSON.stringify(toJson(question, result)) : toText(result, explain));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
