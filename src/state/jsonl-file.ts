import { randomBytes } from 'node:crypto';
import { link, open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { basename, join } from 'node:path';
import { replaceFile, writeInFolder } from '../files.ts';

/**
 * One file of lines (JSON, one record each) that every process sharing the folder appends to,
 * reads and purges: the file store's record of questions, its counts and its conversations.
 *
 * Each append is a single write to the file opened with O_APPEND, so processes sharing the
 * folder never interleave within a line; a line torn by a crash is for the reader to skip.
 * Lines appended while a write is under way are written together by the next one.
 * Appending to a file costs a fraction of writing a new one (a new file's first block is what
 * is expensive), which is why small records share a file rather than having one each.
 *
 * Purge rewrites the file (temp file, then rename), one process at a time (a lock file; a
 * process that finds it held skips: the holder is purging). No append is lost to it: the purge
 * keeps the old file open and, after the rename, copies over what was appended to it meanwhile;
 * an appender whose file was replaced after it wrote checks that its line reached the new file
 * and writes it again if not. In that rare race a line may be stored twice, never lost.
 */
export interface JsonlFile {
  readonly path: string;
  /** Appends `line` (without its newline). */
  append(line: string): Promise<void>;
  /** Every non-empty line; none when the file does not exist. */
  lines(): Promise<string[]>;
  /**
   * The whole lines added since `from` (undefined: from the start), and where to read from next.
   * `restarted` says that the lines are the whole file again, because a purge replaced it or it
   * is new: what was read before is to be forgotten.
   */
  linesSince(from: JsonlPosition | undefined): Promise<{ lines: string[]; next: JsonlPosition | undefined; restarted: boolean }>;
  /** Rewrites the file with the lines `keep` returns (of all of them, in order); returns how many were dropped. */
  purge(keep: (lines: string[]) => string[]): Promise<number>;
}

/** A place in one version of the file: its inode and birth time (an inode number can be reused), and the offset after the last whole line read. */
export interface JsonlPosition {
  ino: number;
  born: number;
  offset: number;
}

/** A purge lock older than this was left by a crashed process (a purge takes milliseconds). */
const STALE_PURGE_LOCK_MS = 60_000;
/** Checks, 2 ms apart, that no other process is about to put our released purge lock back (see releasePurgeLock). */
const RELEASE_ATTEMPTS = 50;
/** An append finding its file replaced this many times in a row gives up (each time means a purge ran meanwhile). */
const MAX_APPEND_ATTEMPTS = 5;
/** How long the file stays open for appending after the last append. */
const APPEND_IDLE_MS = 10_000;

interface Appender {
  handle: FileHandle;
  /** The inode opened: the file at the path is still this one unless a purge replaced it. */
  ino: number;
  /** Appends using the handle now; a retired handle is closed when they are done. */
  users: number;
  retired: boolean;
  idle: NodeJS.Timeout | undefined;
}

export function jsonlFile(dir: string, name: string): JsonlFile {
  const path = join(dir, name);
  const lockPath = join(dir, `${name}.purge-lock`);

  /**
   * The file stays open for appending between appends (opening and closing it for each line
   * cost five times as much), until it has been idle for APPEND_IDLE_MS or turns out to have
   * been replaced; it is then closed once the appends using it are done.
   */
  let appender: Promise<Appender> | undefined;
  const openAppender = (): Promise<Appender> =>
    (appender ??= (async () => {
      const handle = await open(path, 'a', 0o600);
      const ino = await handle.stat().then(
        (s) => s.ino,
        async (error: unknown) => {
          await handle.close().catch(() => undefined);
          throw error;
        },
      );
      return { handle, ino, users: 0, retired: false, idle: undefined };
    })().catch((error: unknown) => {
      appender = undefined;
      throw error;
    }));
  const retire = (a: Appender, current: Promise<Appender>) => {
    if (appender === current) appender = undefined;
    a.retired = true;
    clearTimeout(a.idle);
    if (a.users === 0) void a.handle.close().catch(() => undefined);
  };

  /** Writes `bytes` in one append; true when the file it went to is still the one at `path`. */
  const appendBytes = async (bytes: Buffer): Promise<boolean> => {
    const current = openAppender();
    const a = await current;
    a.users++;
    clearTimeout(a.idle);
    try {
      const { bytesWritten } = await a.handle.write(bytes);
      if (bytesWritten !== bytes.length) throw new Error(`short write to ${path} (${bytesWritten} of ${bytes.length} bytes)`);
      const now = await stat(path).catch(() => undefined);
      if (now?.ino === a.ino) return true;
      retire(a, current); // replaced by a purge, or removed: the next append opens what is there now
      return false;
    } catch (error) {
      retire(a, current); // a handle that failed once (EIO, ENOSPC…) is not trusted again
      throw error;
    } finally {
      a.users--;
      if (a.retired) {
        if (a.users === 0) void a.handle.close().catch(() => undefined);
      } else if (a.users === 0) {
        a.idle = setTimeout(() => retire(a, current), APPEND_IDLE_MS);
        a.idle.unref();
      }
    }
  };

  /**
   * Writes `bytes` in one append to the file now at `path`: when a purge replaced the file (or
   * the folder went) after the handle was opened, the bytes went to the old one, and are written
   * again, unless `copiedOver` finds that the purge copied them over.
   */
  const appendToCurrent = async (bytes: Buffer, copiedOver: () => Promise<boolean>): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      if (await writeInFolder(dir, () => appendBytes(bytes))) return;
      if (await copiedOver()) return;
      if (attempt === MAX_APPEND_ATTEMPTS) throw new Error(`${path} was replaced ${attempt} times while appending to it`);
    }
  };
  /** Writes `text` (whole lines) in one append, which reaches the file at `path` whatever a purge does meanwhile. */
  const appendText = (text: string): Promise<void> => appendToCurrent(Buffer.from(text), async () => (await readFile(path, 'utf8').catch(() => '')).includes(text));

  /**
   * Lines waiting to be appended. One write at a time per file: the lines that arrive while it
   * is under way go together in the next one, so a busy bot makes one write for many lines.
   */
  let waiting: { text: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  // biome-ignore lint/correctness/noUnusedVariables: read by `??=` in append: one writer at a time
  let writing: Promise<void> | undefined;
  const writeWaiting = async () => {
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      try {
        await appendText(batch.map((w) => w.text).join(''));
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    writing = undefined;
  };

  /** Runs `fn` holding the purge lock; undefined if another process holds it. */
  const withPurgeLock = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    const token = `${process.pid} ${randomBytes(8).toString('hex')}`;
    const take = () =>
      writeFile(lockPath, token, { flag: 'wx', mode: 0o600 }).then(
        () => true,
        (error: unknown) => {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw error;
        },
      );
    if (!(await take()) && !((await removeStaleLock()) && (await take()))) return undefined;
    try {
      return await fn();
    } finally {
      await releasePurgeLock(token);
    }
  };

  /**
   * Removes our lock. Another process clearing a stale lock may have moved ours aside just
   * then, to put it back when it sees it is not the stale one: so the lock is released only
   * once no lock stands aside, or ours would be put back after we left.
   */
  const releasePurgeLock = async (token: string): Promise<void> => {
    for (let attempt = 0; attempt < RELEASE_ATTEMPTS; attempt++) {
      if ((await readFile(lockPath, 'utf8').catch(() => undefined)) === token) await rm(lockPath, { force: true });
      const aside = (await readdir(dir).catch(() => [])).some((f) => f.startsWith(`${basename(lockPath)}.`));
      if (!aside) return;
      await sleep(2);
    }
  };

  /**
   * Removes a lock left by a crashed purge (older than STALE_PURGE_LOCK_MS); true if it did.
   * The lock is moved aside (atomic) and then checked: if what was moved is not the stale lock
   * read before, another process had taken over first, and its lock is put back.
   */
  const removeStaleLock = async (): Promise<boolean> => {
    const [held, age] = await Promise.all([
      readFile(lockPath, 'utf8').catch(() => undefined),
      stat(lockPath).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      ),
    ]);
    if (held === undefined || age < STALE_PURGE_LOCK_MS) return false;
    const aside = `${lockPath}.${randomBytes(4).toString('hex')}`;
    if (
      !(await rename(lockPath, aside).then(
        () => true,
        () => false,
      ))
    )
      return false;
    const moved = await readFile(aside, 'utf8').catch(() => undefined);
    if (moved !== held) await link(aside, lockPath).catch(() => undefined);
    await rm(aside, { force: true });
    return moved === held;
  };

  return {
    path,

    append(line) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ text: `${line}\n`, resolve, reject });
        writing ??= writeWaiting();
      });
    },

    async lines() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return text.split('\n').filter((l) => l.length);
    },

    async linesSince(from) {
      let file: FileHandle;
      try {
        file = await open(path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], next: undefined, restarted: from !== undefined };
        throw error;
      }
      try {
        const { ino, birthtimeMs: born, size } = await file.stat();
        const restarted = from === undefined || from.ino !== ino || from.born !== born || from.offset > size;
        const offset = restarted ? 0 : from.offset;
        if (size === offset) return { lines: [], next: { ino, born, offset }, restarted };
        const bytes = Buffer.alloc(size - offset);
        const { bytesRead } = await file.read(bytes, 0, bytes.length, offset);
        // Up to the last newline: a line still being written is read next time, whole.
        const end = bytes.lastIndexOf(0x0a, bytesRead - 1) + 1;
        const lines = bytes
          .subarray(0, end)
          .toString('utf8')
          .split('\n')
          .filter((l) => l.length);
        return { lines, next: { ino, born, offset: offset + end }, restarted };
      } finally {
        await file.close();
      }
    },

    async purge(keep) {
      if (!(await stat(path).catch(() => undefined))) return 0; // nothing to purge: no lock to take
      const purged = await withPurgeLock(async () => {
        let old: FileHandle;
        try {
          old = await open(path, 'r');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
          throw error;
        }
        try {
          // Whole lines only: an append under way may show here in part; it is copied whole below.
          const read = await old.readFile();
          const bytes = read.subarray(0, read.lastIndexOf(0x0a) + 1);
          const lines = bytes
            .toString('utf8')
            .split('\n')
            .filter((l) => l.length);
          const kept = keep(lines);
          if (kept.length === lines.length) return 0;
          await replaceFile(dir, name, kept.map((l) => `${l}\n`).join(''));
          // What was appended to the old file since we read it (or after its last whole line):
          // new lines, so kept. Whole lines only: an append still under way finds, when it is
          // done, that the file was replaced, and writes itself again.
          const after = Buffer.alloc((await old.stat()).size - bytes.length);
          const { bytesRead } = await old.read(after, 0, after.length, bytes.length);
          const late = after.subarray(0, after.lastIndexOf(0x0a, bytesRead - 1) + 1);
          // A handle still open on the old file takes the first try, and is retired by it.
          if (late.length) await appendToCurrent(late, async () => false);
          return lines.length - kept.length;
        } finally {
          await old.close();
        }
      });
      return purged ?? 0;
    },
  };
}
