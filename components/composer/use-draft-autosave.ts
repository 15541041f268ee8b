"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiRequestError, apiSend } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";
import type { PostInput } from "@/components/hooks/use-post-mutations";

/**
 * Marks the autosave's requests (header `x-cadence-autosave: draft`), so logs and browser tests can tell them from
 * the person's own Save and Schedule.
 */
export const AUTOSAVE_HEADER = { "x-cadence-autosave": "draft" };

/** How long typing must pause before a draft is saved. */
export const AUTOSAVE_DELAY_MS = 1200;

export type AutosaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "error"; message: string }
  /** The post moved on elsewhere (another tab, another person): autosave stops rather than overwrite it. */
  | { kind: "conflict"; message: string };

export type DraftFields = Pick<PostInput, "content" | "channelIds" | "channelContent" | "tags" | "media">;

/**
 * The composer's draft autosave (README "Composer"). When `enabled` (a new post or a DRAFT the person may write) and
 * `fields` stop changing for AUTOSAVE_DELAY_MS, it saves them: a new post with some text becomes a DRAFT (POST
 * /api/posts, never with a time), an existing draft is PATCHed with the `version` last read, so an edit saved
 * meanwhile in another tab is a 409 ("conflict": autosave stops) instead of being overwritten. A scheduled or
 * approved post is never autosaved (`enabled` false): saving it could send it back to review.
 *
 * `postId`/`version` are refs the composer's own Save and Schedule share: they call `settle()` first, so they never
 * race an autosave in flight (and never create a second post). `onSaved(fieldsKey)` runs after each autosave.
 */
export function useDraftAutosave({
  enabled,
  fields,
  initialPostId,
  initialVersion,
  onSaved,
}: {
  enabled: boolean;
  fields: DraftFields;
  initialPostId: string | undefined;
  initialVersion: number;
  onSaved: (post: PostView, fieldsKey: string) => void;
}) {
  const queryClient = useQueryClient();
  const postId = useRef(initialPostId);
  const version = useRef(initialVersion);
  const inFlight = useRef<Promise<void> | null>(null);
  const key = JSON.stringify(fields);
  const savedKey = useRef(key);
  const [state, setState] = useState<AutosaveState>({ kind: "idle" });
  const latest = useRef({ fields, onSaved });
  latest.current = { fields, onSaved };
  const stopped = state.kind === "conflict";

  const run = useCallback(
    async (sentKey: string) => {
      const { fields: body } = latest.current;
      setState({ kind: "saving" });
      try {
        const saved = postId.current
          ? await apiSend<PostView>(
              "PATCH",
              `/api/posts/${postId.current}`,
              { ...body, version: version.current },
              AUTOSAVE_HEADER,
            )
          : await apiSend<PostView>("POST", "/api/posts", { ...body, mediaUrls: [] }, AUTOSAVE_HEADER);
        postId.current = saved.id;
        version.current = saved.version;
        savedKey.current = sentKey;
        setState({ kind: "saved", at: new Date() });
        latest.current.onSaved(saved, sentKey);
        void queryClient.invalidateQueries({ queryKey: POSTS_KEY });
      } catch (error) {
        const message = error instanceof Error ? error.message : "Something went wrong";
        if (error instanceof ApiRequestError && error.status === 409) setState({ kind: "conflict", message });
        else setState({ kind: "error", message });
      }
    },
    [queryClient],
  );

  useEffect(() => {
    if (!enabled || stopped || key === savedKey.current) return;
    if (!postId.current && latest.current.fields.content.trim() === "") return;
    const timer = setTimeout(() => {
      const previous = inFlight.current ?? Promise.resolve();
      const next = previous.then(() => run(key));
      inFlight.current = next;
      void next.finally(() => {
        if (inFlight.current === next) inFlight.current = null;
      });
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [enabled, stopped, key, run]);

  /** Waits for an autosave in flight (Save and Schedule call it before writing). */
  const settle = useCallback(async () => {
    await inFlight.current?.catch(() => undefined);
  }, []);

  return { state, postId, version, settle, key };
}
