/**
 * The log: levels kept, secrets and tokens masked, people's and channels' ids out unless
 * LOG_IDS=true, and JSON lines for a log shipper with LOG_FORMAT=json; through the real bot.
 */
import { describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { createLogger } from '../../src/slack/logger.ts';
import { slashCommand } from '../helpers/slack-requests.ts';
import { startBotUnderTest } from './bot-harness.ts';

const capture = (options: Parameters<typeof createLogger>[3], level: 'debug' | 'info' | 'warn' | 'error' = 'info') => {
  const lines: string[] = [];
  return { lines, logger: createLogger(level, ['s3cret-value'], (l) => void lines.push(l), options) };
};

describe('the logger', () => {
  it('writes one text line per entry, with ids shown as their kind only, and secrets masked', () => {
    const { lines, logger } = capture({});
    logger.info('mention by U012AB3CD4E in C0123456789 with s3cret-value and xoxb-1234-abcd');
    logger.debug('not at info');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ INFO {2}summit-bot: mention by U… in C… with \*\*\* and xoxb-\*\*\*\n$/);
  });

  it('keeps the ids with LOG_IDS=true', () => {
    const { lines, logger } = capture({ ids: true });
    logger.warn('mention by U012AB3CD4E in C0123456789');
    expect(lines[0]).toContain('mention by U012AB3CD4E in C0123456789');
  });

  it('writes JSON lines with LOG_FORMAT=json, levels kept and changed as Bolt changes them', () => {
    const { lines, logger } = capture({ format: 'json' });
    logger.info('digest posted to C0123456789');
    logger.debug('hidden');
    logger.setLevel(LogLevel.DEBUG);
    logger.debug('shown');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => [e.level, e.msg])).toEqual([
      ['info', 'digest posted to C…'],
      ['debug', 'shown'],
    ]);
    expect(entries[0]).toMatchObject({ name: 'summit-bot', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });
});

describe('the bot', () => {
  it('logs a command without the ids of who ran it and where, and as JSON when asked', async () => {
    const bot = await startBotUnderTest({ LOG_FORMAT: 'json', LOG_LEVEL: 'info' });
    try {
      await bot.send(slashCommand({ text: 'timeline', userId: 'U012AB3CD4E', channelId: 'C0123456789' }));
      const lines = bot.logs.filter((l) => l.includes('/summit timeline'));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(JSON.parse(line)).toMatchObject({ level: 'info' });
        expect(line).not.toContain('U012AB3CD4E');
        expect(line).not.toContain('C0123456789');
      }
    } finally {
      await bot.close();
    }
  });
});
