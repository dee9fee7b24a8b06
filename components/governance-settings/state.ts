/** What the governance settings form shows after saving: an error with its fields, or that it saved. */
export type GovernanceFormState = { error: string | null; fields: { [field: string]: string }; saved: boolean };
