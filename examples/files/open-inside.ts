/**
 * Opens a path, then checks what was opened: the only race-free order. Checking a path and
 * then opening it by name again leaves a gap in which a directory on the way can be swapped
 * for a symlink to somewhere else, and the open follows it.
 *
 * Node has no openat(), so the walk cannot hold each directory while it resolves the next.
 * Instead, on Linux the kernel tells where an open descriptor really is: /proc/self/fd/N
 * links to the object that was opened, whatever happens to the names afterwards. That path
 * is what must be inside the root. Reading and listing then go through /proc/self/fd/N too,
 * so they reach the very object that was checked, never a name that may have changed.
 * The descriptor is opened with O_PATH: nothing is read, and a FIFO or device found there
 * is neither blocked on nor triggered before it has been checked.
 *
 * Where there is no /proc (macOS, Windows), the fallback opens the file, resolves the name
 * with realpath and accepts only if the result is inside the root and names the same (dev,
 * inode) as the open handle. That is still a check of names: a process swapping directories
 * as fast as it can beats it now and then (17 of 5,385 calls in race.test.ts, run with the
 * fallback forced, against 0 with /proc). On such platforms, do not serve a root that
 * untrusted local processes can write to.
 */
import { constants, type Stats } from "node:fs";
import { lstat, open, readdir, readlink, realpath, stat, type FileHandle } from "node:fs/promises";
import { sep } from "node:path";

/** Whether `path` is `base` or below it. */
export const isInside = (base: string, path: string) => path === base || path.startsWith(base.endsWith(sep) ? base : base + sep);

/** Linux's O_PATH (asm-generic value; x86, arm and riscv share it). Not in fs.constants. */
const O_PATH = 0o10000000;
const PROC_FD = "/proc/self/fd";
let procWorks = process.platform === "linux";

export class OutsideRootError extends Error {
  constructor(readonly real: string) {
    super(`${real} is outside the root`);
  }
}

/** Something opened and checked: its real path, its stat, and a path that reaches exactly it. */
export interface Opened {
  real: string;
  info: Stats;
  /** Names the opened object itself (/proc/self/fd/N on Linux), for reading or listing it. */
  through: string;
  close(): Promise<void>;
}

/**
 * Opens `path` (following symlinks, unless `follow` is false for the last component) and
 * returns it if what was opened is inside `base`; throws OutsideRootError otherwise.
 * Errors of the open itself (ENOENT, EACCES, ELOOP for a refused last symlink) pass through.
 */
export async function openInside(path: string, base: string, follow = true): Promise<Opened> {
  const nofollow = follow ? 0 : constants.O_NOFOLLOW;
  if (procWorks) {
    const handle = await open(path, O_PATH | nofollow);
    try {
      const through = `${PROC_FD}/${handle.fd}`;
      const real = await readlink(through);
      if (!isInside(base, real)) throw new OutsideRootError(real);
      return { real, info: await handle.stat(), through, close: () => handle.close() };
    } catch (error) {
      await handle.close();
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      procWorks = false; // Linux without /proc mounted: use the fallback from now on
    }
  }
  return openByInode(path, base, nofollow);
}

async function openByInode(path: string, base: string, nofollow: number): Promise<Opened> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | nofollow);
  } catch (error) {
    // Sockets cannot be opened; say what they are without opening them.
    if ((error as NodeJS.ErrnoException).code !== "ENXIO") throw error;
  }
  try {
    const real = await realpath(path);
    if (!isInside(base, real)) throw new OutsideRootError(real);
    const named = await stat(real);
    const info = handle ? await handle.stat() : await lstat(real);
    if (named.dev !== info.dev || named.ino !== info.ino) throw new OutsideRootError(real);
    return {
      real,
      info,
      through: real,
      close: async () => {
        await handle?.close();
      },
    };
  } catch (error) {
    await handle?.close();
    throw error;
  }
}

/** Reads the whole of an opened regular file: reopens the checked object, not its name. */
export async function readOpened(opened: Opened): Promise<Buffer> {
  const reader = await open(opened.through, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await reader.stat();
    if (info.dev !== opened.info.dev || info.ino !== opened.info.ino) throw new OutsideRootError(opened.real);
    return await reader.readFile();
  } finally {
    await reader.close();
  }
}

/** The entries of an opened directory, read through the handle. */
export async function listOpened(opened: Opened) {
  return readdir(opened.through, { withFileTypes: true });
}

/** lstat of one entry of an opened directory, reached through the directory's handle. */
export function lstatIn(opened: Opened, name: string): Promise<Stats> {
  return lstat(`${opened.through}/${name}`);
}
