/**
 * A modal Radix Dialog's `onInteractOutside`: a click on a toast (or the focus it takes) is not a click outside that
 * closes the dialog — a person pressing a toast's "Undo" while the composer is open keeps the composer.
 */
export function keepOpenOnToast(event: { target: EventTarget | null; preventDefault: () => void }): void {
  if (event.target instanceof Element && event.target.closest("[data-sonner-toaster]")) event.preventDefault();
}
