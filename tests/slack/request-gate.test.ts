/**
 * The request gate's routing rule agrees with Bolt's own (which Bolt keeps internal): for
 * every payload shape Slack sends, and for ones it does not, both say the same.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { boltRoutes } from '../../src/slack/receivers/request-gate.ts';
import { appHomeOpened, appMention, blockAction, directMessage, eventCallback, messageShortcut, slashCommand } from '../helpers/slack-requests.ts';

// Only the test reads Bolt's internal helper, to hold our copy of its rule to it.
const { getTypeAndConversation } = createRequire(import.meta.url)('@slack/bolt/dist/helpers.js') as { getTypeAndConversation(body: unknown): { type?: number } };

const asObject = (req: { body: string; contentType?: string } | Record<string, unknown>): Record<string, unknown> => {
  if (!('body' in req) || typeof req.body !== 'string') return req as Record<string, unknown>;
  const raw = req.body;
  if (raw.startsWith('{')) return JSON.parse(raw);
  const form = Object.fromEntries(new URLSearchParams(raw));
  return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
};

describe('boltRoutes', () => {
  const shapes: Record<string, unknown>[] = [
    asObject(slashCommand({ text: 'agenda' })),
    asObject(eventCallback(appMention({ text: 'hi' }))),
    asObject(eventCallback(directMessage({ text: 'hi' }))),
    asObject(eventCallback(appHomeOpened())),
    asObject(blockAction({ actionId: 'feedback', value: 'x' })),
    asObject(messageShortcut({ callbackId: 'ask_about_message', text: 'hi' })),
    { type: 'shortcut', callback_id: 'x' },
    { type: 'view_submission', view: {} },
    { type: 'view_closed', view: {} },
    { type: 'block_suggestion', action_id: 'x' },
    { type: 'dialog_submission' },
    { name: 'options', value: '' },
    { type: 'app_rate_limited' },
    { type: 'something_new' },
    {},
    { token: 'x' },
  ];

  it('says what Bolt says for every shape', () => {
    for (const body of shapes) expect(boltRoutes(body), JSON.stringify(body).slice(0, 80)).toBe(getTypeAndConversation(body).type !== undefined);
  });

  it('routes what Slack sends and not what it does not (the shapes are not all one answer)', () => {
    expect(shapes.filter(boltRoutes).length).toBeGreaterThan(5);
    expect(shapes.filter((b) => !boltRoutes(b)).length).toBeGreaterThan(2);
  });
});
