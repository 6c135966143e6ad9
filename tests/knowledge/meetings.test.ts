/**
 * The one meeting resolver, on every base we ship or test with: a meeting is named by its
 * aliases, its year (the last of that year), and its month: with the year always ("november
 * 2023"), alone when no other meeting falls in that month. Read off each base's meetings.yml.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase, meetingsNamedIn, MONTHS, resolveMeeting, type Meeting } from '../../src/knowledge/index.ts';
import { TEST_BASES } from '../helpers/bases.ts';

describe.each(TEST_BASES)('on %s', (_, dir) => {
  const kb = loadKnowledgeBase(dir);
  const month = (m: Meeting) => MONTHS[Number(m.date.slice(5, 7)) - 1]!.toLowerCase();
  const year = (m: Meeting) => m.date.slice(0, 4);

  it('names each meeting by its month and year, before any other meeting of that year', () => {
    for (const m of kb.meetings) {
      expect(resolveMeeting(kb, `what happened in ${month(m)} ${year(m)}?`)?.meeting.id).toBe(m.id);
      expect(resolveMeeting(kb, `the ${month(m).slice(0, 3)} ${year(m)} talks`)?.meeting.id).toBe(m.id);
      expect(meetingsNamedIn(kb, `between ${month(m)} ${year(m)} and then`).map((x) => x.id)).toEqual([m.id]);
    }
  });

  it('names a meeting by its month alone only when no other meeting falls in that month', () => {
    for (const m of kb.meetings) {
      const shared = kb.meetings.filter((o) => month(o) === month(m)).length > 1;
      const aliased = kb.meetings.some((o) => o.aliases.some((a) => a.toLowerCase() === month(m)));
      const named = resolveMeeting(kb, `what was said at the ${month(m)} meeting`)?.meeting.id;
      if (!shared) expect(named).toBe(m.id);
      else if (!aliased) expect(named).toBeUndefined();
    }
  });
});
