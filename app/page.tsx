import { DashboardClient } from "@/app/dashboard-client";

// The dashboard reads everything through the API with the person's token, so nothing is rendered from the
// database on the server: without a valid token the page holds no workspace data.
export default function HomePage() {
  return <DashboardClient />;
}
