import { randomBytes } from "node:crypto";
import { readdir, readFile, readlink, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createLocalDiskStorage } from "@/lib/media/storage/local-disk";
import { MediaRangeError } from "@/lib/media/storage/media-range-error";
import { createS3Storage, type S3StorageOptions } from "@/lib/media/storage/s3";
import { type MediaStorage, MediaTooLargeError } from "@/lib/media/storage/types";
import {
  digestStream,
  endlessStream,
  generatedBuffer,
  generatedStream,
  repeatedStream,
  sha256,
} from "@/tests/helpers/media-bytes";
import { s3TestOptions } from "@/tests/helpers/s3-test-options";

// One suite, run against every backend (issue 9): the local disk, and S3 against the launcher's real SeaweedFS.
// Each run works under its own key prefix and removes what it made.

const MiB = 1024 * 1024;
/** This run's key prefix (a workspace id, in the app's key shape): runs and backends never see each other's keys. */
const run = `ws${randomBytes(6).toString("hex")}`;

type Backend = {
  name: string;
  open: () => Promise<{
    storage: MediaStorage;
    /** Everything the backend still holds under `prefix` that is not a finished object: temp files, open uploads. */
    leftovers: (prefix: string) => Promise<string[]>;
    close: () => Promise<void>;
  }>;
};

/** The whole body of a small object that must exist. */
async function readAll(got: { body: Readable } | null): Promise<Buffer[]> {
  if (!got) throw new Error("expected an object, got null");
  return got.body.toArray();
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const local: Backend = {
  name: "local",
  open: async () => {
    const root = path.join(process.env.MEDIA_LOCAL_DIR ?? os.tmpdir(), `test-${randomBytes(6).toString("hex")}`);
    return {
      storage: createLocalDiskStorage({ root }),
      leftovers: async (prefix) =>
        (await listFiles(path.join(root, prefix))).filter((f) => f.endsWith(".partial") || f.includes(".partial.")),
      close: () => rm(root, { recursive: true, force: true }),
    };
  },
};

function rawS3Client(opts: S3StorageOptions, secretAccessKey = opts.secretAccessKey) {
  return new S3Client({
    endpoint: opts.endpoint,
    region: opts.region,
    forcePathStyle: opts.forcePathStyle,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    maxAttempts: 1,
  });
}

const s3: Backend = {
  name: "s3",
  open: async () => {
    const opts = s3TestOptions();
    const raw = rawS3Client(opts);
    const list = async (prefix: string) =>
      (await raw.send(new ListObjectsV2Command({ Bucket: opts.bucket, Prefix: `${prefix}/` }))).Contents ?? [];
    return {
      storage: createS3Storage(opts),
      leftovers: async (prefix) => {
        const uploads = await raw.send(new ListMultipartUploadsCommand({ Bucket: opts.bucket, Prefix: `${prefix}/` }));
        return (uploads.Uploads ?? []).map((u) => `multipart upload ${u.Key} ${u.UploadId}`);
      },
      close: async () => {
        for (const object of await list(run)) {
          await raw.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: object.Key }));
        }
        raw.destroy();
      },
    };
  },
};

const backends: Backend[] = [local, s3];

