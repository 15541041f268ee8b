import { ApiRequestError } from "@/components/hooks/api-fetch";
import type { MediaView } from "@/components/hooks/api-types";

/**
 * POST /api/media with one file as the raw body (`?name=` its file name, Content-Type its type), through
 * XMLHttpRequest because fetch reports no upload progress. `onProgress(loaded, total)` is called in bytes as the
 * body leaves. Resolves to the stored item (201); rejects with ApiRequestError carrying the server's status and
 * message (413 too large, 415 type not accepted, 422 unreadable), status 0 for a network failure, or a DOMException
 * "AbortError" when `signal` aborts (the request is cancelled).
 */
export function uploadMediaFile(
  file: Blob & { name?: string },
  { onProgress, signal }: { onProgress?: (loaded: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<MediaView> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException("Upload cancelled", "AbortError"));
      return;
    }
    const xhr = new XMLHttpRequest();
    const name = file.name || "upload";
    xhr.open("POST", `/api/media?name=${encodeURIComponent(name)}`);
    xhr.withCredentials = true;
    xhr.responseType = "text";
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    const onAbort = () => xhr.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    xhr.onabort = () => {
      done();
      reject(new DOMException("Upload cancelled", "AbortError"));
    };
    xhr.onerror = () => {
      done();
      reject(new ApiRequestError(0, "network", "The upload was interrupted: the Cadence server could not be reached"));
    };
    xhr.onload = () => {
      done();
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201 || xhr.status === 200) {
        resolve(body as MediaView);
        return;
      }
      const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      reject(
        new ApiRequestError(
          xhr.status,
          error?.code ?? "http_error",
          error?.message ?? `${xhr.status} ${xhr.statusText || "upload failed"}`,
        ),
      );
    };
    xhr.send(file);
  });
}
