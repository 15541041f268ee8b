import type { Metadata } from "next";
import { TeamSection } from "@/components/settings/team/team-section";

export const metadata: Metadata = { title: "Team · Cadence" };

// Settings → Team: members, roles, removal and ownership transfer (the Team API, GET/PATCH/DELETE
// /api/workspace/members…, POST /api/workspace/ownership); invitations (GET/POST/DELETE /api/workspace/invitations…).
export default function Page() {
  return <TeamSection />;
}
