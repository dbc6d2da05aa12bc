import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temporary files start with a dot and end in `.tmp`, so listings can skip them and start-up can sweep them. */
export const TEMP_FILE = /^\..+\.tmp$/;

/**
 * Replaces `file` so that a crash leaves either the old or the new content, never a torn
 * mix: write a temp file in the same directory, fsync it, rename it over the target (atomic on
 * POSIX), then fsync the directory so the rename itself survives a power loss.
 */
export async function writeFileAtomic(file: string, content: string | Buffer, mode = 0o600): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Renames durably: the rename is atomic, the directory fsync makes it survive a crash. */
export async function renameDurably(from: string, to: string): Promise<void> {
  await rename(from, to);
  await syncDirectory(dirname(to));
}

/** Removes a file durably; a file that is already gone is fine. */
export async function removeFileDurably(file: string): Promise<void> {
  await rm(file, { force: true });
  await syncDirectory(dirname(file));
}

export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
    if (!isErrno(error, 'EISDIR', 'EPERM', 'EINVAL', 'EACCES')) throw error;
  } finally {
    await handle?.close();
  }
}

export function isErrno(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes((error as NodeJS.ErrnoException).code ?? '');
}
