import { Button } from '@/components/ui/Button';
import { VisuallyHidden } from '@/components/ui/VisuallyHidden';

/**
 * A small quiet button of the editor's controls ("Edit", "Move up", "History"…): `label` on screen,
 * followed by `hidden` for screen readers, naming what it acts on.
 */
export function ControlButton({
  id,
  label,
  hidden,
  onClick,
  disabled,
  testId,
  opens,
}: {
  id: string;
  label: string;
  hidden: string;
  onClick: () => void;
  disabled?: boolean;
  testId?: string;
  /** The form the button opens: sets aria-expanded, and aria-controls while the form is open. */
  opens?: { formId: string; open: boolean };
}) {
  return (
    <Button
      id={id}
      variant="quiet"
      size="small"
      className="editor-controls__button"
      disabled={disabled}
      data-testid={testId}
      aria-expanded={opens?.open}
      aria-controls={opens?.open ? opens.formId : undefined}
      onClick={onClick}
    >
      {label}
      <VisuallyHidden> {hidden}</VisuallyHidden>
    </Button>
  );
}
