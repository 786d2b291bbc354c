/**
 * The auth module's public face: accounts, role grants (role, body, territory subtree), sessions,
 * passwords and TOTP. Its tables are its own; other modules use these functions.
 */
export { authRoutes } from "./auth.routes";
export {
  ACCESS_CHANNEL,
  type AuthConfig,
  cacheSessions,
  defaultAuthConfig,
  resolveSession,
  type SessionUser,
} from "./auth.service";
export { authKeys, type BodyUser, userIdByName, usersOfBodies } from "./lookups";
export { type Person, peopleByIds } from "./people";
export { type CreateUserInput, createUser, createUserInput } from "./users.service";
