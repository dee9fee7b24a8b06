/** What the import server action returns to the form. */
export type ImportState = { error: string | null };

export const initialImportState: ImportState = { error: null };
