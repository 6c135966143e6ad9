import { describe, expect, it } from 'vitest';
import { ConfigError, readSlackConfig } from '../../src/config.ts';
import { createLogger } from '../../src/slack/logger.ts';

describe('Slack configuration', () => {
  it('picks the mode from the credentials that are set', () => {
    expect(readSlackConfig({}).mode).toBe('console');
    expect(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).mode).toBe('http');
    expect(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).mode).toBe('socket');
    expect(readSlackConfig({ SLACK_BOT_TOKEN: ' ', SLACK_SIGNING_SECRET: '' }).mode).toBe('console');
  });

  it.each([
    [{ SLACK_APP_TOKEN: 'xapp-1' }, /SLACK_BOT_TOKEN is not set: Socket Mode/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET is not set/],
    [{ SLACK_SIGNING_SECRET: 'abc' }, /SLACK_BOT_TOKEN is not set: HTTP mode/],
    [{ SLACK_APP_TOKEN: 'xoxb-wrong', SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_APP_TOKEN must start with xapp-/],
    [{ PORT: 'eighty' }, /PORT must be a port number/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of debug, info, warn, error/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT must be text or json, not "xml"/],
    [{ LOG_IDS: 'maybe' }, /LOG_IDS must be true or false, not "maybe"/],
    [{ SLACK_API_URL: 'ftp://x' }, /SLACK_API_URL must be an http\(s\) URL/],
  ])('explains what is wrong with %o', (env, message) => {
    expect(() => readSlackConfig(env)).toThrow(ConfigError);
    expect(() => readSlackConfig(env)).toThrow(message);
  });

  it('reads PORT, LOG_LEVEL and SLACK_API_URL', () => {
    expect(readSlackConfig({ PORT: '8080', LOG_LEVEL: 'WARN', SLACK_API_URL: 'http://localhost:9/api' })).toMatchObject({ port: 8080, logLevel: 'warn', apiUrl: 'http://localhost:9/api/', logFormat: 'text', logIds: false });
    expect(readSlackConfig({ LOG_FORMAT: 'JSON', LOG_IDS: 'true' })).toMatchObject({ logFormat: 'json', logIds: true });
  });
});

describe('logger', () => {
  it('writes one line per entry and masks tokens and secrets', () => {
    const lines: string[] = [];
    const logger = createLogger('info', ['my-signing-secret'], (l) => void lines.push(l));
    logger.debug('hidden at info');
    logger.info('token xoxb-123-456-abc and xapp-1-A2-b3', { auth: 'Bearer xoxp-9-9' });
    logger.error(new Error('multi\nline my-signing-secret'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.trimEnd().split('\n')).toHaveLength(1);
    const all = lines.join('');
    expect(all).not.toMatch(/xoxb-123|xapp-1-A2|xoxp-9|my-signing-secret/);
    expect(all).toContain('xoxb-***');
  });
});
