import { useEffect, useState } from "preact/hooks";

const PAGE_SIZE = 25;

/** Client-side paging of a list the API returns whole: the current page's items and the control. */
export function usePaged<T>(items: readonly T[], size = PAGE_SIZE) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(items.length / size));
  useEffect(() => {
    if (page >= pages) setPage(pages - 1);
  }, [page, pages]);
  const shown = items.slice(page * size, (page + 1) * size);
  const control =
    pages > 1 ? (
      <Pager label={`Page ${page + 1} of ${pages}`} onPrevious={page > 0 ? () => setPage(page - 1) : undefined} onNext={page + 1 < pages ? () => setPage(page + 1) : undefined} />
    ) : null;
  return { shown, control };
}

/** Previous / next buttons; a missing handler disables its button. */
export function Pager({ label, onPrevious, onNext }: { label: string; onPrevious?: () => void; onNext?: () => void }) {
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={!onPrevious} onClick={onPrevious}>
        ← Previous
      </button>
      <span>{label}</span>
      <button type="button" disabled={!onNext} onClick={onNext}>
        Next →
      </button>
    </nav>
  );
}
