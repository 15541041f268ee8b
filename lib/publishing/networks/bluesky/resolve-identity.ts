import { z } from "zod";

/** An account's identity as its DID document states it. */
export type BlueskyIdentity = { did: string; handle: string | null; pdsUrl: string };

/** Why an identifier cannot be resolved: `message` names the identifier and what answered. */
export class IdentityResolutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdentityResolutionError";
  }
}

const didDocumentSchema = z.object({
  id: z.string(),
  alsoKnownAs: z.array(z.string()).optional(),
  service: z
    .array(z.object({ id: z.string(), type: z.string(), serviceEndpoint: z.union([z.string(), z.unknown()]) }))
    .optional(),
});

const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const DID = /^did:(plc|web):[a-zA-Z0-9._:%-]+$/;

/**
 * Resolves what a person typed to connect (a handle such as `alice.bsky.social` or `@alice.bsky.social`, or a DID)
 * to the account's DID and PDS, as the AT Protocol specifies (https://atproto.com/specs/handle,
 * https://atproto.com/specs/did): a handle through `com.atproto.identity.resolveHandle` of `service` (bsky.social
 * resolves any handle; a self-hosted PDS its own); then the DID document — did:plc from the PLC directory
 * (`plcUrl`, https://web.plc.directory/spec/v0.1/did-plc), did:web from `https://<host>/.well-known/did.json` —
 * whose `#atproto_pds` service entry is the PDS URL. `fetch` must be the guarded one (lib/net/create-guarded-fetch.ts).
 * Throws IdentityResolutionError naming the identifier (not a handle/DID, unknown handle, no DID document, no PDS).
 */
export async function resolveBlueskyIdentity({
  identifier,
  service,
  plcUrl,
  fetch,
  signal,
}: {
  identifier: string;
  service: string;
  plcUrl: string;
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal;
}): Promise<BlueskyIdentity> {
  const input = identifier.trim().replace(/^@/, "");
  let did: string;
  if (input.startsWith("did:")) {
    if (!DID.test(input)) throw new IdentityResolutionError(`${input} is not a did:plc or did:web DID`);
    did = input;
  } else {
    if (!HANDLE.test(input)) throw new IdentityResolutionError(`${identifier} is neither a handle nor a DID`);
    did = await resolveHandle(input.toLowerCase(), service, fetch, signal);
  }
  const docUrl = did.startsWith("did:plc:")
    ? `${plcUrl.replace(/\/+$/, "")}/${encodeURIComponent(did)}`
    : `https://${decodeURIComponent(did.slice("did:web:".length))}/.well-known/did.json`;
  const doc = didDocumentSchema.safeParse(await getJson(docUrl, fetch, signal, `the DID document of ${did}`));
  if (!doc.success || doc.data.id !== did) throw new IdentityResolutionError(`the DID document of ${did} is not valid`);
  const pds = doc.data.service?.find(
    (s) => (s.id === "#atproto_pds" || s.id === `${did}#atproto_pds`) && s.type === "AtprotoPersonalDataServer",
  );
  if (!pds || typeof pds.serviceEndpoint !== "string" || !/^https?:\/\//.test(pds.serviceEndpoint)) {
    throw new IdentityResolutionError(`the DID document of ${did} names no PDS`);
  }
  const aka = doc.data.alsoKnownAs?.find((a) => a.startsWith("at://"));
  return { did, handle: aka ? aka.slice("at://".length) : null, pdsUrl: pds.serviceEndpoint.replace(/\/+$/, "") };
}

async function resolveHandle(handle: string, service: string, fetch: typeof globalThis.fetch, signal?: AbortSignal) {
  const url = new URL("/xrpc/com.atproto.identity.resolveHandle", service);
  url.searchParams.set("handle", handle);
  const unknown = `${service} does not know the handle ${handle} (check it, or name the server it lives on)`;
  const answer = await getJson(url.toString(), fetch, signal, `handle ${handle} at ${service}`, unknown);
  const did = z.object({ did: z.string().regex(DID) }).safeParse(answer);
  if (!did.success) throw new IdentityResolutionError(unknown);
  return did.data.did;
}

async function getJson(
  url: string,
  fetch: typeof globalThis.fetch,
  signal: AbortSignal | undefined,
  what: string,
  notFound = `${what} does not exist`,
) {
  const timeout = AbortSignal.timeout(10_000);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: "application/json" },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (err) {
    throw new IdentityResolutionError(`could not read ${what}: ${(err as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    if (res.status === 400 || res.status === 404) throw new IdentityResolutionError(notFound);
    throw new IdentityResolutionError(`could not read ${what}: it answered ${res.status}`);
  }
  try {
    return (await res.json()) as unknown;
  } catch {
    throw new IdentityResolutionError(`could not read ${what}: the answer is not JSON`);
  }
}
