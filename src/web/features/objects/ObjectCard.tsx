/** One object: its registry record, the list history, the passport (restricted) and its inspections. */
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Basis } from "../../components/Basis";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatMinute, nameOf } from "../../format";
import i18n from "../../i18n";
import { Link } from "../../router";
import { useCatalogue, useObject } from "./api";
import { Drills } from "./Drills";
import { Inspections } from "./Inspections";
import { ObjectForm } from "./ObjectForm";
import { ObjectReports } from "./ObjectLinks";
import { PassportBadge } from "./PassportBadge";
import { PassportPanel } from "./PassportPanel";

export function ObjectCard({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useObject(id);
  const cat = useCatalogue();
  const [editing, setEditing] = useState(false);
  const o = q.data;
  if (!o) return <ErrorAlert error={q.error} />;
  const can = (a: string) => o.allowedActions.includes(a as never);
  const row = (label: string, value: string | number) => (
    <Group gap="xs" wrap="nowrap" align="flex-start" data-testid="object-field">
      {/* A fixed label column: values line up and a long value never squeezes its label. */}
      <Text size="sm" c="dimmed" w={{ base: 130, sm: 200 }} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" style={{ minWidth: 0, overflowWrap: "anywhere" }}>
        {value || "—"}
      </Text>
    </Group>
  );
  return (
    <Stack maw={1100} data-testid="object-card">
      <Link to="/objects">← {t("objects.back")}</Link>
      <Group justify="space-between">
        <Title order={2}>{i18n.language === "kk" ? o.nameKk : o.nameRu}</Title>
        <Group>
          {can("edit") && (
            <Button
              variant="light"
              size="compact-sm"
              onClick={() => setEditing((x) => !x)}
              data-testid="object-edit"
            >
              {t("objects.form.edit")}
            </Button>
          )}
          <PassportBadge state={o.passportState} />
          <Badge variant="outline">{o.listed ? t("objects.listed") : t("objects.notListed")}</Badge>
        </Group>
      </Group>
      <Basis ids={o.basis} />
      {editing && <ObjectForm key={o.version} object={o} onDone={() => setEditing(false)} />}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Stack gap={4}>
            {row(
              t("objects.category"),
              nameOf(cat.data?.categories.find((c) => c.key === o.category)?.names) || o.category,
            )}
            {row(t("objects.owner"), nameOf(o.owner.names))}
            {row(t("objects.territory"), nameOf(o.territory.names))}
            {row(t("objects.address"), o.address)}
            {row(t("objects.sector"), o.sector)}
          </Stack>
          <Stack gap={4}>
            {row(t("objects.attendance"), o.attendance)}
            {row(t("objects.staff"), o.staff)}
            {row(
              t("objects.responsible"),
              [o.responsibleName, o.responsiblePhone, o.responsibleEmail].filter(Boolean).join(", "),
            )}
            {row(t("objects.police"), nameOf(o.police?.names))}
            {row(t("objects.required"), o.required.map((k) => t(`objects.equipment.${k}`)).join(", "))}
          </Stack>
        </SimpleGrid>
        <Text size="sm" mt="sm" c={o.gaps.length ? "red" : "green"} data-testid="object-gaps">
          {o.gaps.length
            ? `${t("objects.gaps")}: ${o.gaps.map((g) => t(`objects.equipment.${g}`)).join(", ")}`
            : t("objects.noGaps")}
        </Text>
      </Card>
      {o.listHistory.length > 0 && (
        <Card withBorder>
          <Text fw={600}>{t("objects.listHistory")}</Text>
          {o.listHistory.map((h) => (
            <Text key={h.versionId} size="sm">
              {formatMinute(h.approvedAt)} · {t(`objects.change.${h.change}`)} ·{" "}
              {t("objects.decision", { number: h.decisionNumber })}
              {h.grounds && ` · ${h.grounds}`}
            </Text>
          ))}
        </Card>
      )}
      {o.passport && !can("readPassport") && (
        <Text size="sm" c="dimmed">
          {t("objects.passport")}: {t(`objects.passportStatus.${o.passport.status}`)} ·{" "}
          {t("objects.noPassportAccess")}
        </Text>
      )}
      {can("readPassport") && (
        <PassportPanel
          key={o.version}
          objectId={o.id}
          canWrite={can("writePassport")}
          hasPassport={!!o.passport}
        />
      )}
      <Inspections objectId={o.id} canInspect={can("inspect")} />
      <ObjectReports objectId={o.id} />
      <Drills objectId={o.id} />
    </Stack>
  );
}
