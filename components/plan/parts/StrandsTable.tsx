import { Fragment, type ReactNode } from 'react';
import type { StrandView } from '@/lib/presenters/types';

/**
 * The strands section: the five-column plan table in its scrolling region, one row per strand
 * from `renderStrand`. `children` go after the table (the editor's add form).
 */
export function StrandsSection({
  idBase,
  impactAsOf,
  strands,
  renderStrand,
  regionId,
  children,
}: {
  idBase: string;
  impactAsOf: string | null;
  /** In display order. */
  strands: readonly StrandView[];
  renderStrand: (strand: StrandView, index: number, strands: readonly StrandView[]) => ReactNode;
  /** The scrolling region's id, for the editor to move focus to. */
  regionId?: string;
  children?: ReactNode;
}) {
  return (
    <section className="plan-section plan-strands" aria-labelledby={`${idBase}-strands`}>
      <div
        id={regionId}
        className="table-scroll"
        role="region"
        tabIndex={0}
        aria-label="Plan table: strands, actions and impact. Scroll sideways to see every column."
      >
        <table className="plan-table">
          <caption id={`${idBase}-strands`} className="plan-table__caption">
            The plan by strand
          </caption>
          <colgroup>
            <col className="plan-table__col plan-table__col--reference" />
            <col className="plan-table__col plan-table__col--key" />
            <col className="plan-table__col plan-table__col--actions" />
            <col className="plan-table__col plan-table__col--intended" />
            <col className="plan-table__col plan-table__col--impact" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Collaboration objective reference</th>
              <th scope="col">Key objective/action</th>
              <th scope="col">Specific actions to achieve key objectives</th>
              <th scope="col">The intended outcome/impact</th>
              <th scope="col">Impact to date{impactAsOf ? ` (${impactAsOf})` : ''}</th>
            </tr>
          </thead>
          <tbody>
            {strands.length > 0 ? (
              strands.map((strand, index) => <Fragment key={strand.id}>{renderStrand(strand, index, strands)}</Fragment>)
            ) : (
              <tr>
                <td colSpan={5} className="plan-table__empty">
                  This plan has no strands yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {children}
    </section>
  );
}
