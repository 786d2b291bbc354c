/** A body's own fields: names, territory, BIN, contacts, competence, a response force's capacity. */
import { Card, SimpleGrid } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { BodyDetail } from "../../api/types";
import { Field } from "../../components/Field";
import { formatDateTime, nameOf } from "../../format";

export function BodyFields({ b }: { b: BodyDetail }) {
  const { t } = useTranslation();
  return (
    <Card withBorder>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        <Field label={t("field.nameKk")} value={b.names.kk} />
        <Field label={t("field.nameRu")} value={b.names.ru} />
        <Field label={t("field.nameEn")} value={b.names.en} />
        <Field label={t("registry.territory")} value={`${nameOf(b.territoryNames)} (${b.territoryCode})`} />
        <Field label={t("field.bin")} value={b.bin} />
        <Field label={t("field.phone")} value={b.phone} testId="body-phone" />
        <Field label={t("field.email")} value={b.email} />
        <Field label={t("field.address")} value={b.address} />
        <Field label={t("field.competence")} value={b.competence} testId="body-competence" />
        {b.kind === "response_force" && <Field label={t("field.capacity")} value={b.capacity ?? ""} />}
        {b.kind === "response_force" && (
          <Field label={t("field.readiness")} value={b.readiness ? t(`readiness.${b.readiness}`) : ""} />
        )}
        <Field label={t("field.updatedAt")} value={formatDateTime(b.updatedAt)} />
      </SimpleGrid>
    </Card>
  );
}
