/** One thing wrong in the knowledge base, located for the curator. */
export interface KnowledgeProblem {
  /** Path relative to the knowledge folder, e.g. `facts/apec-lima-2024.yml`. */
  file: string;
  line?: number;
  factId?: string;
  field?: string;
  message: string;
}

export function formatProblem(p: KnowledgeProblem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  const what = [p.factId && `fact ${p.factId}`, p.field].filter(Boolean).join(' › ');
  return `${where}${what ? ` [${what}]` : ''}: ${p.message}`;
}

/** Thrown when the base does not validate; holds every problem, not only the first. */
export class KnowledgeBaseError extends Error {
  readonly code = 'KNOWLEDGE_BASE_INVALID';
  constructor(
    readonly dir: string,
    readonly problems: KnowledgeProblem[],
  ) {
    super(`The knowledge base in ${dir} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'KnowledgeBaseError';
  }
}
