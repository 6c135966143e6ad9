/**
 * The harbor fixture (tests/fixtures/harbor-kb) for the answer engine's tests, and the same
 * base grown by a meeting a curator might add: an invented video call between the same two
 * leaders, before the council's first session, on the same topics (the water quota, dredging,
 * the ferry line, fishing rights, flood warnings), so that it shares the base's vocabulary.
 * Its source reports through "a Morvan official", whom it never names. Every word of it is
 * invented for the tests, like the fixture itself.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/index.ts';
import { buildSearchIndex, type SearchIndex } from '../../src/answer/index.ts';
import { fixtureBase } from './bases.ts';
import { writeKnowledgeBase } from './kb-fixture.ts';

export const HARBOR_DIR = fixtureBase('harbor-kb');
export const harborKb: KnowledgeBase = loadKnowledgeBase(HARBOR_DIR);
export const harborIndex: SearchIndex = buildSearchIndex(harborKb);

/** The id of the meeting `grownHarborBase()` adds. */
export const ADDED_MEETING = 'video-call-2030';

const ADDED_MEETING_YAML = `- id: ${ADDED_MEETING}
  name: Video call between Varga and Dask
  date: 2030-11-20
  place: null
  aliases: [video call, virtual meeting, video link]
`;

const ADDED_SOURCE = `---
title: Varga and Dask hold a video call on the Aldra
title_kind: descriptive
kind: news article
publisher: Aldra Test Wire
published: 2030-11-22
excerpt: true
---
Prime Minister Ilse Varga of Tessaly and Chancellor Oren Dask of Morva held a video call on Wednesday, 20 November 2030, their first talks since the two governments agreed to set up the River Council.

The two leaders discussed the summer water quota, dredging at the mouth of the Aldra and the closed ferry line to Grenz, a Morvan official said.

Dask raised fishing rights in the estuary and Varga raised flood warnings on the lower Aldra, according to the official.
`;

const ADDED_FACTS = `- id: video-call-2030-date
  source: video-call-2030
  meeting: ${ADDED_MEETING}
  answer: >-
    Varga and Dask held a video call on Wednesday 20 November 2030, their first talks since
    Tessaly and Morva agreed to set up the River Council.
  quote: >-
    Prime Minister Ilse Varga of Tessaly and Chancellor Oren Dask of Morva held a video call on Wednesday, 20 November 2030, their first talks since the two governments agreed to set up the River Council.
  questions:
    - when was the varga dask video call
    - date of the virtual meeting
  topics: [meeting, dates]
  people: [ilse-varga, oren-dask]

- id: video-call-2030-topics
  source: video-call-2030
  meeting: ${ADDED_MEETING}
  answer: >-
    On their video call of 20 November 2030, Varga and Dask discussed the summer water quota,
    dredging at the mouth of the Aldra and the closed ferry line to Grenz, a Morvan official said.
  quote: >-
    The two leaders discussed the summer water quota, dredging at the mouth of the Aldra and the closed ferry line to Grenz, a Morvan official said.
  questions:
    - what did varga and dask discuss on the video call
    - was the water quota on the agenda of the video call
    - did they talk about dredging on the virtual call
  topics: [agenda, water-quota, dredging, ferry]
  people: [ilse-varga, oren-dask]

- id: video-call-2030-fishing-floods
  source: video-call-2030
  meeting: ${ADDED_MEETING}
  answer: >-
    On the video call of 20 November 2030, Dask raised fishing rights in the estuary and Varga
    raised flood warnings on the lower Aldra, according to a Morvan official.
  quote: >-
    Dask raised fishing rights in the estuary and Varga raised flood warnings on the lower Aldra, according to the official.
  questions:
    - did dask raise fishing rights on the video call
    - what did varga say about floods in the virtual meeting
  topics: [agenda, fishing-rights, flood-warning]
  people: [ilse-varga, oren-dask]
`;

/**
 * A copy of the harbor fixture with the video call added, as a curator's pull request would:
 * its source, its facts, and the meeting at the head of meetings.yml (oldest first). The folder's path.
 */
export function grownHarborBase(): string {
  const dir = writeKnowledgeBase({ [`sources/${ADDED_MEETING}.md`]: ADDED_SOURCE, [`facts/${ADDED_MEETING}.yml`]: ADDED_FACTS });
  cpSync(HARBOR_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'meetings.yml'), `${ADDED_MEETING_YAML}${readFileSync(join(HARBOR_DIR, 'meetings.yml'), 'utf8')}`);
  return dir;
}
