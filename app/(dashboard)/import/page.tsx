import type { Metadata } from "next";
import { ImportPage } from "@/components/import/import-page";

export const metadata: Metadata = { title: "Import and export · Cadence" };

export default function Page() {
  return <ImportPage />;
}
