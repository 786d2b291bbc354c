/**
 * Vulnerable objects (R10.5): /objects (registry, programmes, compliance) and /objects/:id (an object,
 * its passport and inspections). Loaded with its charting library only when opened (App.tsx).
 */
import { ObjectCard } from "../features/objects/ObjectCard";
import { ObjectsHome } from "../features/objects/ObjectsPage";

export default function ObjectsPage({ id }: { id?: string }) {
  return id ? <ObjectCard key={id} id={id} /> : <ObjectsHome />;
}
