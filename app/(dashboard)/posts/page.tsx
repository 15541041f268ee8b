import type { Metadata } from "next";
import { Suspense } from "react";
import { PostsPage } from "@/components/posts/posts-page";

export const metadata: Metadata = { title: "Posts · Cadence" };

export default function Page() {
  // useSearchParams (the filters live in the URL) needs a Suspense boundary for the static shell.
  return (
    <Suspense>
      <PostsPage />
    </Suspense>
  );
}
