// Run as a separate process by questions.test.ts: appends <count> records tagged <tag> to <dir>'s question record.
import { fileQuestionLog } from '../../src/state/questions.ts';

const [dir, tag, count] = process.argv.slice(2);
const log = fileQuestionLog(dir!);
await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    log.append({
      at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(),
      question: `${tag} question ${i} ${'padding '.repeat(40)}`,
      outcome: 'declined',
      kind: 'no-match',
      confidence: 0.3,
      channelType: 'dm',
    }),
  ),
);
