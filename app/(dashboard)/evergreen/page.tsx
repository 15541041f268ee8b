import type { Metadata } from "next";
import { EvergreenPage } from "@/components/evergreen/evergreen-page";

export const metadata: Metadata = { title: "Evergreen · Cadence" };

export default function Page() {
  return <EvergreenPage />;
}
