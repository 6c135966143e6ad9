import { fileURLToPath } from 'node:url';
import { knowledgeDir } from '../../src/config.ts';

/** A fixture base's folder (tests/fixtures/<name>). */
export const fixtureBase = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** Every base a base-independent test runs on: whatever is installed, and two of subjects unlike it. */
export const TEST_BASES = [
  ['the installed base', knowledgeDir({})],
  ['the harbor fixture', fixtureBase('harbor-kb')],
  ['the FOMC fixture', fixtureBase('fomc-2012-kb')],
] as const;
