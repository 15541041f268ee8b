import type { Metadata } from "next";
import { Suspense } from "react";
import { QueuePage } from "@/components/queue/queue-page";

export const metadata: Metadata = { title: "Queue · Cadence" };

export default function Page() {
  // useSearchParams (the chosen channel lives in the URL) needs a Suspense boundary for the static shell.
  return (
    <Suspense>
      <QueuePage />
    </Suspense>
  );
}
