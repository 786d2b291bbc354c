/** All tables, for the Drizzle client. Each module owns its `*.tables.ts`. */
export * from "./modules/audit/audit.tables";
export * from "./modules/auth/auth.tables";
export * from "./modules/incidents/incidents.tables";
export * from "./modules/mail/mail.tables";
export * from "./modules/operations/operations.tables";
export * from "./modules/prevention/prevention.tables";
export * from "./modules/registry/registry.tables";
