/**
 * The module's configuration: the catalogue of categories and required equipment (default per Decrees
 * 234 and 305, src/domain/vulnerable-objects.ts) and how the territorial police unit that agrees
 * passports is found when an object names none.
 */
import { DEFAULT_OBJECT_CATALOGUE, type ObjectCatalogue } from "../../../domain/vulnerable-objects";

export type VulnerableObjectsConfig = {
  catalogue: ObjectCatalogue;
  /**
   * The central body whose territorial subdivision in the object's region agrees the passport (the
   * police), by its Russian name as in the registry.
   */
  policeMinistryNameRu: string;
};

export const defaultVulnerableObjectsConfig: VulnerableObjectsConfig = {
  catalogue: DEFAULT_OBJECT_CATALOGUE,
  policeMinistryNameRu: "Министерство внутренних дел Республики Казахстан",
};
