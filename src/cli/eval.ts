/**
 * `npm run eval -- SET.yml...`: scores evaluation sets against the installed base
 * (KNOWLEDGE_DIR, default knowledge/): right, declined, wrong and threads, then every miss.
 *   --today YYYY-MM-DD   the day the set was written for (default: its `today`, else today)
 *   --quiet              the figures only, no misses
 * Each question is asked on its own; a thread's turns are one conversation.
 */
import 'dotenv/config';
import { basename } from 'node:path';
import { describeScore, readEvalSet, scoreSet } from '../eval/score.ts';
import { loadIndexForCli } from './load-index.ts';

function main(argv: string[]): number {
  const todayAt = argv.indexOf('--today');
  const today = todayAt >= 0 ? new Date(`${argv[todayAt + 1]}T12:00:00Z`) : new Date();
  if (Number.isNaN(today.getTime())) {
    console.error('--today takes a date: YYYY-MM-DD');
    return 2;
  }
  const files = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--today');
  if (!files.length) {
    console.error('Usage: npm run eval -- [--today YYYY-MM-DD] [--quiet] SET.yml...');
    return 2;
  }
  const index = loadIndexForCli();
  if (!index) return 1;
  for (const file of files) {
    let items: ReturnType<typeof readEvalSet>;
    try {
      items = readEvalSet(file);
    } catch (error) {
      console.error(`${file}: ${(error as Error).message}`);
      return 2;
    }
    const score = scoreSet(index, items, { today });
    console.log(describeScore(basename(file), score));
    if (!argv.includes('--quiet') && score.misses.length) console.log(`  misses:\n${score.misses.join('\n')}`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
