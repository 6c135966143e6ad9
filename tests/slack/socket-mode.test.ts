/**
 * Socket Mode end to end: the real app with SLACK_APP_TOKEN connects to a local stand-in for
 * Slack's WebSocket (its URL handed out by the fake Web API's apps.connections.open), receives
 * envelopes as Slack sends them, and acks each one over the socket.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { launchBot, type RunningBot } from '../../src/slack/start.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.ts';
import { liveKb, selfAnsweringFact } from '../helpers/live-base.ts';
import { appMention } from '../helpers/slack-requests.ts';
import { agendaFor } from '../../src/answer/index.ts';
import { meetingTitle } from '../../src/slack/render.ts';

let api: FakeSlackApi;
let wss: WebSocketServer;
let bot: RunningBot;
let socket: WebSocket;
const acks = new Map<string, unknown>();
const logs: string[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const connected = new Promise<WebSocket>((resolve) =>
    wss.once('connection', (ws) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
        acks.set(message.envelope_id, message.payload ?? null);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
      resolve(ws);
    }),
  );
  api = await startFakeSlackApi();
  api.setResponse('apps.connections.open', { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/` });
  bot = await launchBot(
    { SLACK_APP_TOKEN: 'xapp-1-test-app-token', SLACK_BOT_TOKEN: 'xoxb-socket-test', SLACK_API_URL: api.url, PORT: '0', LOG_LEVEL: 'debug', STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-socket-')) },
    { log: (l) => void logs.push(l) },
  );
  socket = await connected;
});

afterAll(async () => {
  await bot.stop();
  await api.close();
  await new Promise((resolve) => wss.close(resolve));
});

/** Sends an envelope and waits for the app's ack of it. */
async function deliver(type: string, payload: object, envelopeId: string): Promise<unknown> {
  socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type === 'slash_commands', retry_attempt: 0, retry_reason: '' }));
  for (let i = 0; i < 100 && !acks.has(envelopeId); i++) await new Promise((r) => setTimeout(r, 50));
  expect(acks.has(envelopeId), `no ack for ${envelopeId}`).toBe(true);
  return acks.get(envelopeId);
}

describe('Socket Mode', () => {
  it('answers /summit in the ack of the envelope', async () => {
    const payload = { command: '/summit', text: 'agenda', user_id: 'U1', channel_id: 'C1', team_id: 'T1', api_app_id: 'A1', response_url: 'http://127.0.0.1:9/x', trigger_id: 't' };
    const ack = (await deliver('slash_commands', payload, 'env-command-1')) as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain(`Agenda: ${meetingTitle(agendaFor(liveKb)!.meeting)}`);
  });

  it('acks a mention and replies in its thread through the Web API', async () => {
    const { fact, question } = selfAnsweringFact();
    const event = appMention({ text: question, channel: 'C2', ts: '1700000005.000100' });
    await deliver(
      'events_api',
      { type: 'event_callback', event_id: 'EvSocket1', team_id: 'T1', api_app_id: 'A1', event, authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }] },
      'env-event-1',
    );
    const [call] = await api.waitForCall('chat.postMessage');
    expect(call!.args).toMatchObject({ channel: 'C2', thread_ts: '1700000005.000100' });
    expect(String(call!.args.text)).toContain(fact.answer);
    expect(logs.join('')).not.toMatch(/xapp-1-test-app-token|xoxb-socket-test/);
  });
});

describe('Socket Mode with a bad app token', () => {
  it('refuses to start with a clear message', async () => {
    const api2 = await startFakeSlackApi();
    api2.failNext('apps.connections.open', { error: 'invalid_auth' });
    const starting = launchBot(
      { SLACK_APP_TOKEN: 'xapp-1-bad', SLACK_BOT_TOKEN: 'xoxb-socket-test', SLACK_API_URL: api2.url, PORT: '0', LOG_LEVEL: 'error', STATE_DIR: mkdtempSync(join(tmpdir(), 'summit-socket-bad-')) },
      { log: () => undefined },
    );
    await expect(starting).rejects.toThrow(/Socket Mode connection \(invalid_auth\)\. Check SLACK_APP_TOKEN/);
    await api2.close();
  });
});
