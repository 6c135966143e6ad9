import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ZodType } from 'zod';
import type { KnowledgeProblem } from './errors.ts';

/** One entry of a YAML list, with what is needed to point a curator at it. */
export interface LocatedEntry<T> {
  value: T;
  line: number;
  /** The line of `field` in this entry, or the entry's own line. */
  lineOf(field: string): number;
}

/**
 * Reads a YAML file holding a list of mappings, validates each entry with `schema`,
 * and reports every syntax and schema problem with its line. Valid entries are returned;
 * the caller decides whether problems make the whole base invalid (they do).
 */
export function readYamlList<T>(path: string, file: string, schema: ZodType<T>, problems: KnowledgeProblem[], lineOffset = 0, text = readFileSync(path, 'utf8')): LocatedEntry<T>[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  for (const error of doc.errors) {
    problems.push({ file, line: lineAt(error.pos[0]), message: `YAML syntax: ${firstLine(error.message)}` });
  }
  if (doc.errors.length) return [];
  if (doc.contents === null) return [];
  if (!isSeq(doc.contents)) {
    problems.push({ file, line: lineAt(doc.contents.range?.[0] ?? 0), message: 'must be a YAML list (entries starting with "- ")' });
    return [];
  }

  const entries: LocatedEntry<T>[] = [];
  for (const item of doc.contents.items) {
    const node = item as Node;
    const line = lineAt(node.range?.[0] ?? 0);
    const lineOf = (field: string): number => {
      if (!isMap(node)) return line;
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === field);
      const keyNode = pair?.key as Node | undefined;
      return keyNode?.range ? lineAt(keyNode.range[0]) : line;
    };
    const raw = doc.contents && isMap(node) ? node.toJSON() : undefined;
    const entryId = typeof raw?.id === 'string' ? raw.id : undefined;
    if (!isMap(node)) {
      problems.push({ file, line, message: 'each entry must be a mapping of fields (id: …, answer: …)' });
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length ? String(issue.path[0]) : undefined;
        problems.push({
          file,
          line: field ? lineOf(field) : line,
          factId: entryId,
          field: issue.path.length ? issue.path.join('.') : undefined,
          message: describeIssue(issue),
        });
      }
      continue;
    }
    entries.push({ value: parsed.data, line, lineOf });
  }
  return entries;
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (check the spelling)`;
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'is missing';
  return issue.message;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
