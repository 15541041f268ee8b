import { Suspense } from "react";
import { CalendarHome } from "@/components/calendar/calendar-home";

// The home page: the calendar of the active workspace. Data comes from the API with the session cookie.
// `?post=<id>` opens that post (useSearchParams, hence the Suspense boundary).
export default function CalendarPage() {
  return (
    <Suspense fallback={<div className="cal-skeleton" aria-hidden="true" />}>
      <CalendarHome />
    </Suspense>
  );
}