describe.each(backends)("$name media storage", (backend) => {
  let storage: MediaStorage;
  let leftovers: (prefix: string) => Promise<string[]>;
  let close: () => Promise<void>;
  const key = (name: string) => `${run}/${name}`;

  beforeAll(async () => {
    ({ storage, leftovers, close } = await backend.open());
    expect(storage.kind).toBe(backend.name);
  });
  afterAll(async () => {
    await close?.();
  });

  it("streams a few MB in and reads the same bytes and type back", async () => {
    const bytes = 3 * MiB + 17;
    const put = await storage.put(key("round/original"), generatedStream(bytes, 11), { contentType: "video/mp4" });
    expect(put).toEqual({ bytes });
    const got = await storage.get(key("round/original"));
    expect(got).not.toBeNull();
    expect(got?.bytes).toBe(bytes);
    expect(got?.contentType).toBe("video/mp4");
    expect(await digestStream(got?.body as Readable)).toEqual({ bytes, sha256: sha256(generatedBuffer(bytes, 11)) });
  });

  it("replaces an object put again under the same key", async () => {
    await storage.put(key("replace/a"), Readable.from([Buffer.from("first version")]), { contentType: "text/plain" });
    await storage.put(key("replace/a"), Readable.from([Buffer.from("second")]), { contentType: "image/png" });
    expect(await storage.head(key("replace/a"))).toEqual({ bytes: 6, contentType: "image/png" });
    const got = await storage.get(key("replace/a"));
    expect(Buffer.concat(await readAll(got)).toString()).toBe("second");
  });

  it("stores an empty object", async () => {
    expect(await storage.put(key("empty"), Readable.from([]), { contentType: "text/plain" })).toEqual({ bytes: 0 });
    expect(await storage.head(key("empty"))).toEqual({ bytes: 0, contentType: "text/plain" });
  });

  it("reads inclusive byte ranges, cuts an end past the last byte, and refuses a start past it", async () => {
    const bytes = 256 * 1024;
    const whole = generatedBuffer(bytes, 5);
    await storage.put(key("range/v"), generatedStream(bytes, 5), { contentType: "video/webm" });
    for (const [start, end] of [
      [0, 0],
      [1000, 1999],
      [bytes - 1, bytes - 1],
      [70_000, 200_000],
    ] as const) {
      const got = await storage.get(key("range/v"), { start, end });
      expect(got?.bytes).toBe(end - start + 1);
      expect(got?.contentType).toBe("video/webm");
      expect(Buffer.concat(await readAll(got))).toEqual(whole.subarray(start, end + 1));
    }
    const tail = await storage.get(key("range/v"), { start: bytes - 10, end: bytes + 5000 });
    expect(tail?.bytes).toBe(10);
    expect(Buffer.concat(await readAll(tail))).toEqual(whole.subarray(bytes - 10));
    await expect(storage.get(key("range/v"), { start: bytes, end: bytes + 10 })).rejects.toBeInstanceOf(
      MediaRangeError,
    );
    await expect(storage.get(key("range/v"), { start: 10, end: 5 })).rejects.toBeInstanceOf(MediaRangeError);
    await expect(storage.get(key("range/v"), { start: -1, end: 5 })).rejects.toBeInstanceOf(MediaRangeError);
    await expect(storage.get(key("range/v"), { start: 0.5, end: 5 })).rejects.toBeInstanceOf(MediaRangeError);
  });

  it("heads an object (size in bytes, type) and answers null for a missing key", async () => {
    await storage.put(key("head/x"), generatedStream(12_345), { contentType: "image/jpeg" });
    expect(await storage.head(key("head/x"))).toEqual({ bytes: 12_345, contentType: "image/jpeg" });
    expect(await storage.head(key("head/missing"))).toBeNull();
    expect(await storage.get(key("head/missing"))).toBeNull();
    expect(await storage.get(key("head/missing"), { start: 0, end: 10 })).toBeNull();
    // a prefix of existing keys is not an object
    expect(await storage.head(key("head"))).toBeNull();
    expect(await storage.get(key("head"))).toBeNull();
  });

  it("deletes idempotently", async () => {
    await storage.put(key("del/x"), generatedStream(1000), { contentType: "image/gif" });
    await storage.put(key("del/y"), generatedStream(1000), { contentType: "image/gif" });
    await storage.delete(key("del/x"));
    expect(await storage.head(key("del/x"))).toBeNull();
    expect(await storage.get(key("del/x"))).toBeNull();
    await storage.delete(key("del/x"));
    await storage.delete(key("del/never-there"));
    expect(await storage.head(key("del/y"))).toEqual({ bytes: 1000, contentType: "image/gif" });
  });

  it("refuses a stream longer than maxBytes, stops reading it, and leaves nothing behind", async () => {
    const source = endlessStream();
    // past two S3 parts (5 MiB each), so the S3 backend has a multipart upload to abort
    const refused = storage.put(key("big/v"), source.stream, { contentType: "video/mp4", maxBytes: 12 * MiB });
    await expect(refused).rejects.toBeInstanceOf(MediaTooLargeError);
    await expect(refused).rejects.toMatchObject({ maxBytes: 12 * MiB });
    expect(source.produced()).toBeLessThan(12 * MiB + 16 * MiB); // stopped early, not read to some end
    expect(await storage.head(key("big/v"))).toBeNull();
    expect(await leftovers(run)).toEqual([]);
  });

  it("accepts exactly maxBytes, and a refused replacement keeps the previous object", async () => {
    expect(
      await storage.put(key("edge/v"), generatedStream(4096, 3), { contentType: "image/png", maxBytes: 4096 }),
    ).toEqual({ bytes: 4096 });
    await expect(
      storage.put(key("edge/v"), generatedStream(4097), { contentType: "image/webp", maxBytes: 4096 }),
    ).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(await storage.head(key("edge/v"))).toEqual({ bytes: 4096, contentType: "image/png" });
    const got = await storage.get(key("edge/v"));
    expect(Buffer.concat(await readAll(got))).toEqual(generatedBuffer(4096, 3));
    expect(await leftovers(run)).toEqual([]);
  });

  it("keeps nothing of an upload whose source fails midway", async () => {
    let sent = 0;
    const failing = new Readable({
      read() {
        sent += 1;
        if (sent > 40) this.destroy(new Error("client went away"));
        else this.push(Buffer.alloc(65_536, 1));
      },
    });
    await expect(storage.put(key("broken/v"), failing, { contentType: "video/mp4" })).rejects.toThrow(
      "client went away",
    );
    expect(await storage.head(key("broken/v"))).toBeNull();
    expect(await leftovers(run)).toEqual([]);
  });

  it("refuses keys that could leave the storage root or mean two things", async () => {
    for (const bad of ["", "/abs", "a//b", "../etc/passwd", "a/../../b", "a/./b", ".hidden", "a/", "a\\b", "a b"]) {
      await expect(storage.put(bad, Readable.from([Buffer.from("x")]), { contentType: "text/plain" })).rejects.toThrow(
        "invalid media storage key",
      );
      await expect(storage.get(bad)).rejects.toThrow("invalid media storage key");
      await expect(storage.head(bad)).rejects.toThrow("invalid media storage key");
      await expect(storage.delete(bad)).rejects.toThrow("invalid media storage key");
    }
    await expect(
      storage.put(key("t"), Readable.from([Buffer.from("x")]), { contentType: "text/plain\r\nX-Evil: 1" }),
    ).rejects.toThrow("invalid media content type");
  });

  it("streams a 200 MB upload with bounded memory", async () => {
    const bytes = 200 * MiB;
    await storage.put(key("warm"), repeatedStream(8 * MiB), { contentType: "video/mp4" }); // load code paths first
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 10);
    try {
      expect(await storage.put(key("large/v"), repeatedStream(bytes), { contentType: "video/mp4" })).toEqual({ bytes });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage.rss());
    const growthMiB = (peak - baseline) / MiB;
    process.stderr.write(
      `${backend.name}: RSS growth while streaming ${bytes / MiB} MiB: ${growthMiB.toFixed(1)} MiB\n`,
    );
    // a buffered upload would grow by the whole 200 MiB; streaming holds a few parts plus garbage not yet collected
    expect(growthMiB).toBeLessThan(96);
    expect(await storage.head(key("large/v"))).toEqual({ bytes, contentType: "video/mp4" });
    await storage.delete(key("large/v"));
  });
});

