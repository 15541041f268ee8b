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
import type { PublishableMedia } from "@/lib/publishing/networks/types";
import { createTestWorkspace } from "@/tests/helpers/factories";
import { s3TestOptions } from "@/tests/helpers/s3-test-options";
import { startThreadsStub, threadsPublication } from "@/tests/helpers/threads-stub-setup";

// A WebP (a type Threads refuses) goes to Threads as its "threads-image" JPEG copy: a presigned URL of the launcher's
// S3 server, or on local storage the signed /media/<id>/threads-image URL under PUBLIC_URL (lib/publishing/
// fetchable-media-url.ts, the same as Instagram's).

// Read by getEnv on first use (it caches): the local-storage case signs its URL under this address.
process.env.PUBLIC_URL = "https://cadence.example.test/";

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

  it("on local storage, is sent as the signed URL of its JPEG copy under PUBLIC_URL", async () => {
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
    await adapter.publish(p.request());
    const variant = await db.mediaVariant.findUniqueOrThrow({
      where: { mediaId_purpose: { mediaId: image.id, purpose: "threads-image" } },
    });
    expect(variant.mimeType).toBe("image/jpeg");
    const sent = stub.server.received("POST", `/v1.0/${stub.state.loginUserId}/threads`)[0]?.form?.get("image_url");
    const url = new URL(sent ?? "http://none.invalid/");
    expect(`${url.origin}${url.pathname}`).toBe(`https://cadence.example.test/media/${image.id}/threads-image`);
    expect(url.searchParams.get("sig")).toMatch(/^[\w-]+$/);
    expect(Number(url.searchParams.get("exp"))).toBeGreaterThan(Date.now() / 1000);
  });
});
