import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { createLocalDiskStorage } from "@/lib/media/storage/local-disk";
import { createS3Storage } from "@/lib/media/storage/s3";
import type { MediaStorage } from "@/lib/media/storage/types";
import { createThreadsAdapter } from "@/lib/publishing/networks/threads/adapter";
import { type PublishableMedia, PublishError } from "@/lib/publishing/networks/types";
import { createTestWorkspace } from "@/tests/helpers/factories";
import { s3TestOptions } from "@/tests/helpers/s3-test-options";
import { startThreadsStub, threadsPublication } from "@/tests/helpers/threads-stub-setup";

// A WebP (a type Threads refuses) goes to Threads as its "threads-image" JPEG copy, handed out by a presigned URL of
// the launcher's S3 server; on local storage, which has no such URL, the channel fails saying why.

const db = getPrisma();
const s3 = createS3Storage(s3TestOptions());
const localDir = mkdtempSync(path.join(tmpdir(), "cadence-threads-"));
const local = createLocalDiskStorage({ root: localDir });
let stub: Awaited<ReturnType<typeof startThreadsStub>>;
let workspaceId: string;

beforeAll(async () => {
  stub = await startThreadsStub();
  workspaceId = (await createTestWorkspace(db)).workspace.id;
});
afterAll(async () => {
  await stub.server.close();
  await db.workspace.delete({ where: { id: workspaceId } });
  rmSync(localDir, { recursive: true, force: true });
});

async function storedWebp(storage: MediaStorage): Promise<PublishableMedia> {
  const bytes = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#2266aa" } })
    .webp()
    .toBuffer();
  const id = randomUUID();
  const storageKey = `${workspaceId}/${id}/original`;
  await storage.put(storageKey, Readable.from([bytes]), { contentType: "image/webp" });
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await db.mediaItem.create({
    data: {
      id,
      workspaceId,
      kind: "IMAGE",
      name: "blue.webp",
      mimeType: "image/webp",
      bytes: bytes.length,
      width: 400,
      height: 300,
      storageKey,
      sha256,
    },
  });
  return {
    id,
    name: "blue.webp",
    kind: "IMAGE",
    mimeType: "image/webp",
    bytes: bytes.length,
    sha256,
    width: 400,
    height: 300,
    durationMs: null,
    altText: "Blue",
    url: "https://cadence.example.test/original",
    storageKey,
  };
}

describe("a WebP image on Threads", () => {
  it("is sent as its JPEG copy from a presigned S3 URL", async () => {
    const adapter = createThreadsAdapter({
      settings: stub.settings,
      fetch: stub.fetch,
      storage: () => s3,
      db: () => db,
      pollIntervalsMs: [5],
    });
    const image = await storedWebp(s3);
    const p = threadsPublication({
      post: { workspaceId, content: "webp", media: [image] },
      userId: stub.state.loginUserId,
      accessToken: stub.state.issueToken(stub.state.loginUserId),
    });
    await adapter.publish(p.request());

    const variant = await db.mediaVariant.findUniqueOrThrow({
      where: { mediaId_purpose: { mediaId: image.id, purpose: "threads-image" } },
    });
    expect(variant.mimeType).toBe("image/jpeg");
    const imageUrl =
      stub.server.received("POST", `/v1.0/${stub.state.loginUserId}/threads`)[0]?.form?.get("image_url") ?? "";
    expect(imageUrl).not.toBe(image.url);
    expect(imageUrl).toContain(encodeURI(variant.storageKey).split("/").at(-1) ?? "?");
    const fetched = await fetch(imageUrl);
    expect(fetched.status).toBe(200);
    expect((await sharp(Buffer.from(await fetched.arrayBuffer())).metadata()).format).toBe("jpeg");
  });

  it("fails the channel for good on local storage, saying what would work", async () => {
    const adapter = createThreadsAdapter({
      settings: stub.settings,
      fetch: stub.fetch,
      storage: () => local,
      db: () => db,
      pollIntervalsMs: [5],
    });
    const image = await storedWebp(local);
    const p = threadsPublication({
      post: { workspaceId, content: "webp", media: [image] },
      userId: stub.state.loginUserId,
      accessToken: stub.state.issueToken(stub.state.loginUserId),
    });
    stub.server.reset();
    const err = (await adapter.publish(p.request()).catch((e: unknown) => e)) as PublishError;
    expect(err).toBeInstanceOf(PublishError);
    expect(err.kind).toBe("permanent");
    expect(err.message).toContain("MEDIA_STORAGE=s3");
    expect(stub.server.received("POST", `/v1.0/${stub.state.loginUserId}/threads`)).toHaveLength(0);
  });
});
