/**
 * The toast after a queue reorder of `moved` posts (the span POST /api/queue/reorder was sent, README "Queue"): two
 * posts swap times; with more, the dragged post takes the other end's time and the ones between move one place each
 * (so "swapped" would be untrue).
 */
export function reorderedMessage(moved: number): string {
  if (moved <= 2) return "Reordered: the two posts swapped times";
  const between = moved - 1;
  return `Reordered: the post took its new time and ${between} ${between === 1 ? "post" : "posts"} moved one place`;
}
