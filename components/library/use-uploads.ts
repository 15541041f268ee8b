"use client";

import { useCallback, useRef, useState } from "react";
import { uploadFile } from "@/components/library/upload-file";
import type { MediaResponse } from "@/lib/media/media-schemas";

export type UploadState = {
  key: string;
  name: string;
  loaded: number;
  total: number;
  status: "waiting" | "uploading" | "processing" | "done" | "failed";
  /** The API's refusal (413 size, 415 type, 422 does not decode …) or a network failure. */
  error?: string;
};

/**
 * Uploads files one after another (the server processes a few at a time anyway), each with its own progress and
 * outcome. `onUploaded` runs after each stored file. Finished rows stay listed until `clearFinished`.
 */
export function useUploads(onUploaded: (item: MediaResponse) => void) {
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const queue = useRef(Promise.resolve());
  const counter = useRef(0);

  const update = useCallback((key: string, change: Partial<UploadState>) => {
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  const start = useCallback(
    (files: readonly File[]) => {
      const added = files.map((file) => ({ file, key: `u${++counter.current}` }));
      setUploads((all) => [
        ...all,
        ...added.map(({ file, key }) => ({
          key,
          name: file.name,
          loaded: 0,
          total: file.size,
          status: "waiting" as const,
        })),
      ]);
      for (const { file, key } of added) {
        queue.current = queue.current.then(async () => {
          update(key, { status: "uploading" });
          try {
            const item = await uploadFile(file, {
              onProgress: ({ loaded, total }) =>
                // All bytes sent: the server is now checking, re-encoding or probing the file.
                update(key, { loaded, total, status: loaded >= total ? "processing" : "uploading" }),
            });
            update(key, { status: "done", loaded: file.size });
            onUploaded(item);
          } catch (error) {
            update(key, { status: "failed", error: error instanceof Error ? error.message : String(error) });
          }
        });
      }
    },
    [onUploaded, update],
  );

  const clearFinished = useCallback(() => {
    setUploads((all) => all.filter((u) => u.status !== "done" && u.status !== "failed"));
  }, []);

  return { uploads, start, clearFinished };
}
