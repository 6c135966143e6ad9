import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { ErrorCode, HTTPModuleFunctions, verifySlackRequest, type BufferedIncomingMessage, type Logger, type ReceiverDispatchErrorHandlerArgs } from '@slack/bolt';
import { throttledLog } from '../throttled-log.ts';

/**
 * Slack's payloads are a few kilobytes. The largest we can receive, an event for a
 * 40,000-character message with the blocks that repeat it, stays well under this.
 */
export const MAX_BODY_BYTES = 512 * 1024;

/**
 * Whether Bolt would hand `body` to a listener: an event, a command, an action, options, a
 * shortcut or a view (its internal routing rule, which it does not export; a test keeps the
 * two in step).
 */
export function boltRoutes(body: Record<string, unknown>): boolean {
  return (
    body.event !== undefined ||
    body.command !== undefined ||
    body.name !== undefined ||
    body.actions !== undefined ||
    ['block_suggestion', 'dialog_submission', 'shortcut', 'message_action', 'view_submission', 'view_closed'].includes(String(body.type))
  );
}
/** The only unsigned request Slack sends is its `ssl_check`, a few dozen bytes. */
const MAX_UNSIGNED_BYTES = 1024;
/** Slack sends its few kilobytes at once; a body still arriving after this is not Slack's. */
const BODY_TIMEOUT_MS = 10_000;
const FORM = 'application/x-www-form-urlencoded';

export interface RequestGateOptions {
  /** The path Bolt serves Slack's requests on; other paths (GET /healthz…) pass straight through. */
  path: string;
  signingSecret: string;
  logger: Logger;
  /** Bolt's HTTPReceiver request listener, called only for requests that passed. */
  next: RequestListener;
  maxBodyBytes?: number;
}

/**
 * Runs before Bolt's receiver on POST <path>. Bolt reads up to 4 MB and, for form bodies,
 * parses them before checking the signature; it crashes the process on a signed JSON `null`
 * (an unhandled rejection); it logs a WARN per rejected request; and it keeps a signed payload
 * it cannot route waiting 3 seconds for a 404. The gate instead:
 * - refuses a body over `maxBodyBytes` (413) and a request without signature headers (401)
 *   before reading the body at all, and answers Slack's unsigned ssl_check itself;
 * - verifies the signature (Bolt's own check) on the raw bytes before anything parses them;
 * - answers a signed body that is not a JSON object with 400, and one Bolt would route nowhere
 *   (Slack's `app_rate_limited` notice, say) with 200 at once;
 * - logs rejections at most twice a minute (see throttledLog).
 * A request it passes on carries its body as `rawBody`, which Bolt uses instead of reading the
 * stream again (and verifies once more, cheaply).
 */
