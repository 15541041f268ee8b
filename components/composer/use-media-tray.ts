"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useReducer, useRef } from "react";
import {
  type TrayEntry,
  type TrayMedia,
  trayReducer,
  uploadErrorText,
  uploadsToStart,
} from "@/components/composer/media-tray-state";
import { ApiRequestError } from "@/components/hooks/api-fetch";
import type { MediaView } from "@/components/hooks/api-types";
import { uploadMediaFile } from "@/components/hooks/upload-media-file";
import { MEDIA_KEY } from "@/components/hooks/use-media-library";

/** A library answer (GET/POST /api/media) or a post's media item → what the tray keeps of it. */
export function toTrayMedia(item: Omit<TrayMedia, "name"> & { name?: string | null }): TrayMedia {
  return {
    id: item.id,
    name: item.name ?? null,
    kind: item.kind,
    mimeType: item.mimeType,
    bytes: item.bytes,
    width: item.width,
    height: item.height,
    durationMs: item.durationMs,
    thumbnailUrl: item.thumbnailUrl,
  };
}

let uploadCounter = 0;

/**
 * The composer's media: `entries` in order (see media-tray-state.ts) and what changes them. Files are uploaded
 * through POST /api/media, at most MAX_PARALLEL_UPLOADS at once, each with its own progress, cancel and refusal;
 * a finished upload refreshes the library picker's list. Unmounting (the composer closing) cancels what is left.
 * `previews` holds a local object URL per image still uploading, for its thumbnail until the server's exists.
 */
export function useMediaTray(initial: readonly { media: TrayMedia; altText: string | null }[]) {
  const [entries, dispatch] = useReducer(trayReducer, initial, (items) =>
    trayReducer([], { type: "add", media: [...items] }),
  );
  const files = useRef(new Map<string, File>());
  const controllers = useRef(new Map<string, AbortController>());
  const previews = useRef(new Map<string, string>());
  const queryClient = useQueryClient();

  const forget = useCallback((key: string) => {
    files.current.delete(key);
    controllers.current.delete(key);
    const preview = previews.current.get(key);
    if (preview) URL.revokeObjectURL(preview);
    previews.current.delete(key);
  }, []);

  useEffect(() => {
    for (const key of uploadsToStart(entries)) {
      const file = files.current.get(key);
      if (!file || controllers.current.has(key)) continue;
      const controller = new AbortController();
      controllers.current.set(key, controller);
      dispatch({ type: "start", key });
      uploadMediaFile(file, {
        signal: controller.signal,
        onProgress: (loaded) => dispatch({ type: "progress", key, loaded }),
      })
        .then((item: MediaView) => {
          dispatch({ type: "uploaded", key, media: toTrayMedia(item) });
          void queryClient.invalidateQueries({ queryKey: MEDIA_KEY });
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          const text =
            error instanceof ApiRequestError
              ? uploadErrorText(error.status, error.message)
              : uploadErrorText(0, error instanceof Error ? error.message : "upload failed");
          dispatch({ type: "failed", key, error: text });
        })
        .finally(() => forget(key));
    }
  }, [entries, queryClient, forget]);

  useEffect(() => {
    const running = controllers.current;
    const urls = previews.current;
    return () => {
      for (const controller of running.values()) controller.abort();
      for (const url of urls.values()) URL.revokeObjectURL(url);
    };
  }, []);

  /** Queues files for upload, in the given order, after what the tray holds. */
  const addFiles = useCallback((list: readonly File[]) => {
    if (list.length === 0) return;
    const queued = list.map((file) => {
      uploadCounter += 1;
      const key = `upload:${uploadCounter}`;
      files.current.set(key, file);
      if (file.type.startsWith("image/")) previews.current.set(key, URL.createObjectURL(file));
      return { key, name: file.name || "pasted image", bytes: file.size };
    });
    dispatch({ type: "queue", files: queued });
  }, []);

  /** Removes an entry; an upload still running is cancelled. */
  const remove = useCallback(
    (key: string) => {
      controllers.current.get(key)?.abort();
      forget(key);
      dispatch({ type: "remove", key });
    },
    [forget],
  );

  const addFromLibrary = useCallback((items: readonly TrayMedia[]) => {
    dispatch({ type: "add", media: items.map((media) => ({ media })) });
  }, []);
  const move = useCallback((key: string, to: number) => dispatch({ type: "move", key, to }), []);
  const setAltText = useCallback((key: string, altText: string) => dispatch({ type: "alt", key, altText }), []);

  return {
    entries: entries as readonly TrayEntry[],
    previewOf: (key: string) => previews.current.get(key),
    addFiles,
    addFromLibrary,
    remove,
    move,
    setAltText,
  };
}
