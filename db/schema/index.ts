export * from './enums';
export * from './partnerships';
export * from './users';
export * from './plans';
export * from './reviews';
export * from './audit';
export * from './invitations';
export * from './collab';
