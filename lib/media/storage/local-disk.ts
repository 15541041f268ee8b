import { randomBytes } from "node:crypto";
import { type FileHandle, mkdir, open, readFile, rename, rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertContentType } from "./assert-content-type";
import { assertMediaKey } from "./assert-media-key";
import { limitBytes } from "./limit-bytes";
import { MediaRangeError } from "./media-range-error";
import type { MediaStorage } from "./types";

const FALLBACK_TYPE = "application/octet-stream";
const isMissing = (e: unknown) => ["ENOENT", "ENOTDIR"].includes((e as NodeJS.ErrnoException)?.code ?? "");

/**
 * MediaStorage on the local disk under `root` (the launcher's default: `.data/<profile>/media`; MEDIA_LOCAL_DIR).
 * Layout: the object `a/b/c` is the plain file `<root>/a/b/c`, and its content type the one-line sidecar
 * `<root>/a/b/.c.type` (keys cannot start a segment with `.`, so sidecars and temp files never collide with keys).
 *
 * - put() streams into a temp file beside the target (`.c.<random>.partial`), fsyncs it, then renames it over the
 *   target: a reader sees the old object or the whole new one, never half; a failed or refused put (MediaTooLargeError
 *   past `maxBytes`) removes its temp file and leaves any previous object as it was.
 * - get() opens the file first, so a put replacing it meanwhile does not change what is being read. Ranges are
 *   inclusive byte offsets; `end` past the last byte is cut to it (as HTTP does); `start` past it, or a range that is
 *   not whole numbers with 0 <= start <= end, throws MediaRangeError. `bytes` is the size of the returned body.
 * - delete() removes the file and sidecar, then the directories it leaves empty (never `root`).
 * - presignedGetUrl() is null: the app's own signed route serves local files.
 * Keys are checked by assertMediaKey (no `..`, no absolute paths), content types by assertContentType.
 * Only one filesystem is assumed: several web/worker machines need shared storage, i.e. the S3 backend.
 */
export function createLocalDiskStorage(opts: { root: string }): MediaStorage {
  const root = path.resolve(opts.root);

  const fileOf = (key: string) => {
    assertMediaKey(key);
    const file = path.join(root, ...key.split("/"));
    if (!file.startsWith(root + path.sep)) throw new Error(`media key ${key} leaves the storage root`);
    return file;
  };
  const typeFileOf = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.type`);
  const readType = (file: string) =>
    readFile(typeFileOf(file), "utf8").then(
      (t) => t.trim() || FALLBACK_TYPE,
      () => FALLBACK_TYPE,
    );

  /** Creates the temp file; retries when a concurrent delete() pruned the directory between mkdir and open. */
  async function openTemp(file: string): Promise<{ handle: FileHandle; temp: string }> {
    for (let attempt = 1; ; attempt++) {
      await mkdir(path.dirname(file), { recursive: true });
      const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(8).toString("hex")}.partial`);
      try {
        return { handle: await open(temp, "wx", 0o640), temp };
      } catch (e) {
        if (!isMissing(e) || attempt >= 3) throw e;
      }
    }
  }

  return {
    kind: "local",

    async put(key: string, body: Readable, { contentType, maxBytes }: { contentType: string; maxBytes?: number }) {
      const file = fileOf(key);
      assertContentType(contentType);
      const { handle, temp } = await openTemp(file);
      const typeTemp = `${temp}.type`;
      const counter = limitBytes(maxBytes);
      try {
        // flush: fsync before the stream closes the file, so the rename below never publishes unwritten data.
        await pipeline(body, counter, handle.createWriteStream({ flush: true }));
        const typeHandle = await open(typeTemp, "wx", 0o640);
        await typeHandle.writeFile(`${contentType}\n`);
        await typeHandle.close();
        await rename(typeTemp, typeFileOf(file));
        await rename(temp, file);
      } catch (error) {
        await handle.close().catch(() => {});
        await Promise.all([rm(temp, { force: true }), rm(typeTemp, { force: true })]);
        body.destroy();
        throw error;
      }
      return { bytes: counter.bytes };
    },

    async get(key: string, range?: { start: number; end: number }) {
      const file = fileOf(key);
      if (range && !(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end))) {
        throw new MediaRangeError(range);
      }
      if (range && (range.start < 0 || range.end < range.start)) throw new MediaRangeError(range);
      let handle: FileHandle;
      try {
        handle = await open(file, "r");
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
      try {
        const info = await handle.stat();
        if (!info.isFile()) {
          await handle.close();
          return null;
        }
        const contentType = await readType(file);
        if (!range) return { body: handle.createReadStream(), bytes: info.size, contentType };
        if (range.start >= info.size) throw new MediaRangeError(range, info.size);
        const end = Math.min(range.end, info.size - 1);
        return {
          body: handle.createReadStream({ start: range.start, end }),
          bytes: end - range.start + 1,
          contentType,
        };
      } catch (e) {
        await handle.close().catch(() => {});
        throw e;
      }
    },

    async head(key: string) {
      const file = fileOf(key);
      try {
        const info = await stat(file);
        return info.isFile() ? { bytes: info.size, contentType: await readType(file) } : null;
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },

    async delete(key: string) {
      const file = fileOf(key);
      const info = await stat(file).catch(() => null);
      if (info?.isDirectory()) return; // a key prefix, not an object: nothing to delete
      await rm(file, { force: true });
      await rm(typeFileOf(file), { force: true });
      for (let dir = path.dirname(file); dir !== root && dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
        try {
          await rmdir(dir);
        } catch {
          break; // not empty (or already gone): the directories above are in use too
        }
      }
    },

    async presignedGetUrl() {
      return null;
    },
  };
}
