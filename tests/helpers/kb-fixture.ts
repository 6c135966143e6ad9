import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knowledgeDir } from '../../src/config.ts';

/** A copy of the real knowledge base in a temp folder, for tests that edit it. */
export function copyKnowledgeBase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'summit-kb-'));
  cpSync(knowledgeDir({}), dir, { recursive: true });
  return dir;
}

/** Writes a small knowledge base from file contents keyed by relative path. */
export function writeKnowledgeBase(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'summit-kb-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
