import { describe, expect, it } from "vitest";
import {
  MAX_PARALLEL_UPLOADS,
  moveItem,
  pendingUploads,
  type TrayAction,
  type TrayEntry,
  type TrayMedia,
  toContentMediaList,
  toPostMediaInput,
  trayReducer,
  uploadErrorText,
  uploadsToStart,
} from "@/components/composer/media-tray-state";

const media = (id: string, over: Partial<TrayMedia> = {}): TrayMedia => ({
  id,
  name: `${id}.png`,
  kind: "IMAGE",
  mimeType: "image/png",
  bytes: 1000,
  width: 100,
  height: 50,
  durationMs: null,
  thumbnailUrl: `/api/media/${id}/thumbnail`,
  ...over,
});

const run = (actions: TrayAction[], start: TrayEntry[] = []) => actions.reduce(trayReducer, start);
const keys = (entries: readonly TrayEntry[]) => entries.map((e) => e.key);
const ids = (entries: readonly TrayEntry[]) => toPostMediaInput(entries).map((m) => m.id);

describe("moveItem", () => {
  it("moves one element and keeps the others in order, both directions", () => {
    expect(moveItem(["a", "b", "c", "d"], 0, 2)).toEqual(["b", "c", "a", "d"]);
    expect(moveItem(["a", "b", "c", "d"], 3, 0)).toEqual(["d", "a", "b", "c"]);
    expect(moveItem(["a", "b", "c", "d"], 1, 1)).toEqual(["a", "b", "c", "d"]);
  });

  it("clamps positions outside the list and never changes its input", () => {
    const list = ["a", "b", "c"];
    expect(moveItem(list, 0, 99)).toEqual(["b", "c", "a"]);
    expect(moveItem(list, 2, -5)).toEqual(["c", "a", "b"]);
    expect(moveItem(list, 9, 0)).toEqual(["c", "a", "b"]);
    expect(moveItem([], 0, 1)).toEqual([]);
    expect(list).toEqual(["a", "b", "c"]);
  });

  it("is a permutation for every (from, to) of a 6-element list, and moving back restores it", () => {
    const list = [1, 2, 3, 4, 5, 6];
    for (let from = 0; from < list.length; from++) {
      for (let to = 0; to < list.length; to++) {
        const moved = moveItem(list, from, to);
        expect([...moved].sort()).toEqual(list);
        expect(moved[to]).toBe(list[from]);
        expect(moveItem(moved, to, from)).toEqual(list);
      }
    }
  });
});

describe("trayReducer: uploads", () => {
  const queued = run([
    {
      type: "queue",
      files: [
        { key: "u1", name: "one.png", bytes: 100 },
        { key: "u2", name: "two.png", bytes: 200 },
        { key: "u3", name: "three.png", bytes: 300 },
        { key: "u4", name: "four.png", bytes: 400 },
      ],
    },
  ]);

  it("starts at most MAX_PARALLEL_UPLOADS, oldest first, and the next one when a slot frees", () => {
    expect(MAX_PARALLEL_UPLOADS).toBe(3);
    expect(uploadsToStart(queued)).toEqual(["u1", "u2", "u3"]);
    const started = run(
      ["u1", "u2", "u3"].map((key) => ({ type: "start", key }) as const),
      queued,
    );
    expect(uploadsToStart(started)).toEqual([]);
    const oneDone = trayReducer(started, { type: "uploaded", key: "u2", media: media("m2") });
    expect(uploadsToStart(oneDone)).toEqual(["u4"]);
    const oneFailed = trayReducer(started, { type: "failed", key: "u1", error: "Type not accepted: svg" });
    expect(uploadsToStart(oneFailed)).toEqual(["u4"]);
    expect(uploadsToStart(queued, 1)).toEqual(["u1"]);
  });

  it("tracks progress within [previous, bytes]: never backwards, never past the file's size", () => {
    const started = run([{ type: "start", key: "u1" }], queued);
    const at = (entries: TrayEntry[]) => {
      const e = entries.find((x) => x.key === "u1");
      return e?.state === "uploading" ? e.loaded : undefined;
    };
    expect(at(started)).toBe(0);
    const half = trayReducer(started, { type: "progress", key: "u1", loaded: 50 });
    expect(at(half)).toBe(50);
    expect(at(trayReducer(half, { type: "progress", key: "u1", loaded: 20 }))).toBe(50);
    expect(at(trayReducer(half, { type: "progress", key: "u1", loaded: 5000 }))).toBe(100);
  });

  it("a refusal stays on its own file; the others finish, keep their place and are what the post sends", () => {
    const done = run(
      [
        { type: "start", key: "u1" },
        { type: "start", key: "u2" },
        { type: "start", key: "u3" },
        { type: "failed", key: "u2", error: "Type not accepted: text markup" },
        { type: "uploaded", key: "u3", media: media("m3") },
        { type: "uploaded", key: "u1", media: media("m1") },
        { type: "start", key: "u4" },
      ],
      queued,
    );
    expect(done.map((e) => e.state)).toEqual(["ready", "failed", "ready", "uploading"]);
    expect(done[1]).toEqual({ key: "u2", state: "failed", name: "two.png", error: "Type not accepted: text markup" });
    expect(pendingUploads(done)).toBe(1);
    expect(ids(done)).toEqual(["m1", "m3"]);
  });

  it("a cancelled upload is gone, and its late answer (success or failure) changes nothing", () => {
    const cancelled = run(
      [
        { type: "start", key: "u1" },
        { type: "remove", key: "u1" },
      ],
      queued,
    );
    expect(keys(cancelled)).toEqual(["u2", "u3", "u4"]);
    expect(trayReducer(cancelled, { type: "uploaded", key: "u1", media: media("late") })).toBe(cancelled);
    expect(trayReducer(cancelled, { type: "failed", key: "u1", error: "x" })).toBe(cancelled);
    expect(trayReducer(cancelled, { type: "progress", key: "u1", loaded: 5 })).toBe(cancelled);
  });

  it("an upload answering with an item already in the tray is dropped (a post lists an item once)", () => {
    const entries = run(
      [
        { type: "add", media: [{ media: media("m1") }] },
        { type: "start", key: "u1" },
        { type: "uploaded", key: "u1", media: media("m1") },
      ],
      queued,
    );
    expect(ids(entries)).toEqual(["m1"]);
    expect(keys(entries)).toEqual(["u2", "u3", "u4", "media:m1"]);
  });
});

