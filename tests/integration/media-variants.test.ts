import { randomBytes } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteMedia } from "@/lib/media/delete-media";
import { deleteOrphanMedia } from "@/lib/media/delete-orphan-media";
import { ensureMediaVariant } from "@/lib/media/ensure-media-variant";
import { createLocalDiskStorage } from "@/lib/media/storage/local-disk";
import { createS3Storage } from "@/lib/media/storage/s3";
import type { MediaStorage } from "@/lib/media/storage/types";
import { uploadMedia } from "@/lib/media/upload-media";
import { BLUESKY_IMAGE_VARIANT } from "@/lib/publishing/rules/bluesky";
import { PLATFORM_RULES } from "@/lib/publishing/rules/platform-rules";
import { s3TestOptions } from "@/tests/helpers/s3-test-options";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makePng } from "@/tests/helpers/upload-media";

// Re-encoded copies that fit a platform's cap (issue 9), with real sharp, on both storage backends: the local disk
// and S3 against the launcher's SeaweedFS. The original must stay well under MEDIA_MAX_IMAGE_BYTES.
process.env.MEDIA_MAX_IMAGE_BYTES = String(40 * 1024 * 1024);

const { db, createWorkspace } = setupTestWorkspaces();
const { purpose, maxBytes } = BLUESKY_IMAGE_VARIANT;

type Backend = {
  name: string;
  open: () => { storage: MediaStorage; keys: (prefix: string) => Promise<string[]>; close: () => Promise<void> };
};

const local: Backend = {
  name: "local",
  open: () => {
    const root = path.join(os.tmpdir(), `variants-${randomBytes(6).toString("hex")}`);
    return {
      storage: createLocalDiskStorage({ root }),
      keys: async (prefix) => {
        const entries = await readdir(path.join(root, prefix), { recursive: true, withFileTypes: true }).catch(
          () => [],
        );
        return entries
          .filter((e) => e.isFile() && !e.name.startsWith(".")) // not the `.name.type` sidecars
          .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
          .sort();
      },
      close: () => rm(root, { recursive: true, force: true }),
    };
  },
};

const s3: Backend = {
  name: "s3",
  open: () => {
    const opts = s3TestOptions();
    const raw = new S3Client({
      endpoint: opts.endpoint,
      region: opts.region,
      forcePathStyle: opts.forcePathStyle,
      credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
    });
    const keys = async (prefix: string) =>
      ((await raw.send(new ListObjectsV2Command({ Bucket: opts.bucket, Prefix: `${prefix}/` }))).Contents ?? [])
        .map((o) => o.Key ?? "")
        .sort();
    return {
      storage: createS3Storage(opts),
      keys,
      close: async () => {
        for (const prefix of made)
          for (const key of await keys(prefix))
            await raw.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: key }));
        raw.destroy();
      },
    };
  },
};

/** Workspace prefixes this file stored under (S3 cleanup: deleting a workspace row leaves its objects). */
const made: string[] = [];
let noisy: Buffer;

