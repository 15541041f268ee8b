import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { publicRoute } from "@/lib/api/route";
import { publicMediaFileParams } from "@/lib/media/media-schemas";
import { verifyMediaSignature } from "@/lib/media/media-url-signature";
import { serveMediaObject } from "@/lib/media/serve-media-object";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const signedQuery = z.object({ exp: z.string().max(20), sig: z.string().max(128) });

// GET /media/:id/:variant?exp=&sig= – a media file for whoever holds an unexpired signed URL (platforms that fetch
// media themselves: Instagram, Threads, TikTok); :variant is original, thumbnail or a re-encoded copy's purpose
// (the JPEG Instagram gets of a PNG). No session: the signature is the authorisation.
export const GET = publicRoute(
  { params: publicMediaFileParams, query: signedQuery },
  async ({ req, db, params, query }) => {
    const verdict = verifyMediaSignature({
      mediaId: params.id,
      variant: params.variant,
      exp: query.exp,
      sig: query.sig,
    });
    if (!verdict.ok)
      throw new ApiError(
        "forbidden",
        verdict.reason === "expired" ? "This media link has expired" : "This media link's signature is not valid",
      );
    let key: string | null | undefined;
    if (params.variant === "original" || params.variant === "thumbnail") {
      const item = await db.mediaItem.findUnique({
        where: { id: params.id },
        select: { storageKey: true, thumbnailKey: true },
      });
      key = params.variant === "original" ? item?.storageKey : item?.thumbnailKey;
    } else {
      // A re-encoded copy (MediaVariant) by its purpose: only a signed URL names one, so it was handed out on purpose.
      const copy = await db.mediaVariant.findUnique({
        where: { mediaId_purpose: { mediaId: params.id, purpose: params.variant } },
        select: { storageKey: true },
      });
      key = copy?.storageKey;
    }
    if (!key) throw new ApiError("not_found", "This media file no longer exists");
    const maxAge = Math.max(0, Number(query.exp) - Math.floor(Date.now() / 1000));
    return serveMediaObject({
      storage: getMediaStorage(),
      key,
      range: req.headers.get("range"),
      cacheControl: `public, max-age=${Math.min(maxAge, 3600)}`,
    });
  },
);
