import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, DigestConfigError, readConfig, readSlackConfig, VARIABLE_NAMES } from '../../src/config.ts';
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
    expect(readSlackConfig({ PORT: '8080', LOG_LEVEL: 'WARN', SLACK_API_URL: 'http://localhost:9/api' })).toMatchObject({
      port: 8080,
      logLevel: 'warn',
      apiUrl: 'http://localhost:9/api/',
      logFormat: 'text',
      logIds: false,
    });
    expect(readSlackConfig({ LOG_FORMAT: 'JSON', LOG_IDS: 'true' })).toMatchObject({ logFormat: 'json', logIds: true });
  });
});

describe('the environment schema', () => {
  const problems = (env: Record<string, string>, options?: { bot: boolean }): readonly string[] => {
    try {
      readConfig(env, options);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
    return [];
  };

  it('lists every bad variable in one error, one line each, the password still masked', () => {
    const env = {
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      SLACK_APP_TOKEN: 'xapp-1',
      DIGEST_TZ: 'Mars/Olympus_Mons',
      DATABASE_URL: 'mysql://root:hunter22@db/summit',
      DATABASE_POOL_MAX: '0',
      QUESTION_LOG_DAYS: '7d',
    };
    let error: ConfigError | undefined;
    try {
      readConfig(env, { bot: true });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).not.toBeInstanceOf(DigestConfigError);
    const names = ['PORT', 'LOG_LEVEL', 'DIGEST_TZ', 'DATABASE_URL', 'DATABASE_POOL_MAX', 'QUESTION_LOG_DAYS', 'SLACK_BOT_TOKEN'];
    expect(error!.problems).toHaveLength(names.length);
    for (const name of names) expect(error!.problems.filter((line) => line.startsWith(name))).toHaveLength(1);
    const lines = error!.message.split('\n');
    expect(lines[0]).toBe(`${names.length} settings need fixing:`);
    expect(lines.slice(1).map((line) => line.trim())).toEqual(error!.problems);
    expect(error!.message).toContain('SLACK_BOT_TOKEN is not set: Socket Mode');
    expect(error!.message).toContain('"mysql://root:****@db/summit"');
    expect(error!.message).not.toContain('hunter22');
  });

  it('ignores variables it does not know, however much they look like its own', () => {
    expect(problems({ PROT: 'eighty', SLACK_BOT_TOKN: 'nope', DIGEST_CRN: 'every morning', LOG_LEVLE: 'loud', DATABASE_UR: 'mysql://x', HOME: '/root' }, { bot: true })).toEqual([]);
    expect(readConfig({ PROT: 'eighty' }).slack).toMatchObject({ mode: 'console', port: 3000 });
  });

  it('asks for a complete Slack mode only when starting the bot', () => {
    expect(readConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }).slack.botToken).toBe('xoxb-1'); // npm run digest -- --now
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' }, { bot: true })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is not set/)]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxp-1' })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN must start with xoxb-/)]);
  });

  it('reads each duration in its own units and range, with one parser', () => {
    const config = readConfig({ SLACK_API_TIMEOUT: '500ms', DATABASE_URL: 'postgres://db/x', DATABASE_STATEMENT_TIMEOUT: '10m', DATABASE_CONNECT_TIMEOUT: '3', DIGEST_GRACE: '2h' });
    expect(config.slack.apiTimeoutMs).toBe(500);
    expect(config.database).toMatchObject({ statementTimeoutMs: 600_000, connectTimeoutMs: 3_000 });
    expect(config.digest.graceMs).toBe(7_200_000);
    expect(problems({ SLACK_API_TIMEOUT: '3m' })).toEqual([expect.stringContaining('SLACK_API_TIMEOUT must be a duration from 100ms to 2m, not "3m"')]);
    expect(problems({ DATABASE_CONNECT_TIMEOUT: '50ms' })).toEqual([expect.stringContaining('DATABASE_CONNECT_TIMEOUT must be a duration from 100ms to 10m, not "50ms"')]);
    expect(problems({ SLACK_API_TIMEOUT: '1h' })).toHaveLength(1);
    expect(problems({ DIGEST_GRACE: '500ms' })).toEqual([expect.stringContaining('DIGEST_GRACE="500ms" is invalid')]);
  });

  it('reads the curators, the state and the question record', () => {
    const config = readConfig({ CURATOR_USER_IDS: 'U1, U2 W3,', STATE_DIR: ' /tmp/state ', QUESTION_LOG: 'off' });
    expect([...config.curators]).toEqual(['U1', 'U2', 'W3']);
    expect(config).toMatchObject({ stateDir: '/tmp/state', database: undefined, questionLog: { enabled: false, days: 30 } });
  });

  it('is what .env.example documents: every variable, and no other', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect(documented.toSorted()).toEqual(VARIABLE_NAMES.toSorted());
    expect(new Set(documented).size).toBe(documented.length);
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
