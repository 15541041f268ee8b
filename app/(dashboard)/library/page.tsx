import type { Metadata } from "next";
import { Suspense } from "react";
import { LibraryPage } from "@/components/library/library-page";
import { LoadingRows } from "@/components/ui/panel-state";

export const metadata: Metadata = { title: "Media · Cadence" };

// The Media page. At /library, not /media: /media/:id/:variant is the signed public file route (app/media).
export default function Page() {
  return (
    // useSearchParams (the search and filter live in the URL) needs a Suspense boundary.
    <Suspense fallback={<LoadingRows rows={4} label="Loading the media library…" />}>
      <LibraryPage />
    </Suspense>
  );
}
