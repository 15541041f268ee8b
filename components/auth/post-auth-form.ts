/** The outcome of a JSON POST from an auth page: ok, or the API's message and per-field messages. */
export type AuthFormResult =
  | { ok: true; body: unknown }
  | { ok: false; status: number; message: string; fields: Record<string, string> };

/** POSTs `body` as JSON (same origin, the cookie goes along) and reads the API's answer or error shape. */
export async function postAuthForm(url: string, body: unknown): Promise<AuthFormResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    return {
      ok: false,
      status: 0,
      message: "Cannot reach the Cadence server. Check your connection and try again.",
      fields: {},
    };
  }
  const json = (await res.json().catch(() => null)) as {
    error?: { message?: string; details?: { path?: string; message?: string }[] };
  } | null;
  if (res.ok) return { ok: true, body: json };
  const fields: Record<string, string> = {};
  if (Array.isArray(json?.error?.details))
    for (const d of json.error.details) if (d.path && d.message) fields[d.path] = d.message;
  return { ok: false, status: res.status, message: json?.error?.message ?? `Request failed (${res.status})`, fields };
}