describe("local media storage on disk", () => {
  let root: string;
  beforeAll(() => {
    root = path.join(process.env.MEDIA_LOCAL_DIR ?? os.tmpdir(), `test-${randomBytes(6).toString("hex")}`);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("keeps each object as a plain file at its key and removes emptied folders on delete", async () => {
    const storage = createLocalDiskStorage({ root });
    await storage.put("w1/m1/original", Readable.from([Buffer.from("hello")]), { contentType: "text/plain" });
    await storage.put("w1/m2/original", Readable.from([Buffer.from("other")]), { contentType: "text/plain" });
    expect((await listFiles(root)).map((f) => path.relative(root, f)).sort()).toEqual([
      "w1/m1/.original.type",
      "w1/m1/original",
      "w1/m2/.original.type",
      "w1/m2/original",
    ]);
    await storage.delete("w1/m1/original");
    expect((await readdir(path.join(root, "w1"))).sort()).toEqual(["m2"]);
    expect(await storage.presignedGetUrl("w1/m2/original", 60)).toBeNull();
  });
});

describe("s3 media storage over HTTP", () => {
  const opts = s3TestOptions();
  const storage = createS3Storage(opts);
  const key = (name: string) => `${run}/http/${name}`;
  afterAll(async () => {
    for (const name of ["p", "x", "e"]) await storage.delete(key(name));
  });

  it("gives a presigned GET URL that serves the object without credentials, and only that object", async () => {
    await storage.put(key("p"), generatedStream(300_000, 9), { contentType: "image/png" });
    const url = await storage.presignedGetUrl(key("p"), 120);
    expect(url).not.toBeNull();
    expect(new URL(url as string).hostname).toBe("127.0.0.1");
    const res = await fetch(url as string);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(generatedBuffer(300_000, 9));
    const ranged = await fetch(url as string, { headers: { range: "bytes=10-19" } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(generatedBuffer(300_000, 9).subarray(10, 20));
    // the signature covers the key: the same query string on another key is refused
    await storage.put(key("x"), generatedStream(10), { contentType: "image/png" });
    const other = new URL(url as string);
    other.pathname = other.pathname.replace(/\/p$/, "/x");
    expect((await fetch(other)).status).toBe(403);
    // and an unsigned request is refused
    const unsigned = new URL(url as string);
    unsigned.search = "";
    expect((await fetch(unsigned)).status).toBe(403);
  });

  it("refuses a presigned URL once it expired", async () => {
    await storage.put(key("e"), generatedStream(1000), { contentType: "image/png" });
    const url = (await storage.presignedGetUrl(key("e"), 1)) as string;
    expect((await fetch(url)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2500));
    expect((await fetch(url)).status).toBe(403);
  });

  it("refuses a client with a wrong secret (403) and the storage with one cannot read or write", async () => {
    await storage.put(key("x"), generatedStream(10), { contentType: "image/png" });
    const wrong = rawS3Client(opts, `${opts.secretAccessKey}x`);
    const error = await wrong.send(new HeadObjectCommand({ Bucket: opts.bucket, Key: key("x") })).catch((e) => e);
    wrong.destroy();
    expect(error).toBeInstanceOf(S3ServiceException);
    expect((error as S3ServiceException).$metadata.httpStatusCode).toBe(403);
    const impostor = createS3Storage({ ...opts, secretAccessKey: "not-the-secret" });
    await expect(impostor.get(key("x"))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(impostor.put(key("y"), generatedStream(10), { contentType: "image/png" })).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    expect(await storage.head(key("y"))).toBeNull();
  });
});

describe("media storage from env", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("refuses MEDIA_STORAGE=s3 without its settings, naming each missing one", async () => {
    vi.resetModules();
    vi.stubEnv("MEDIA_STORAGE", "s3");
    vi.stubEnv("S3_BUCKET", "");
    vi.stubEnv("S3_ACCESS_KEY_ID", "");
    vi.stubEnv("S3_SECRET_ACCESS_KEY", "");
    const { getMediaStorage } = await import("@/lib/media/storage/get-media-storage");
    expect(() => getMediaStorage()).toThrow(
      /S3_BUCKET: required when MEDIA_STORAGE=s3.*S3_ACCESS_KEY_ID: required when MEDIA_STORAGE=s3.*S3_SECRET_ACCESS_KEY: required/,
    );
  });

  it("makes the S3 backend for MEDIA_STORAGE=s3 and the local one by default", async () => {
    vi.resetModules();
    vi.stubEnv("MEDIA_STORAGE", "s3");
    const fromS3 = await import("@/lib/media/storage/get-media-storage");
    const storage = fromS3.getMediaStorage();
    expect(storage.kind).toBe("s3");
    expect(fromS3.getMediaStorage()).toBe(storage);
    await storage.put(`${run}/env/a`, generatedStream(10), { contentType: "text/plain" });
    expect(await storage.head(`${run}/env/a`)).toEqual({ bytes: 10, contentType: "text/plain" });
    await storage.delete(`${run}/env/a`);
    vi.resetModules();
    vi.unstubAllEnvs();
    vi.stubEnv("MEDIA_STORAGE", undefined);
    const fromLocal = await import("@/lib/media/storage/get-media-storage");
    expect(fromLocal.getMediaStorage().kind).toBe("local");
  });
});

describe("the launcher's S3 server", () => {
  /** Local addresses (hex, as in /proc/net/tcp*) of the TCP sockets process `pid` listens on. */
  async function listeningAddresses(pid: number): Promise<string[]> {
    const inodes = new Set<string>();
    for (const fd of await readdir(`/proc/${pid}/fd`)) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }
    const addresses: string[] = [];
    for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      for (const line of (await readFile(table, "utf8")).split("\n").slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f[3] === "0A" && inodes.has(f[9] ?? "")) addresses.push((f[1] ?? "").split(":")[0] ?? "");
      }
    }
    return addresses;
  }

  it("listens on 127.0.0.1 only", async (ctx) => {
    const stateFile = path.resolve(import.meta.dirname, "../../.data/test/services.json");
    const state = JSON.parse(await readFile(stateFile, "utf8").catch(() => "{}")) as {
      s3?: { pid?: number; port?: number };
    };
    const pid = state.s3?.pid;
    if (!pid || process.env.S3_ENDPOINT !== `http://127.0.0.1:${state.s3?.port}`) {
      return ctx.skip("S3 is not the launcher's own server here (S3_ENDPOINT set from outside)");
    }
    const addresses = await listeningAddresses(pid);
    expect(addresses.length).toBeGreaterThanOrEqual(5); // master, volume, filer, S3 and their gRPC ports
    expect(new Set(addresses)).toEqual(new Set(["0100007F"])); // 127.0.0.1, little-endian hex
  });
});
