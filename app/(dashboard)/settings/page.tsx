import { redirect } from "next/navigation";

// Settings has one page so far: Channels.
export default function Page() {
  redirect("/settings/channels");
}
