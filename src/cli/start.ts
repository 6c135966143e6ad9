/**
 * `npm start`: the bot. Socket Mode with SLACK_APP_TOKEN, HTTP mode with
 * SLACK_SIGNING_SECRET, or the local console when no Slack credentials are set.
 */
import 'dotenv/config';
import { startBot } from '../slack/start.ts';

process.exitCode = await startBot(process.env);
