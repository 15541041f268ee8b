import { GraphApiError } from "@/lib/publishing/networks/meta/graph-fetch";
import { graphErrorMessage, mapGraphError } from "@/lib/publishing/networks/meta/map-graph-error";
import { PublishError } from "@/lib/publishing/networks/types";

// Instagram's error codes: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes

/** Subcodes whose recommended solution is "try again" or "generate a new container" (error codes page). */
const TRY_AGAIN_SUBCODES = new Set([2207001, 2207003, 2207020, 2207027, 2207032, 2207053]);
/** The account is restricted, inactive or checkpointed and cannot publish (error codes page, 2207050). */
const INELIGIBLE_SUBCODES = new Set([2207050]);
/** Spam or community restriction on the publishing action (error codes page, 2207051). */
const RESTRICTED_SUBCODES = new Set([2207051]);

/** The 24-hour publishing limit is reached (code 9, subcode 2207042: error codes page). */
export function isPublishingQuotaError(err: unknown): boolean {
  return err instanceof GraphApiError && err.subcode === 2207042;
}

/**
 * A node that does not exist for this token or does not support the call: code 100 subcode 33 "Unsupported get/post
 * request" (https://developers.facebook.com/docs/graph-api/guides/error-handling). On the IG user node it means the
 * account is not an Instagram professional account the Page token reaches: "The Instagram API with Facebook Login
 * cannot access Instagram consumer accounts" (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login).
 */
export function isUnsupportedNodeError(err: unknown): boolean {
  return err instanceof GraphApiError && err.code === 100 && err.subcode === 33;
}

/** Meta's words for any failure (a GraphApiError's message and codes, or the network's error), for messages. */
export function instagramErrorText(err: unknown): string {
  if (err instanceof GraphApiError) return graphErrorMessage(err);
  const cause = (err as { cause?: { code?: string } })?.cause?.code;
  return cause ?? (err as Error)?.message ?? String(err);
}

/**
 * A failed Graph call of the Instagram steps as a PublishError (for steps safe to repeat: container creation — an
 * unpublished container expires by itself after 24 hours —, status reads, lookups); `what` names the step. Instagram's
 * own codes first, from the error codes page:
 * - 100/33 on the account (a personal account) and subcode 2207050 (restricted or inactive) → permanent
 *   "account not eligible";
 * - subcode 2207042 (the 24-hour publishing limit) → permanent, saying so;
 * - subcode 2207051 (restricted as spam) → permanent, Meta's policy;
 * - the "try again" subcodes 2207001, 2207003, 2207020, 2207027, 2207032, 2207053 → transient;
 * - every other 2207xxx (media refused: 9004/2207052 could not fetch the URL, 36000/2207004 too large, 36001/2207005
 *   format, 36003/2207009 aspect ratio, 352/2207026 video format, …) → permanent with Meta's message.
 * Everything else goes through the shared Meta mapping (mapGraphError: 190 → reconnect, throttling transient with
 * the usage headers' wait, 5xx transient, …).
 */
export function mapInstagramError(err: unknown, what: string): PublishError {
  if (!(err instanceof GraphApiError)) return mapGraphError(err, what);
  const said = `${what}: ${graphErrorMessage(err)}`;
  const httpStatus = err.httpStatus;
  const subcode = err.subcode;
  if (isUnsupportedNodeError(err) || (subcode !== undefined && INELIGIBLE_SUBCODES.has(subcode))) {
    return new PublishError(
      "permanent",
      "account not eligible: Instagram publishes only through professional (business or creator) accounts linked " +
        `to a Facebook Page, and this account is not one now (${said})`,
      { httpStatus },
    );
  }
  if (isPublishingQuotaError(err)) {
    return new PublishError("permanent", `Instagram's 24-hour publishing limit is reached (${said})`, { httpStatus });
  }
  if (subcode !== undefined && RESTRICTED_SUBCODES.has(subcode)) {
    return new PublishError("permanent", `Instagram restricted this as possible spam (${said})`, { httpStatus });
  }
  if (subcode !== undefined && TRY_AGAIN_SUBCODES.has(subcode)) {
    return new PublishError("transient", said, { httpStatus });
  }
  if (subcode !== undefined && subcode >= 2207000 && subcode <= 2207999) {
    return new PublishError("permanent", `Instagram refused the media (${said})`, { httpStatus });
  }
  return mapGraphError(err, what);
}
