import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App, Logger, Receiver } from '@slack/bolt';
import { messageToText } from '../terminal.ts';

/** Who the console pretends to be: a workspace of one person and one bot. */
export const CONSOLE_IDENTITY = { token: 'xoxb-local-console', botId: 'BCONSOLE', botUserId: 'UCONSOLEBOT', userId: 'UYOU', channelId: 'CCONSOLE', teamId: 'TCONSOLE' } as const;

export interface ConsoleReceiver extends Receiver {
  /** Base URL of the console's stand-in Web API: give it to the app as `slackApiUrl`. */
  apiUrl: string;
  /** Resolves when the input has ended and every line has been answered. */
  finished: Promise<void>;
}

/**
 * The local console: each input line becomes a real Slack payload (`/summit …` a slash
 * command, anything else an @mention) handed to Bolt's own `app.processEvent`, so the same
 * listeners run as in Slack. Their Web API calls and `respond()`s land on a small local
 * server that prints them as text instead of sending them anywhere.
 */
export async function createConsoleReceiver(options: { input: Readable; output: Writable; logger: Logger; interactive: boolean }): Promise<ConsoleReceiver> {
  const { input, output, logger, interactive } = options;
  // The 👎 of the last answer printed: a line "👎" (or "-1") clicks it, as a person would in Slack.
  let lastThumbsDown: string | undefined;
  const print = (text: string) => output.write(`${text}\n\n`);
  const show = (message: Parameters<typeof messageToText>[0]) => {
    lastThumbsDown = thumbsDownValue(message) ?? lastThumbsDown;
    print(messageToText(message));
  };
  const server = await startStandInApi(show);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let app: App | undefined;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let n = 0;
  // The session's thread, and a prefix that makes its event ids unique to this run: the state
  // store remembers claimed ids for an hour, across runs and processes.
  const thread: { ts?: string; run: string } = { run: randomBytes(4).toString('hex') };

  const handleLine = async (line: string) => {
    n++;
    const text = line.trim();
    if (!text) return;
    const command = /^\/summit\b\s*(.*)$/i.exec(text);
    const ack = async (response?: unknown) => {
      if (response && typeof response === 'object') show(response as Parameters<typeof messageToText>[0]);
    };
    if (THUMBS_DOWN.test(text)) {
      if (!lastThumbsDown) return print('(Nothing to give a 👎 to yet: ask a question first.)');
      return void (await app!.processEvent({ body: thumbsDown(lastThumbsDown, `${base}/response/${n}`), ack }).catch((error) => logger.error('console: could not record that 👎:', error)));
    }
    const body = command ? slashCommand(command[1] ?? '', `${base}/response/${n}`, n) : mention(text, n, thread);
    try {
      await app!.processEvent({ body, ack });
    } catch (error) {
      logger.error('console: could not process that line:', error);
      print('Sorry, something went wrong on my side. Please try again.');
    }
  };

  return {
    apiUrl: `${base}/api/`,
    finished,
    init: (a: App) => void (app = a),
    async start() {
      // In a terminal, readline echoes what is typed and keeps a prompt; from a pipe, it just reads.
      const rl = createInterface({ input, ...(interactive ? { output, terminal: true } : { terminal: false }) });
      rl.setPrompt('summit> ');
      const prompt = () => interactive && rl.prompt();
      if (interactive) output.write('summit-bot local console. Type a question, or /summit help; 👎 (or -1) marks the last answer unhelpful. Ctrl-D to quit.\n\n');
      prompt();
      // One line at a time, in order, so answers print in the order they were asked.
      void (async () => {
        for await (const line of rl) {
          await handleLine(line);
          prompt();
        }
        finish();
      })();
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function slashCommand(text: string, responseUrl: string, n: number) {
  const { userId, channelId, teamId } = CONSOLE_IDENTITY;
  return {
    token: 'console',
    team_id: teamId,
    team_domain: 'console',
    channel_id: channelId,
    channel_name: 'console',
    user_id: userId,
    user_name: 'you',
    command: '/summit',
    text,
    api_app_id: 'ACONSOLE',
    response_url: responseUrl,
    trigger_id: `console.${n}`,
  };
}

/** A console session is one thread: each line after the first follows up the answers before it. */
function mention(text: string, n: number, thread: { ts?: string; run: string }) {
  const { userId, channelId, teamId, botUserId } = CONSOLE_IDENTITY;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(n).padStart(6, '0')}`;
  const threadTs = thread.ts;
  thread.ts ??= ts;
  return {
    token: 'console',
    team_id: teamId,
    api_app_id: 'ACONSOLE',
    type: 'event_callback',
    event_id: `EvConsole${thread.run}.${n}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_mention', user: userId, text: `<@${botUserId}> ${text}`, ts, channel: channelId, event_ts: ts, ...(threadTs ? { thread_ts: threadTs } : {}) },
    authorizations: [{ team_id: teamId, user_id: botUserId, is_bot: true }],
  };
}

const THUMBS_DOWN = /^(👎|:-1:|:thumbsdown:|-1)$/;

/** The value of a message's 👎 button, if it has one. */
function thumbsDownValue(message: { blocks?: unknown[] }): string | undefined {
  for (const block of (message.blocks ?? []) as { type?: string; elements?: { type?: string; negative_button?: { value?: string } }[] }[]) {
    if (block.type !== 'context_actions') continue;
    const buttons = block.elements?.find((e) => e.type === 'feedback_buttons');
    if (buttons?.negative_button?.value) return buttons.negative_button.value;
  }
  return undefined;
}

/** A click on a 👎, as Slack sends it for an ephemeral answer (no message in the payload). */
function thumbsDown(value: string, responseUrl: string) {
  const { userId, channelId, teamId } = CONSOLE_IDENTITY;
  const payload = {
    type: 'block_actions',
    api_app_id: 'ACONSOLE',
    token: 'console',
    trigger_id: 'console.feedback',
    user: { id: userId, username: 'you', name: 'you', team_id: teamId },
    team: { id: teamId, domain: 'console' },
    container: { type: 'message', message_ts: '0', channel_id: channelId, is_ephemeral: true },
    channel: { id: channelId, name: 'console' },
    response_url: responseUrl,
    actions: [{ type: 'feedback_buttons', action_id: 'answer_feedback', block_id: 'feedback', value, action_ts: String(Date.now() / 1000) }],
  };
  return payload;
}

/** Answers the Web API methods the listeners use, printing every message it is sent. */
function startStandInApi(show: (message: Parameters<typeof messageToText>[0]) => void): Promise<Server> {
  let ts = 0;
  const server = createServer(async (req, res) => {
    const args = await readArgs(req);
    const path = req.url ?? '';
    const reply = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path.startsWith('/response/')) {
      if (!args.delete_original) show(args as Parameters<typeof messageToText>[0]);
      return reply({ ok: true });
    }
    const method = path.replace(/^\/api\//, '').split('?')[0];
    if (method === 'chat.postMessage' || method === 'chat.postEphemeral' || method === 'chat.update') {
      show(args as Parameters<typeof messageToText>[0]);
      ts++;
      return reply({ ok: true, channel: args.channel, ts: `${Math.floor(Date.now() / 1000)}.${String(ts).padStart(6, '0')}`, message_ts: String(ts) });
    }
    if (method === 'auth.test') return reply({ ok: true, user_id: CONSOLE_IDENTITY.botUserId, bot_id: CONSOLE_IDENTITY.botId, team_id: CONSOLE_IDENTITY.teamId });
    return reply({ ok: true });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function readArgs(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw ? JSON.parse(raw) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = key === 'blocks' || key === 'attachments' ? JSON.parse(value) : value;
  }
  return args;
}
