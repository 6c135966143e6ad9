import type { Placement } from './changes.ts';
import { describeAfter, type Change, type Review, type ReviewGroup } from './review.ts';

const OUTCOME_WORDS: Record<string, string> = {
  declined: 'declined',
  partial: 'answered partly',
  'not-reported': '"not reported"',
  thin: 'answered with a thin margin',
  'thumbs-down': 'thumbs-down',
};
const CHANNEL_WORDS: Record<string, string> = { channel: 'channels', dm: 'DMs', command: '/summit', console: 'console', shortcut: 'message shortcut', assistant: 'agent view' };
const NOW_WORDS: Record<string, string> = {
  'no-match': 'declines it',
  partial: 'answers it partly',
  'not-reported': 'says it is not reported',
  empty: 'finds nothing to match',
  answer: 'answers it',
  list: 'answers it with a list',
  time: 'answers it with a time span',
};

/** The review as a curator reads it in a terminal: each group, then its change, ready to paste. */
export function formatReview(review: Review): string {
  const window = review.from ? `${day(review.from)} to ${day(review.to)}` : `up to ${day(review.to)}`;
  const open = review.groups.length + review.more;
  const lines = [
    `Questions recorded ${window}: ${review.records}, in ${open + review.resolved.length} group${plural(open + review.resolved.length)}; ${open} need${open === 1 ? 's' : ''} a change${review.resolved.length ? `, ${review.resolved.length} ${review.resolved.length === 1 ? 'is' : 'are'} answered now` : ''}.`,
  ];
  review.groups.forEach((g, i) => {
    lines.push('', ...groupLines(g, i + 1));
  });
  if (review.more) lines.push('', `…and ${review.more} more group${plural(review.more)} (--top 0 shows all).`);
  if (review.resolved.length) {
    lines.push('', 'Answered now (nothing to paste; check the answers):');
    for (const g of review.resolved) lines.push(`  ${g.count}× "${g.questions[0]!.text}" — ${g.change.summary}`);
  }
  if (review.groups.length) {
    lines.push('', 'After pasting: npm run kb:check, then npm run ask -- "<the question>" to see the new answer.');
  }
  return lines.join('\n');
}

function groupLines(g: ReviewGroup, n: number): string[] {
  const [first, ...others] = g.questions;
  const lines = [`${n}. Asked ${times(g.count)}: "${first!.text}"`];
  if (others.length) lines.push(`   Phrasings: ${g.questions.map((q) => `${q.count}× ${q.text}`).join(' · ')}`);
  lines.push(`   What happened: ${counts(g.outcomes, OUTCOME_WORDS)}; asked in ${counts(g.channelTypes, CHANNEL_WORDS)}; last ${day(g.lastAt)}`);
  const now = `${NOW_WORDS[g.now.kind] ?? g.now.kind}${g.now.fact ? ` with ${g.now.fact}` : ''} (confidence ${g.now.confidence.toFixed(2)})`;
  lines.push(`   Now: the bot ${now}`);
  if (g.closest) lines.push(`   Closest fact: ${g.closest.id} (${g.closest.file}:${g.closest.line}): "${g.closest.answer}"`);
  lines.push(...changeLines('Change', g.change));
  if (g.alternative) lines.push(...changeLines('Or', g.alternative));
  return lines;
}

function changeLines(label: string, c: Change): string[] {
  const lines = [`   ${label}: ${c.summary}.`];
  if (c.check) lines.push(`     ${c.check}`);
  if (c.placement && c.yaml) lines.push(`     ── ${where(c.placement)} ──`, c.yaml, '     ──');
  if (c.after) {
    const text = `     With this change the bot answers it ${describeAfter(c.after)}`;
    lines.push(/\."?$/.test(text) ? text : `${text}.`);
  }
  return lines;
}

/** Where to paste, in words. */
export function where(p: Placement): string {
  switch (p.how) {
    case 'after-line':
      return `paste after line ${p.line} of ${p.file}`;
    case 'replace-lines':
      return p.endLine && p.endLine !== p.line ? `replace lines ${p.line}–${p.endLine} of ${p.file} with` : `replace line ${p.line} of ${p.file} with`;
    case 'end-of-file':
      return `paste at the end of ${p.file}`;
    case 'new-file':
      return `create ${p.file} starting with`;
  }
}

/**
 * One line per group for Slack (`/summit gaps`, the Home tab): how often, the question, what
 * happened and the change in a few words. Plain text; the caller escapes it for mrkdwn.
 */
export function formatGapLine(g: ReviewGroup): string {
  return `${g.count}× "${g.questions[0]!.text}" — ${counts(g.outcomes, OUTCOME_WORDS)} → ${g.change.summary}${g.change.placement ? ` (${g.change.placement.file})` : ''}`;
}

function counts(map: Partial<Record<string, number>>, words: Record<string, string>): string {
  return Object.entries(map)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([k, v]) => `${words[k] ?? k} ×${v}`)
    .join(', ');
}

const day = (iso: string) => iso.slice(0, 10);
const plural = (n: number) => (n === 1 ? '' : 's');
const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
