import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { answerQuestion } from '../../src/answer/index.ts';
import { COMMANDS, EVENTS, SHORTCUTS } from '../../src/slack/listeners/index.ts';
import { liveIndex, liveKb } from '../helpers/live-base.ts';

const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'));
const schemaPath = new URL('../vendor/slack/manifest.schema.1.0.0.json', import.meta.url);

/** The bot scope each event needs (Slack's events reference). */
const SCOPE_FOR_EVENT: Record<string, string | undefined> = { app_mention: 'app_mentions:read', 'message.im': 'im:history', app_home_opened: undefined };

describe('manifest.yml', () => {
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

  it("validates against Slack's published app-manifest schema", () => {
    const ok = validate(manifest);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it("still validates with the README's HTTP-mode settings merged in, as its install steps say", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const snippet = /```yaml http-mode\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet, 'the README shows the HTTP-mode settings in a ```yaml http-mode block').toBeDefined();
    const http = parse(snippet!.replace(/^ {5}/gm, ''));
    const merged = structuredClone(manifest);
    merged.features.slash_commands = merged.features.slash_commands.map((c: object) => ({ ...c, ...http.features.slash_commands[0] }));
    merged.settings = {
      ...merged.settings,
      ...http.settings,
      event_subscriptions: { ...merged.settings.event_subscriptions, ...http.settings.event_subscriptions },
      interactivity: { ...merged.settings.interactivity, ...http.settings.interactivity },
    };
    expect(validate(merged), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The mistake the README once made: `request_url` on the slash command.
    const wrong = structuredClone(merged);
    wrong.features.slash_commands[0] = { ...wrong.features.slash_commands[0], request_url: wrong.features.slash_commands[0].url };
    delete wrong.features.slash_commands[0].url;
    expect(validate(wrong)).toBe(false);
  });

  it('would catch a mistake (the schema check is not vacuous)', () => {
    expect(validate({ ...manifest, settings: { ...manifest.settings, socket_mode: true } })).toBe(false);
    expect(validate({ ...manifest, display_information: {} })).toBe(false);
  });

  it('declares exactly the commands, events and shortcuts the app listens for', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([...COMMANDS]);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...EVENTS].sort());
    expect(manifest.features.shortcuts.map((s: { callback_id: string }) => s.callback_id)).toEqual([...SHORTCUTS]);
  });

  it('asks for the minimal scopes those need, and no more', () => {
    const forEvents = EVENTS.map((e) => SCOPE_FOR_EVENT[e]).filter((s): s is string => Boolean(s));
    // assistant:write: suggested prompts in the agent view (assistant.threads.setSuggestedPrompts).
    // Before posting again a reply whose response was lost, the bot reads the conversation it
    // went to (post-once.ts): history in every kind of conversation a mention or DM comes
    // from, and im:write for conversations.open (the DM a Home-tab answer goes to).
    const lookup = ['channels:history', 'groups:history', 'im:history', 'mpim:history', 'im:write'];
    const needed = new Set(['chat:write', 'commands', ...forEvents, ...lookup, ...(manifest.features.agent_view ? ['assistant:write'] : [])]);
    expect(new Set(manifest.oauth_config.scopes.bot)).toEqual(needed);
  });

  // manifest.yml is written for one bot and its base: a team that installs another base edits
  // its description and prompts too (knowledge/README.md). Until then, say so rather than fail.
  const forThisBase = manifest.display_information.name === liveKb.about.name;
  if (!forThisBase) {
    console.warn(
      `\n*** SKIPPED: manifest.yml is ${manifest.display_information.name}'s, the installed base is ${liveKb.about.name}'s: edit manifest.yml's description and agent-view prompts for it ***\n`,
    );
  }
  it.skipIf(!forThisBase)('offers agent-view prompts the knowledge base answers', () => {
    const prompts: { message: string }[] = manifest.features.agent_view.suggested_prompts;
    expect(prompts.length).toBeLessThanOrEqual(4);
    expect(prompts.filter((p) => !answerQuestion(liveIndex, p.message).answered).map((p) => p.message)).toEqual([]);
  });

  it('turns on interactivity (buttons), Socket Mode, the Home tab and the DM tab', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
  });
});
