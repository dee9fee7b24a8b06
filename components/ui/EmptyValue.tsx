import { VisuallyHidden } from './VisuallyHidden';

/** An empty cell or field: an em dash on screen and paper, "None" for screen readers. */
export function EmptyValue() {
  return (
    <span className="empty-value">
      <span aria-hidden="true">—</span>
      <VisuallyHidden>None</VisuallyHidden>
    </span>
  );
}
