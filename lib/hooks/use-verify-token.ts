"use client";

import { useMutation } from "@tanstack/react-query";
import { apiGet } from "@/lib/hooks/api-fetch";

/** Checks a token against the API before the dashboard shows anything: a cheap authenticated read. */
export function useVerifyToken() {
  return useMutation({
    mutationFn: async (token: string) => {
      await apiGet<unknown>("/api/channels", token);
      return token;
    },
    retry: false,
  });
}
