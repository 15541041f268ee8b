import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { publicRoute } from "@/lib/api/route";
import { mediaFileParams } from "@/lib/media/media-schemas";
import { verifyMediaSignature } from "@/lib/media/media-url-signature";
import { serveMediaObject } from "@/lib/media/serve-media-object";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const signedQuery = z.object({ exp: z.string().max(20), sig: z.string().max(128) });

// GET /media/:id/:variant?exp=&sig= – a media file for whoever holds an unexpired signed URL (platforms that fetch
// media themselves: Instagram, Threads, TikTok). No session: the signature is the authorisation.
export const GET = publicRoute({ params: mediaFileParams, query: signedQuery }, async ({ req, db, params, query }) => {
  const verdict = verifyMediaSignature({ mediaId: params.id, variant: params.variant, exp: query.exp, sig: query.sig });
  if (!verdict.ok)
    throw new ApiError(
      "forbidden",
      verdict.reason === "expired" ? "This media link has expired" : "This media link's signature is not valid",
    );
  const item = await db.mediaItem.findUnique({
    where: { id: params.id },
    select: { storageKey: true, thumbnailKey: true },
  });
  const key = params.variant === "original" ? item?.storageKey : item?.thumbnailKey;
  if (!key) throw new ApiError("not_found", "This media file no longer exists");
  const maxAge = Math.max(0, Number(query.exp) - Math.floor(Date.now() / 1000));
  return serveMediaObject({
    storage: getMediaStorage(),
    key,
    range: req.headers.get("range"),
    cacheControl: `public, max-age=${Math.min(maxAge, 3600)}`,
  });
});
