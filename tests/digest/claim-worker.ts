// Run as a separate process by store.test.ts: claims the given slots in <dir> and prints which it won.
import { fileDigestStore } from '../../src/digest/store.ts';

const [dir, count] = process.argv.slice(2);
const store = fileDigestStore(dir!);
const won: string[] = [];
await Promise.all(
  Array.from({ length: Number(count) }, async (_, i) => {
    const slot = new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString();
    if (await store.claimSlot(slot, new Date())) won.push(slot);
  }),
);
process.stdout.write(JSON.stringify(won));
