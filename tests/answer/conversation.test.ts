/**
 * Conversation, on every base we ship or test with: the earlier messages only fill what a
 * question lacks; follow-ups resolve against the last answer; chit-chat never gets a fact.
 */
import { describe, expect, it } from 'vitest';
import { fixtureBase, TEST_BASES } from '../helpers/bases.ts';
import { loadKnowledgeBase, meetingHandle, normalizeText, resolveMeeting } from '../../src/knowledge/index.ts';
import { answerQuestion, buildSearchIndex, type AnswerResult } from '../../src/answer/index.ts';

const today = new Date('2030-06-01T12:00:00Z');
const reply = (r: AnswerResult) => `${r.kind} ${r.fact?.id ?? ''}`;

const CHIT_CHAT = ['help', '+1', 'Help?', 'thanks!', 'thank you so much', 'ok thanks', 'thx 🙏', 'hi', 'hello there', 'Good morning!', '👍', ':+1:', '🙏', ':wave:', 'bye', 'cool', 'what can you do?'];

describe.each(TEST_BASES)('on %s', (_, dir) => {
  const kb = loadKnowledgeBase(dir);
  const index = buildSearchIndex(kb);
  const ask = (q: string, context?: AnswerResult['context']) => answerQuestion(index, q, { today, context });
  const opener = (meetingId: string) => kb.facts.find((f) => f.meeting === meetingId)?.questions[0];

  it('gives every curated question the reply it gets alone, after a question about any other meeting (or, naming none, one about that meeting)', () => {
    const differ: string[] = [];
    for (const fact of kb.facts) {
      for (const meeting of kb.meetings.filter((m) => m.id !== fact.meeting)) {
        const earlier = opener(meeting.id);
        if (!earlier) continue;
        const context = ask(earlier).context;
        for (const q of fact.questions) {
          const alone = ask(q);
          const inThread = ask(q, context);
          const filled = !resolveMeeting(kb, q) && inThread.meeting?.id === meeting.id;
          if (reply(alone) !== reply(inThread) && !filled) differ.push(`${q}: alone ${reply(alone)}, after "${earlier}" ${reply(inThread)}`);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it('resolves "when?", "when was that?" and "how long ago was that?" against the last answer', () => {
    for (const meeting of kb.meetings) {
      const fact = kb.facts.find((f) => f.meeting === meeting.id && ask(f.questions[0]!).fact?.id === f.id);
      if (!fact) continue;
      const context = ask(fact.questions[0]!).context;
      expect(ask('how long ago was that?', context)).toMatchObject({ kind: 'time', meeting: { id: meeting.id } });
      for (const q of ['when?', 'when was that?']) expect(ask(q, context), q).toMatchObject({ answered: true, meeting: { id: meeting.id } });
      // A question word with a preposition is as bare: it asks about the earlier question, never alone.
      for (const q of ['through when?', 'by how much?', 'and for how long?']) expect(ask(q, context).frame?.inherited, q).toBeTruthy();
    }
  });

  it.each(CHIT_CHAT)('answers %j with a short reply and no fact, alone or in a thread, keeping the thread on its subject', (q) => {
    const earlier = ask(kb.facts[0]!.questions[0]!);
    for (const r of [ask(q), ask(q, earlier.context)]) {
      expect(r).toMatchObject({ answered: false, kind: 'chat', facts: [], sources: [] });
      expect(r.answer.length).toBeLessThan(200);
      expect(r.context).toBeUndefined();
    }
  });

  it('reads "he" and "she" as the one person the last answer was about, and a person named instead as that person', () => {
    const others = (f: (typeof kb.facts)[number]) => f.people.filter((id) => !index.principals.has(id));
    // Facts about one person other than the principals, whose first question, naming no one, they answer.
    const openers = kb.facts.filter((f) => others(f).length === 1 && !ask(f.questions[0]!).frame?.people.length && ask(f.questions[0]!).fact?.id === f.id);
    expect(openers.length, 'a fact about one person, asked without naming them').toBeGreaterThan(0);
    for (const fact of openers) {
      const person = others(fact)[0]!;
      const context = ask(fact.questions[0]!).context;
      expect(context?.person, fact.id).toBe(person);
      for (const q of ['who is he?', 'what is her role?']) {
        const r = ask(q, context);
        expect(r.frame?.referent, `${q} after ${fact.questions[0]}`).toBe(person);
        // The conversation stays on that person, for the "he" after.
        expect(r.context?.person, q).toBe(person);
        if (r.answered)
          expect(
            r.facts.some((f) => f.people.includes(person)),
            `${q} after ${fact.questions[0]}: ${reply(r)}`,
          ).toBe(true);
      }
      // Every "he", "his", "her" of the question is that person.
      expect(ask('what did she say about her plan?', context).frame?.text, 'every pronoun').not.toMatch(/\b(she|her)\b/i);
      const someoneElse = kb.people.find((p) => p.id !== person && !index.principals.has(p.id));
      if (someoneElse) expect(ask(`who is ${someoneElse.name}?`, context).frame).toMatchObject({ referent: undefined, people: [{ id: someoneElse.id }] });
    }
  });

  it('reads "the one before" and "the next meeting" as the meeting before or after the conversation\'s', () => {
    let checked = 0;
    kb.meetings.forEach((meeting, i) => {
      // A question that names the meeting and is answered about it.
      const fact = kb.facts.find((f) => {
        const r = ask(f.questions[0]!);
        return f.meeting === meeting.id && r.frame?.meeting?.meeting.id === meeting.id && r.meeting?.id === meeting.id;
      });
      if (!fact) return;
      const context = ask(fact.questions[0]!).context;
      for (const [q, step] of [
        ['what about the one before?', -1],
        ['and where was the previous meeting?', -1],
        ['where did they meet before that?', -1],
        ['and the one after that?', 1],
        ['when was the next meeting?', 1],
      ] as const) {
        const other = kb.meetings[i + step];
        const r = ask(q, context);
        // The reading only: a fact about the earlier meeting may still answer, at the other-meeting factor.
        if (!other) continue;
        checked++;
        expect(r.frame?.meeting?.meeting.id, `${q} after ${fact.questions[0]}`).toBe(other.id);
      }
      // "Someone", "done" are not "one".
      expect(ask('what was done before that?', context).frame?.relative).toBe(false);
    });
    expect(checked, 'meetings with one before or after').toBeGreaterThan(0);
  });

  it('reads "did that change in <meeting>?" in the thread, though it names its meeting: "that" is the earlier subject', () => {
    const [first, second] = [kb.meetings[0]!, kb.meetings.at(-1)!];
    const fact = kb.facts.find((f) => f.meeting === first.id && ask(f.questions[0]!).fact?.id === f.id);
    expect(fact).toBeDefined();
    const context = ask(fact!.questions[0]!).context;
    for (const q of [
      `did that change by the ${meetingHandle(second)} meeting?`,
      `how did the ${meetingHandle(second)} meeting describe that one?`,
      `did the ${meetingHandle(second)} meeting say the same?`,
    ]) {
      const r = ask(q, context);
      expect(r.frame?.pointsBack, q).toBe(true);
      expect(r.frame?.inherited, q).toBeTruthy();
    }
    expect(ask('is it true that the meeting happened?').frame?.pointsBack).toBe(false);
  });

  it('gives a question that names someone and its meeting the reply it gets alone, though it says "this" or "that"', () => {
    const differ: string[] = [];
    let checked = 0;
    for (const fact of kb.facts) {
      const q = `${fact.questions[0]!.replace(/\?$/, '')}, and why did this happen?`;
      const frame = ask(q).frame;
      if (!frame?.people.length || !frame.meeting || frame.meeting.implied) continue;
      const earlier = kb.facts.find((f) => f.meeting !== fact.meeting)?.questions[0];
      if (!earlier) continue;
      checked++;
      const [alone, inThread] = [ask(q), ask(q, ask(earlier).context)];
      if (reply(alone) !== reply(inThread)) differ.push(`${q}: alone ${reply(alone)}, after "${earlier}" ${reply(inThread)}`);
    }
    expect(checked).toBeGreaterThan(0);
    expect(differ).toEqual([]);
  });

  it('reads "and <someone>?" as the earlier question asked of that person', () => {
    const [first, second] = kb.people;
    const fact =
      first &&
      second &&
      kb.facts.find(
        (f) =>
          ask(f.questions[0]!)
            .frame?.people.map((p) => p.id)
            .join() === first.id,
      );
    expect(fact, 'a curated question naming one person').toBeTruthy();
    const r = ask(`and ${second!.name}?`, ask(fact!.questions[0]!).context);
    expect(r.frame?.people.map((p) => p.id)).toEqual([second!.id]);
    const inherited = ` ${r.frame?.inherited ?? ''} `;
    expect(inherited.trim(), 'the earlier question is inherited').not.toBe('');
    for (const name of first!.names) expect(inherited, `without ${name}`).not.toContain(` ${normalizeText(name)} `);
  });

  it('never reads a curated question or near miss as chit-chat', () => {
    const chatty = kb.facts.flatMap((f) => [...f.questions, ...f.not]).filter((q) => ask(q).kind === 'chat');
    expect(chatty).toEqual([]);
  });
});

describe('chit-chat with a question in it', () => {
  const index = buildSearchIndex(loadKnowledgeBase(fixtureBase('harbor-kb')));
  it.each(['help me understand the ferry line', 'thanks! and when was the ferry line closed?', 'hi, who runs the ferry?'])('%j is a question', (q) => {
    expect(answerQuestion(index, q, { today }).kind).not.toBe('chat');
  });
});
