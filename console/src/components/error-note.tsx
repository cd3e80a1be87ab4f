/** An API error in plain words, announced to screen readers. */
export function ErrorNote({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p class="note error" role="alert">
      {message}
    </p>
  );
}
