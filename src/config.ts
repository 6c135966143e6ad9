import { fileURLToPath } from 'node:url';

/**
 * Every environment variable the bot reads, in one place (.env.example documents them).
 * Functions take `env` so that tests and CLIs can pass their own.
 */
export type Env = Record<string, string | undefined>;

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function knowledgeDir(env: Env = process.env): string {
  return value(env, 'KNOWLEDGE_DIR') ?? fileURLToPath(new URL('../knowledge', import.meta.url));
}

export function stateDir(env: Env = process.env): string {
  return value(env, 'STATE_DIR') ?? fileURLToPath(new URL('../.state', import.meta.url));
}

/** A variable's value, or undefined when unset or blank (an empty line in .env means unset). */
export function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}
