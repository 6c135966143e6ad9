/**
 * Everything about the base's subject is data in knowledge/: src/ must not name its people,
 * meetings or places outside comments (where an example helps a reader). The words come
 * from the base itself, so a curator's new person or meeting is checked too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { liveKb, properNouns } from '../helpers/live-base.ts';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

/** Source text with comments blanked (block comments and `//` line comments). */
export function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
}

export function hitsIn(code: string, nouns: Set<string>): string[] {
  const hits: string[] = [];
  withoutComments(code)
    .split('\n')
    .forEach((line, i) => {
      for (const word of line.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) if (nouns.has(word)) hits.push(`${i + 1}: ${word}`);
    });
  return hits;
}

describe('src/ knows no subject', () => {
  const nouns = properNouns(liveKb);

  it('finds the proper nouns of the live base (the check is not vacuous)', () => {
    expect(nouns.size).toBeGreaterThan(0);
    const person = liveKb.people[0]!;
    expect(hitsIn(`const who = '${person.name}';`, nouns)).not.toEqual([]);
    expect(hitsIn(`// ${person.name}\nconst x = 1; /* ${person.name} */`, nouns)).toEqual([]);
  });

  it('names none of them in code or strings', () => {
    const hits = files(SRC).flatMap((file) => hitsIn(readFileSync(file, 'utf8'), nouns).map((hit) => `${relative(SRC, file)}:${hit}`));
    expect(hits).toEqual([]);
  });
});
