import { jsonlFile } from './jsonl-file.ts';

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
 * appended (see jsonl-file.ts), so replicas sharing the folder never overwrite each other's counts.
 */
export function fileActivityLog(dir: string): ActivityLog {
  const file = jsonlFile(dir, 'activity.jsonl');
  const parse = (line: string): { at: string; o: Outcome } | undefined => {
    try {
      const entry = JSON.parse(line) as { at: string; o: Outcome };
      return typeof entry.at === 'string' && typeof entry.o === 'string' ? entry : undefined;
    } catch {
      return undefined; // a torn line
    }
  };
  return {
    count: (outcome, at) => file.append(JSON.stringify({ at: at.toISOString(), o: outcome })),
    async totals(since) {
      const totals: Record<Outcome, number> = { answered: 0, declined: 0, partial: 0, 'not-reported': 0, 'thumbs-down': 0 };
      for (const line of await file.lines()) {
        const entry = parse(line);
        if (entry && new Date(entry.at) >= since && entry.o in totals) totals[entry.o]++;
      }
      return totals;
    },
    purge: (before) =>
      file.purge((lines) =>
        lines.filter((line) => {
          const entry = parse(line);
          return entry !== undefined && new Date(entry.at) >= before;
        }),
      ),
  };
}
