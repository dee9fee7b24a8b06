import type { GovernanceSettingsView } from '@/lib/queries/governance-settings';

/** The partnership's rules, read-only, for members who do not manage them (and for print). */
export function GovernanceRulesSummary({ settings }: { settings: GovernanceSettingsView }) {
  const { rules, options } = settings;
  const roleLabel = (value: string) => options.signingRoles.find((r) => r.value === value)?.label ?? value;
  const ruleLabel = (value: string) => options.approvalRules.find((r) => r.value === value)?.label ?? value;
  return (
    <div className="governance-rules" data-testid="governance-rules">
      <h3 className="governance-rules__heading">Who signs each kind of review</h3>
      <table className="data-table">
        <caption className="visually-hidden">Roles that sign each kind of review, at every partner school</caption>
        <thead>
          <tr>
            <th scope="col">Review</th>
            <th scope="col">Signed at every partner school by</th>
          </tr>
        </thead>
        <tbody>
          {options.reviewKinds.map((kind) => (
            <tr key={kind.value}>
              <th scope="row">{kind.label}</th>
              <td>{rules.signatures[kind.value].map(roleLabel).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="governance-rules__heading">Who approves each kind of decision</h3>
      <table className="data-table">
        <caption className="visually-hidden">Who must approve each kind of JCC recommendation</caption>
        <thead>
          <tr>
            <th scope="col">Decision</th>
            <th scope="col">Approved by</th>
          </tr>
        </thead>
        <tbody>
          {options.recommendationTypes.map((type) => (
            <tr key={type.value}>
              <th scope="row">{type.label}</th>
              <td>{ruleLabel(rules.approvals[type.value])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
