import type { Locale } from "../../domain/contracts/common";
import type { Actor } from "../../domain/roles";

/** Who is acting, for services: attribution, audit and permission checks. */
export type RequestContext = {
  requestId: string;
  ip: string;
  locale: Locale;
  user?: { id: string; username: string; displayName: string; actor: Actor };
};

export const systemContext = (what = "system"): RequestContext => ({ requestId: what, ip: "", locale: "kk" });
