/**
 * A person as histories, operation logs and the audit log show them: "Full name (Body)". A step
 * the system took shows as such; an account that no longer resolves falls back to its stored name.
 */
import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { nameOf } from "../format";

type Person = {
  id: string;
  fullName: string;
  body: { id: string; names: { kk: string; ru: string; en: string } } | null;
};

/** The words for a person, for places that need a string (tables of text, titles). */
export function usePersonLabel() {
  const { t } = useTranslation();
  return (person: Person | null | undefined, storedName: string) => {
    if (person) return person.body ? `${person.fullName} (${nameOf(person.body.names)})` : person.fullName;
    if (storedName === "system" || storedName === "seed") return t("people.system");
    return storedName;
  };
}

export function PersonName({
  person,
  storedName,
}: {
  person: Person | null | undefined;
  storedName: string;
}) {
  const label = usePersonLabel();
  return (
    <Text span inherit data-testid="person-name">
      {label(person, storedName)}
    </Text>
  );
}
