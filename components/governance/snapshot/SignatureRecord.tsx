import type { GivenSignatureView, SignatureLineView } from '@/lib/presenters/governance';
import { londonTime, utcIso } from './format';

function When({ iso }: { iso: string }) {
  return (
    <>
      <time dateTime={utcIso(iso)} className="signature-record__utc">
        {utcIso(iso)}
      </time>
      <span className="signature-record__local">{londonTime(iso)}</span>
    </>
  );
}

function HashSigned({ signature, snapshotHash }: { signature: GivenSignatureView; snapshotHash: string }) {
  const matches = signature.snapshotHash === snapshotHash;
  return (
    <>
      <code className="hash">{signature.snapshotHash || '(none recorded)'}</code>
      <span className={`signature-record__match signature-record__match--${matches ? 'yes' : 'no'}`}>
        {matches ? 'The hash of this snapshot' : 'Not the hash of this snapshot'}
      </span>
    </>
  );
}

function SignatureRow({ line, signature, snapshotHash }: { line: SignatureLineView; signature: GivenSignatureView; snapshotHash: string }) {
  return (
    <tr className={signature.withdrawal ? 'signature-record__row signature-record__row--withdrawn' : 'signature-record__row'}>
      <th scope="row">
        {line.roleLabel}
        <span className="signature-record__school">{line.schoolName}</span>
      </th>
      <td>{signature.name}</td>
      <td>
        <When iso={signature.signedAt} />
      </td>
      <td>
        <HashSigned signature={signature} snapshotHash={snapshotHash} />
      </td>
      <td>
        {signature.withdrawal ? (
          <>
            <strong>Withdrawn</strong> <When iso={signature.withdrawal.withdrawnAt} />
            <span className="signature-record__reason">Reason: {signature.withdrawal.reason}</span>
          </>
        ) : (
          <strong>Stands</strong>
        )}
      </td>
    </tr>
  );
}

/**
 * Every signature line of a review with every signature given on it, standing or withdrawn, its
 * exact time (UTC and UK local) and the snapshot hash the signer signed.
 */
export function SignatureRecord({ lines, snapshotHash, caption }: { lines: readonly SignatureLineView[]; snapshotHash: string; caption: string }) {
  const sorted = [...lines].sort((a, b) => a.position - b.position);
  return (
    <div className="table-scroll">
      <table className="signature-record">
        <caption className="signature-record__caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Signed by</th>
            <th scope="col">Signed at (UTC, then UK time)</th>
            <th scope="col">SHA-256 signed</th>
            <th scope="col">Standing</th>
          </tr>
        </thead>
        <tbody>
          {sorted.flatMap((line) => {
            // Oldest first: withdrawn signatures came before the one standing now.
            const given = [...line.withdrawn, ...(line.signature ? [line.signature] : [])];
            const rows = given.map((signature) => <SignatureRow key={signature.id} line={line} signature={signature} snapshotHash={snapshotHash} />);
            if (!line.signature) {
              rows.push(
                <tr key={line.id} className="signature-record__row signature-record__row--waiting">
                  <th scope="row">
                    {line.roleLabel}
                    <span className="signature-record__school">{line.schoolName}</span>
                  </th>
                  <td colSpan={4}>{given.length ? 'Not signed again since the withdrawal' : 'Not signed yet'}</td>
                </tr>,
              );
            }
            return rows;
          })}
        </tbody>
      </table>
    </div>
  );
}
