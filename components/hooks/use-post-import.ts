"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiSend } from "@/components/hooks/api-fetch";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";

/** One row of POST /api/posts/import/preview (lib/imports/check-import-rows.ts CheckedImportRow). */
export type ImportPreviewRow = {
  row: number;
  text: string;
  channels: string[];
  channelNames: string[];
  time: string;
  scheduledAt: string | null;
  timezone: string;
  tags: string[];
  mediaUrls: string[];
  problems: string[];
};
export type ImportPreview = { fileProblems: string[]; rows: ImportPreviewRow[]; validRows: number; ok: boolean };
export type ImportResult = { imported: number; postIds: string[]; status: "SCHEDULED" | "IN_REVIEW" };

/** POST /api/posts/import/preview: what importing this CSV would do; writes nothing. */
export function usePreviewImport() {
  return useMutation({
    mutationFn: (csv: string) => apiSend<ImportPreview>("POST", "/api/posts/import/preview", { csv }),
  });
}

/** POST /api/posts/import: all or nothing; the calendar's posts are refetched after it. */
export function useImportPosts() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) => apiSend<ImportResult>("POST", "/api/posts/import", { csv }),
    onSuccess: () => client.invalidateQueries({ queryKey: POSTS_KEY }),
  });
}
