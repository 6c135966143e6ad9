/**
 * The test helpers run the bot with a state folder of their own: a test's questions never
 * land in the checkout's .state/, where `npm run kb:review` would show them to a curator.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './cli.ts';

const STATE = join(ROOT, '.state');
const snapshot = () =>
  existsSync(STATE)
    ? readdirSync(STATE)
        .map((f) => `${f}:${statSync(join(STATE, f)).mtimeMs}`)
        .sort()
    : [];

describe('a bot run by the test helpers', () => {
  it('records the questions it was asked in a temporary folder, not in the checkout', async () => {
    const before = snapshot();
    const run = await runCli('start', [], { input: 'what is the weather on mars tomorrow\n' });
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(0);
    expect(snapshot()).toEqual(before);
  });
});
