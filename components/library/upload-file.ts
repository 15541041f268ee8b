import { ApiRequestError } from "@/components/hooks/api-fetch";
import type { MediaResponse } from "@/lib/media/media-schemas";

/** Bytes sent so far and in all (the browser's upload progress events). */
export type UploadProgress = { loaded: number; total: number };

/**
 * Uploads one file to POST /api/media as the raw request body (not multipart), with its name in `?name=` and its
 * type as Content-Type, through XMLHttpRequest because fetch reports no upload progress. The session cookie goes
 * along (same origin); the browser adds the Origin header the API checks on cookie writes. Resolves to the new item
 * (201); rejects with ApiRequestError carrying the API's message (413 over the size limit, 415 a refused type, 422
 * a file that does not decode), status 0 for a network failure, or an AbortError when `signal` aborts.
 */
export function uploadFile(
  file: File,
  { onProgress, signal }: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<MediaResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/media?${new URLSearchParams({ name: file.name })}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      let body: { error?: { code?: string; message?: string } } | MediaResponse | undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status === 201 && body && "id" in body) return resolve(body);
      const error = body && "error" in body ? body.error : undefined;
      reject(
        new ApiRequestError(
          xhr.status,
          error?.code ?? "http_error",
          error?.message ?? `${xhr.status} ${xhr.statusText || "upload failed"}`,
        ),
      );
    };
    xhr.onerror = () => reject(new ApiRequestError(0, "network", "Cannot reach the Cadence server"));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    if (signal) {
      if (signal.aborted) return reject(new DOMException("Upload cancelled", "AbortError"));
      signal.addEventListener("abort", () => xhr.abort(), { once: true });
    }
    xhr.send(file);
  });
}
