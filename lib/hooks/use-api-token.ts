"use client";

import { useCallback, useSyncExternalStore } from "react";

// Until sign-in exists (issue 4) the dashboard authenticates with a workspace API token. It lives in
// sessionStorage only: gone when the tab closes, never in a cookie or localStorage.

const STORAGE_KEY = "cadence.apiToken";
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function read(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: the person enters the token again after a reload
  }
}

function write(token: string | null) {
  try {
    if (token) window.sessionStorage.setItem(STORAGE_KEY, token);
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: nothing to persist
  }
  for (const listener of listeners) listener();
}

/** `undefined` while the server renders (the token is unknown there), else the token or null. */
export function useApiToken() {
  const token = useSyncExternalStore<string | null | undefined>(subscribe, read, () => undefined);
  const setToken = useCallback((value: string) => write(value.trim()), []);
  const forgetToken = useCallback(() => write(null), []);
  return { token, setToken, forgetToken };
}
