import type { PlanStatus } from '@/db/schema';
import { Badge } from '@/components/ui/Badge';
import { VisuallyHidden } from '@/components/ui/VisuallyHidden';
import { planStatusLabel, planStatusTone } from './labels';

/** "Draft", "In review", "Ratified" or "Archived", with a screen-reader prefix "Status:". */
export function PlanStatusBadge({ status }: { status: PlanStatus }) {
  return (
    <Badge tone={planStatusTone[status]} className="plan-status">
      <VisuallyHidden>Status: </VisuallyHidden>
      {planStatusLabel[status]}
    </Badge>
  );
}
