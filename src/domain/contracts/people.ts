import { z } from "zod";
import { names } from "./common";

/** A person as pages show them: full name and the body they work for (from their account). */
export const personView = z.object({
  id: z.string(),
  fullName: z.string(),
  body: z.object({ id: z.string(), names }).nullable(),
});
export type PersonView = z.infer<typeof personView>;
