/**
 * `npm run ask -- "question"`: the answer with its citation.
 *   --json     one JSON object per question; with no question, reads one per line from stdin
 *   --explain  also the top five candidate facts, their scores and what matched
 */
import 'dotenv/config';
import { createInterface } from 'node:readline';
import { knowledgeDir } from '../config.ts';
import { KnowledgeBaseError, loadKnowledgeBase } from '../knowledge/index.ts';
import { answerQuestion, buildSearchIndex, formatSourceLine, type AnswerResult, type SearchIndex } from '../answer/index.ts';

export function toJson(question: string, r: AnswerResult) {
  return {
    question,
    answered: r.answered,
    answer: r.answer,
    confidence: r.confidence,
    /** The answering fact's id: what a curator looks up in knowledge/facts. */
    fact: r.fact?.id ?? null,
    sources: r.sources.map(({ id, title, publisher, kind, url, published, quote, reports }) => ({ id, title, publisher, kind, url, published, quote, reports })),
    suggestions: r.suggestions,
  };
}

export function toText(r: AnswerResult, explain: boolean): string {
  const lines = [r.answer];
  for (const s of r.sources) lines.push('', `Source: ${formatSourceLine(s)}`, `  “${s.quote}”`);
  if (r.suggestions.length) lines.push('', r.answered ? 'See also:' : 'You could ask:', ...r.suggestions.map((s) => `  • ${s}`));
  lines.push('', `(confidence ${r.confidence.toFixed(2)}${r.meeting ? `; meeting: ${r.meeting.name}` : ''})`);
  if (explain) {
    lines.push('', 'Top candidates:');
    for (const c of r.candidates) {
      lines.push(
        `  ${c.score.toFixed(3)}  ${c.fact.id}  (coverage ${c.coverage.toFixed(2)}, question match ${c.questionMatch.toFixed(2)})`,
        `         matched: ${c.matched.join(', ') || '—'}`,
      );
    }
    if (!r.candidates.length) lines.push('  (none: no word of the question is in the knowledge base)');
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const explain = argv.includes('--explain');
  const question = argv.filter((a) => !a.startsWith('--')).join(' ');
  let index: SearchIndex;
  try {
    index = buildSearchIndex(loadKnowledgeBase(knowledgeDir()));
  } catch (error) {
    if (error instanceof KnowledgeBaseError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }

  if (json && !question) {
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      process.stdout.write(`${JSON.stringify(toJson(line, answerQuestion(index, line)))}\n`);
    }
    return 0;
  }
  if (!question) {
    console.error('Usage: npm run ask -- [--json] [--explain] "your question"');
    return 2;
  }
  const result = answerQuestion(index, question);
  console.log(json ? JSON.stringify(toJson(question, result)) : toText(result, explain));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