describe("trayReducer: library items, order and alt text", () => {
  const three = run([
    {
      type: "add",
      media: [{ media: media("a"), altText: "First" }, { media: media("b") }, { media: media("c"), altText: null }],
    },
  ]);

  it("adds library items after the others, each once, keeping given alt text", () => {
    const again = trayReducer(three, { type: "add", media: [{ media: media("b") }, { media: media("d") }] });
    expect(ids(again)).toEqual(["a", "b", "c", "d"]);
    expect(trayReducer(three, { type: "add", media: [{ media: media("a") }] })).toBe(three);
    expect(toPostMediaInput(three)).toEqual([{ id: "a", altText: "First" }, { id: "b" }, { id: "c" }]);
  });

  it("reorders by key to any position (clamped), carrying the alt text along", () => {
    const moved = trayReducer(three, { type: "move", key: "media:a", to: 2 });
    expect(toPostMediaInput(moved)).toEqual([{ id: "b" }, { id: "c" }, { id: "a", altText: "First" }]);
    expect(ids(trayReducer(three, { type: "move", key: "media:c", to: -1 }))).toEqual(["c", "a", "b"]);
    expect(trayReducer(three, { type: "move", key: "nope", to: 0 })).toBe(three);
  });

  it("leaves blank alt text out (the API's none; it refuses null) and keeps any other text as typed", () => {
    const typed = run(
      [
        { type: "alt", key: "media:a", altText: "   " },
        { type: "alt", key: "media:b", altText: "  A dog on a beach  " },
      ],
      three,
    );
    expect(toPostMediaInput(typed)).toEqual([{ id: "a" }, { id: "b", altText: "  A dog on a beach  " }, { id: "c" }]);
  });

  it("removes one item and leaves the others' order", () => {
    expect(ids(trayReducer(three, { type: "remove", key: "media:b" }))).toEqual(["a", "c"]);
  });

  it("hands the platform rules every ready item whole, in order; uploads in flight are not counted yet", () => {
    const video = media("v", { kind: "VIDEO", mimeType: "video/mp4", bytes: 9_000_000, durationMs: 61_000 });
    const entries = run([
      { type: "add", media: [{ media: video }, { media: media("a") }] },
      { type: "queue", files: [{ key: "u1", name: "x.png", bytes: 1 }] },
    ]);
    expect(toContentMediaList(entries)).toEqual([
      { kind: "VIDEO", mimeType: "video/mp4", bytes: 9_000_000, width: 100, height: 50, durationMs: 61_000 },
      { kind: "IMAGE", mimeType: "image/png", bytes: 1000, width: 100, height: 50, durationMs: null },
    ]);
  });
});

describe("uploadErrorText", () => {
  it("names the refusal by status, then the server's message", () => {
    expect(uploadErrorText(415, "The file's content is image/svg+xml")).toBe(
      "Type not accepted: The file's content is image/svg+xml",
    );
    expect(uploadErrorText(413, "The file is larger than 20971520 bytes")).toBe(
      "Too big: The file is larger than 20971520 bytes",
    );
    expect(uploadErrorText(422, "The image could not be read")).toBe("Could not be read: The image could not be read");
    expect(uploadErrorText(0, "server unreachable")).toBe("Not uploaded: server unreachable");
    expect(uploadErrorText(500, "Internal error")).toBe("Refused (500): Internal error");
  });
});
