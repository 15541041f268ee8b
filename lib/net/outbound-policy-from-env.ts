import { getEnv } from "@/lib/env";
import { type OutboundPolicy, parseAllowCidrs } from "@/lib/net/outbound-guard";

/** The operator's outbound policy (OUTBOUND_ALLOW_CIDRS, README "Webhooks"); public addresses only by default. */
export function outboundPolicyFromEnv(): OutboundPolicy {
  return { allowCidrs: parseAllowCidrs(getEnv().OUTBOUND_ALLOW_CIDRS) };
}
