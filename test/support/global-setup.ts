/** Builds the seeded template once per run (see template.ts). */
import { ensurePgliteTemplate, ensurePostgresTemplate } from "./template";

export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (url) await ensurePostgresTemplate(url);
  else await ensurePgliteTemplate();
}
