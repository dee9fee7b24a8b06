// Names of co-edited documents: `<kind>:<id>:<field>`. Each kind lists its rich-text fields; a new
// kind (e.g. `review:<id>:minutes`) is a new entry here and a target in lib/collab/targets.ts.

export const documentKinds = {
  strand: ['keyObjective', 'intendedImpact'],
  review: ['minutes'],
} as const;

export type DocumentKind = keyof typeof documentKinds;
export type DocumentField<K extends DocumentKind = DocumentKind> = (typeof documentKinds)[K][number];
export type DocumentRef = { kind: DocumentKind; id: string; field: DocumentField; name: string };

/** The tiptap Collaboration extension's default field: the XmlFragment that holds the text. */
export const YJS_FRAGMENT = 'default';

const NAME = /^([a-z]+):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([A-Za-z]+)$/;

function isKind(kind: string): kind is DocumentKind {
  return Object.hasOwn(documentKinds, kind);
}

/** A document name, e.g. `strand:<uuid>:keyObjective`. */
export function documentName<K extends DocumentKind>(kind: K, id: string, field: DocumentField<K>): string {
  return `${kind}:${id}:${field}`;
}

/** The kind, id and field a document name stands for, or null when it names nothing we co-edit. */
export function parseDocumentName(name: string): DocumentRef | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, kind, id, field] = m;
  if (!isKind(kind)) return null;
  const match = documentKinds[kind].find((f) => f === field);
  if (!match) return null;
  return { kind, id, field: match, name };
}