export function requestGate(options: RequestGateOptions): RequestListener {
  const { path, signingSecret, logger, next, maxBodyBytes = MAX_BODY_BYTES } = options;
  const rejected = throttledLog(logger, 'warn', `rejected requests to ${path}`);
  const userless = throttledLog(logger, 'warn', 'interactions without a user, answered 200 and ignored');
  const ignored = throttledLog(logger, 'info', `signed requests to ${path} with no listener, answered 200`);

  const reject = (res: ServerResponse, status: number, reason: string): false => {
    rejected(`${status} ${reason}`);
    // Close the connection: a body we did not read must not be taken for the next request.
    if (!res.headersSent) res.writeHead(status, { connection: 'close' }).end();
    return false;
  };

  /** True when Bolt should take the request (its body is then in `rawBody`). */
  async function admit(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const declared = Number(req.headers['content-length']);
    if (declared > maxBodyBytes) return reject(res, 413, `body over ${maxBodyBytes} bytes`);
    const signature = req.headers['x-slack-signature'];
    const timestamp = req.headers['x-slack-request-timestamp'];
    const signed = typeof signature === 'string' && typeof timestamp === 'string';
    const form = req.headers['content-type'] === FORM;
    if (!signed && !(form && declared <= MAX_UNSIGNED_BYTES)) return reject(res, 401, 'no signature');

    const raw = await readBody(req, signed ? maxBodyBytes : MAX_UNSIGNED_BYTES);
    if (raw === 'too large') return reject(res, 413, `body over ${maxBodyBytes} bytes`);
    if (raw === 'too slow') return reject(res, 408, `body not received within ${BODY_TIMEOUT_MS / 1000} s`);
    (req as BufferedIncomingMessage).rawBody = raw;
    if (!signed) {
      // Slack's ssl_check, answered here: an unsigned request never reaches Bolt (which, not
      // checking signatures again, would take a `payload` field beside it for an action).
      if (parseQuery(raw.toString()).ssl_check !== '1') return reject(res, 401, 'no signature');
      res.writeHead(200).end();
      return false;
    }
    try {
      verifySlackRequest({ signingSecret, body: raw.toString(), headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) } });
    } catch (error) {
      return reject(res, 401, (error as Error).message.replace(/^Failed to verify authenticity: /, ''));
    }

    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(req as BufferedIncomingMessage);
    } catch {
      return reject(res, 400, 'malformed body');
    }
    if (!isRecord(body)) return reject(res, 400, 'body is not a JSON object');
    if (!routable(body)) return reject(res, 400, 'event or actions of the wrong shape');
    // Bolt reads the clicker of every interaction before any middleware: without one it would throw (a 500).
    if (INTERACTIVE.has(String(body.type)) && !(isRecord(body.user) && typeof body.user.id === 'string')) {
      userless(String(body.type).slice(0, 40));
      res.writeHead(200).end();
      return false;
    }
    if (body.ssl_check === '1' || body.type === 'url_verification' || boltRoutes(body)) return true;
    ignored(typeof body.type === 'string' ? `type ${body.type.slice(0, 40)}` : 'no type');
    res.writeHead(200).end();
    return false;
  }

  return (req, res) => {
    // Slack posts to the path itself; anything else is resolved as Bolt would (`//host/path`, `..`).
    if (req.method !== 'POST' || (req.url !== path && pathOf(req.url) !== path)) return next(req, res);
    admit(req, res)
      .then((admitted) => admitted && next(req, res))
      .catch((error: unknown) => {
        // Nothing above should throw; if it does, this request fails, never the process.
        logger.error(`request to ${path} failed before reaching Bolt:`, error);
        if (!res.headersSent) res.writeHead(500, { connection: 'close' }).end();
      });
  };
}

/**
 * Bolt's dispatchErrorHandler, for requests to paths it does not serve (404) or that failed
 * before routing (500): the same answers as Bolt's default, logged like the gate's rejections
 * rather than one line per request (a scanner's GETs would otherwise fill the log).
 */
export function dispatchErrorHandler(logger: Logger): (args: ReceiverDispatchErrorHandlerArgs) => void {
  const notFound = throttledLog(logger, 'info', 'requests to paths this bot does not serve, answered 404');
  return ({ error, request, response }) => {
    const unknownPath = (error as { code?: unknown }).code === ErrorCode.HTTPReceiverDeferredRequestError;
    if (unknownPath) notFound(String(request.method).slice(0, 10));
    else logger.error(`request (${String(request.method).slice(0, 10)}) failed before reaching a listener:`, error);
    if (!response.headersSent) response.writeHead(unknownPath ? 404 : 500).end();
  };
}

/** The body, or why not: over `limit` bytes (reading stops there), or not all there in time. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large' | 'too slow'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | 'too large' | 'too slow' | Error) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', finish);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const timer = setTimeout(() => finish('too slow'), BODY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish('too large');
      else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks));
    req.on('data', onData).on('end', onEnd).on('error', finish);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys Bolt routes on have the shape it assumes (it reads `event.channel`, `actions[0]`… without checking). */
/** Payloads of a person's interaction, which Slack always sends with that person. */
const INTERACTIVE = new Set(['block_actions', 'shortcut', 'message_action', 'view_submission', 'view_closed', 'block_suggestion']);

function routable(body: Record<string, unknown>): boolean {
  if (body.event !== undefined && !(isRecord(body.event) && typeof body.event.type === 'string')) return false;
  if (body.actions !== undefined && !(Array.isArray(body.actions) && body.actions.length > 0 && body.actions.every(isRecord))) return false;
  return true;
}

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}
