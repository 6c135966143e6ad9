import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeInFolder } from './folders.ts';

/** How each question ended, without the question: what the curators' weekly counts are made of. */
export type Outcome = 'answered' | 'declined' | 'partial' | 'not-reported' | 'thumbs-down';

export interface ActivityLog {
  count(outcome: Outcome, at: Date): Promise<void>;
  /** Counts per outcome since `since`. */
  totals(since: Date): Promise<Record<Outcome, number>>;
  purge(before: Date): Promise<number>;
}

/**
 * `<dir>/activity.jsonl`: one short line per question (time and outcome, nothing else),
 * appended, so replicas sharing the folder never overwrite each other's counts.
 */
export function fileActivityLog(dir: string): ActivityLog {
  const path = join(dir, 'activity.jsonl');
  const lines = async (): Promise<{ at: string; o: Outcome }[]> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { at: string; o: Outcome };
        return typeof entry.at === 'string' && typeof entry.o === 'string' ? [entry] : [];
      } catch {
        return []; // an empty or torn line
      }
    });
  };
  return {
    async count(outcome, at) {
      const line = `${JSON.stringify({ at: at.toISOString(), o: outcome })}\n`;
      await writeInFolder(dir, () => appendFile(path, line));
    },
    async totals(since) {
      const totals: Record<Outcome, number> = { answered: 0, declined: 0, partial: 0, 'not-reported': 0, 'thumbs-down': 0 };
      for (const { at, o } of await lines()) if (new Date(at) >= since && o in totals) totals[o]++;
      return totals;
    },
    async purge(before) {
      const all = await lines();
      const kept = all.filter(({ at }) => new Date(at) >= before);
      if (kept.length === all.length) return 0;
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await rename(temp, path);
      return all.length - kept.length;
    },
  };
}
