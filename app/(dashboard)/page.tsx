import { CalendarHome } from "@/components/calendar/calendar-home";

// The home page: the calendar of the active workspace. Data comes from the API with the session cookie.
export default function CalendarPage() {
  return <CalendarHome />;
}
