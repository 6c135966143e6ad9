/** `npm run kb:check`: validates the knowledge base and prints a short report. */
import 'dotenv/config';
import { knowledgeDir } from '../config.ts';
import { GENERAL_MEETING, KnowledgeBaseError, loadKnowledgeBase, formatDate, type KnowledgeBase } from '../knowledge/index.ts';
import { formatSourceLine } from '../answer/index.ts';

export function reportKnowledgeBase(kb: KnowledgeBase): string {
  const lines = [`Knowledge base OK: ${kb.dir}`, '', `Sources (${kb.sources.size}):`];
  for (const s of kb.sources.values()) {
    const facts = kb.facts.filter((f) => f.source === s.id).length;
    const covered = s.paragraphs.length - s.skipped.length;
    lines.push(
      `  ${s.id}: ${formatSourceLine(s)}${s.titleKind === 'descriptive' ? ' (descriptive title)' : ''} (dated to the ${s.precision})`,
      `    ${facts} facts; ${covered}/${s.paragraphs.length} paragraphs covered, ${s.skipped.length} skipped` +
        (s.skipped.length ? ` (${s.skipped.map((k) => k.reason).join('; ')})` : ''),
    );
  }
  lines.push('', 'Facts per meeting:');
  for (const m of [...kb.meetings.map((m) => m.id), GENERAL_MEETING]) {
    const n = kb.facts.filter((f) => f.meeting === m).length;
    const meeting = kb.meetings.find((x) => x.id === m);
    lines.push(`  ${m}: ${n}${meeting ? `  (${meeting.name}, ${formatDate(meeting.date)})` : ''}`);
  }
  const questions = kb.facts.reduce((n, f) => n + f.questions.length, 0);
  lines.push('', `${kb.facts.length} facts, ${questions} sample questions, ${kb.people.length} people.`);
  const unmentioned = kb.people.filter((p) => !kb.facts.some((f) => f.people.includes(p.id)));
  if (unmentioned.length) lines.push(`Note: no fact is tagged with ${unmentioned.map((p) => p.id).join(', ')}.`);
  return lines.join('\n');
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
