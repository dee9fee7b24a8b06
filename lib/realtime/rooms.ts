/** Room of a plan's viewers: presence and structured changes. */
export const planRoom = (planId: string) => `plan:${planId}`;
/** Room of every socket that joined a plan of a partnership: revalidated when its members change. */
export const partnershipRoom = (partnershipId: string) => `partnership:${partnershipId}`;
/** Room of a co-edited document's subscribers: Yjs updates and carets. */
export const docRoom = (name: string) => `doc:${name}`;