beforeAll(async () => {
  // A 12-megapixel photo of sensor-like noise: JPEG compresses it badly, so it is far over 1 MB.
  noisy = await sharp({
    create: {
      width: 4000,
      height: 3000,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 20 },
    },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
  expect(noisy.length).toBeGreaterThan(3 * maxBytes);
}, 60_000);

describe.each([local, s3])("$name storage: re-encoded copies", (backend) => {
  let storage: MediaStorage;
  let keys: (prefix: string) => Promise<string[]>;
  let close: () => Promise<void>;
  beforeAll(() => {
    ({ storage, keys, close } = backend.open());
  });
  afterAll(async () => {
    await close();
  });

  async function uploadItem(bytes: Buffer) {
    const { workspace } = await createWorkspace();
    made.push(workspace.id);
    const body = Readable.toWeb(Readable.from([bytes])) as unknown as ReadableStream<Uint8Array>;
    const uploaded = await uploadMedia({ db, storage, workspaceId: workspace.id, body, name: "photo.jpg" });
    const item = await db.mediaItem.findUniqueOrThrow({ where: { id: uploaded.id } });
    return { workspaceId: workspace.id, item };
  }

  it("makes a JPEG copy of at most 1,000,000 bytes of a 12 MP photo once, then returns the same copy", async () => {
    const { workspaceId, item } = await uploadItem(noisy);
    expect(Number(item.bytes)).toBeGreaterThan(maxBytes);
    const before = await keys(`${workspaceId}/${item.id}`);
    expect(before).toHaveLength(2); // original and thumbnail

    const copy = await ensureMediaVariant({ db, storage, item, purpose, maxBytes });
    expect(copy.mimeType).toBe("image/jpeg");
    expect(copy.bytes).toBeLessThanOrEqual(1_000_000);
    expect(copy.storageKey).not.toBe(item.storageKey);
    const stored = await storage.get(copy.storageKey);
    const data = Buffer.concat((await stored?.body.toArray()) ?? []);
    expect(data.length).toBe(copy.bytes);
    const meta = await sharp(data).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({
      format: "jpeg",
      width: copy.width,
      height: copy.height,
    });
    expect(Math.max(copy.width, copy.height)).toBeLessThanOrEqual(2000);
    expect(Math.abs(copy.width / copy.height - 4000 / 3000)).toBeLessThan(0.002);
    const after = await keys(`${workspaceId}/${item.id}`);
    expect(after).toEqual([...before, copy.storageKey].sort());

    const again = await ensureMediaVariant({ db, storage, item, purpose, maxBytes });
    expect(again).toEqual(copy);
    expect(await keys(`${workspaceId}/${item.id}`)).toEqual(after);
    expect(await db.mediaVariant.count({ where: { mediaId: item.id } })).toBe(1);

    // A smaller cap steps the quality and then the size down; each purpose has its own copy.
    const small = await ensureMediaVariant({ db, storage, item, purpose: "test-150k", maxBytes: 150_000 });
    expect(small.bytes).toBeLessThanOrEqual(150_000);
    expect(small.width).toBeLessThan(copy.width);
    expect(Math.abs(small.width / small.height - 4000 / 3000)).toBeLessThan(0.01);
    expect(await keys(`${workspaceId}/${item.id}`)).toHaveLength(4);

    // Deleting the item deletes its copies' objects too.
    await deleteMedia({ db, storage, workspaceId, mediaId: item.id });
    expect(await keys(`${workspaceId}/${item.id}`)).toEqual([]);
    expect(await db.mediaVariant.count({ where: { mediaId: item.id } })).toBe(0);
  }, 120_000);

  it("keeps one copy when two workers race: the loser deletes its own object", async () => {
    const { workspaceId, item } = await uploadItem(noisy);
    const [a, b] = await Promise.all([
      ensureMediaVariant({ db, storage, item, purpose, maxBytes }),
      ensureMediaVariant({ db, storage, item, purpose, maxBytes }),
    ]);
    expect(a).toEqual(b);
    const rows = await db.mediaVariant.findMany({ where: { mediaId: item.id } });
    expect(rows.map((r) => r.storageKey)).toEqual([a.storageKey]);
    expect(await keys(`${workspaceId}/${item.id}`)).toEqual([item.storageKey, item.thumbnailKey, a.storageKey].sort());

    // An unattached upload removed by the cleanup job takes its copy's object along (dated far back, so the
    // cleanup's cutoff takes this item alone).
    await db.mediaItem.update({ where: { id: item.id }, data: { createdAt: new Date("2001-01-01T00:00:00Z") } });
    const { deleted } = await deleteOrphanMedia({ db, storage, maxAgeMs: 0, now: new Date("2001-01-02T00:00:00Z") });
    expect(deleted).toBe(1);
    expect(await keys(`${workspaceId}/${item.id}`)).toEqual([]);
  }, 120_000);

  it("returns the original of an image that already fits, making nothing", async () => {
    const { workspaceId, item } = await uploadItem(await makePng(640, 480));
    expect(Number(item.bytes)).toBeLessThanOrEqual(maxBytes);
    const sent = await ensureMediaVariant({ db, storage, item, purpose, maxBytes });
    expect(sent).toEqual({
      storageKey: item.storageKey,
      mimeType: "image/png",
      bytes: Number(item.bytes),
      width: 640,
      height: 480,
    });
    expect(await db.mediaVariant.count({ where: { mediaId: item.id } })).toBe(0);
    expect(await keys(`${workspaceId}/${item.id}`)).toHaveLength(2);
  });

  it("makes a JPEG copy of a small PNG for a platform that takes JPEG only (Instagram)", async () => {
    const { workspaceId, item } = await uploadItem(await makePng(640, 480));
    const instagram = PLATFORM_RULES.INSTAGRAM.media.image;
    const mimeTypes = instagram?.mimeTypes ?? [];
    const sent = await ensureMediaVariant({
      db,
      storage,
      item,
      purpose: instagram?.fitByReencoding?.purpose ?? "",
      maxBytes: instagram?.maxBytes ?? 0,
      mimeTypes,
    });
    expect(mimeTypes).toEqual(["image/jpeg"]);
    expect(sent).toMatchObject({ mimeType: "image/jpeg", width: 640, height: 480 });
    expect(sent.storageKey).not.toBe(item.storageKey);
    const stored = await storage.get(sent.storageKey);
    const meta = await sharp(Buffer.concat(await (stored?.body.toArray() ?? []))).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 640, height: 480 });
    expect(await db.mediaVariant.count({ where: { mediaId: item.id, purpose: "instagram-image" } })).toBe(1);
    expect(await keys(`${workspaceId}/${item.id}`)).toHaveLength(3);
  });

  it("makes a JPEG copy of an icon smaller than the 200 px floor at its own size", async () => {
    const { item } = await uploadItem(await makePng(64, 48));
    const sent = await ensureMediaVariant({
      db,
      storage,
      item,
      purpose: "instagram-image",
      maxBytes: 8_000_000,
      mimeTypes: ["image/jpeg"],
    });
    expect(sent).toMatchObject({ mimeType: "image/jpeg", width: 64, height: 48 });
  });
});
