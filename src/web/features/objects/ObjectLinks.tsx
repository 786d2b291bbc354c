/**
 * Records that name a vulnerable object (Law art. 10-1–10-3; R16, R21): the object picker of the report
 * form (prominent for "attack on a vulnerable object"), the named object shown on a report or a plan, and
 * the reports naming an object on its card. The list of objects is restricted ("ДСП"): the server sends an
 * object only to one who may see it, and the picker offers only those.
 */
import { Alert, Anchor, Card, Group, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { IncidentType } from "../../../domain/incidents";
import { mayReadSomeObjects } from "../../../domain/vulnerable-objects";
import { api, ok } from "../../api/client";
import { formatDateTime, nameOf } from "../../format";
import { Link } from "../../router";
import { useMe } from "../../session";
import { useCatalogue } from "./api";
import { ObjectPicker, objectName } from "./ObjectPicker";

type Named = { id: string; nameKk: string; nameRu: string; category: string };

/** The type of report that is about an object: the picker is shown first and highlighted. */
export const OBJECT_REPORT_TYPE: IncidentType = "attack_on_vulnerable_object";

/**
 * The report form's optional object: objects of the chosen territory (and below) the reporter may see.
 * Nothing is shown to one who may see no object.
 */
export function ReportObjectField({
  type,
  territoryCode,
  value,
  onChange,
  error,
}: {
  type: IncidentType;
  territoryCode: string | null;
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me || !mayReadSomeObjects(me.grants)) return null;
  const prominent = type === OBJECT_REPORT_TYPE;
  const picker = territoryCode ? (
    <ObjectPicker
      // A new territory: a new search within it (the picked object is cleared by the form).
      key={territoryCode}
      value={value}
      onChange={(id) => onChange(id)}
      label={prominent ? t("objects.link.pickAttacked") : t("objects.link.pick")}
      territory={territoryCode}
      error={error}
      testId="report-object"
    />
  ) : (
    <Text size="sm" c="dimmed" data-testid="report-object-needs-place">
      {t("objects.link.choosePlaceFirst")}
    </Text>
  );
  if (!prominent) return picker;
  return (
    <Alert color="red" variant="light" title={t("objects.link.attackTitle")} data-testid="report-object-box">
      <Stack gap="xs">
        <Text size="sm">{t("objects.link.attackHint")}</Text>
        {picker}
      </Stack>
    </Alert>
  );
}

/** The object a report or a plan names: its name in the page's language, category, link to its card. */
export function NamedObject({ object, label }: { object: Named | null | undefined; label?: string }) {
  const { t } = useTranslation();
  const cat = useCatalogue();
  if (!object) return null;
  const category =
    nameOf(cat.data?.categories.find((c) => c.key === object.category)?.names) || object.category;
  return (
    <Group gap="xs" data-testid="named-object">
      <Text size="sm" c="dimmed">
        {label ?? t("objects.link.object")}:
      </Text>
      <Anchor component={Link} to={`/objects/${object.id}`} size="sm" data-testid="named-object-link">
        {objectName(object)}
      </Anchor>
      <Text size="sm" c="dimmed">
        · {category}
      </Text>
    </Group>
  );
}

/** On an object's card: the reports that named it, those the viewer may read. */
export function ObjectReports({ objectId }: { objectId: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["incidents", "object", objectId],
    queryFn: () =>
      ok(api.GET("/api/incidents", { params: { query: { object: objectId, limit: 50, offset: 0 } } })),
  });
  const items = q.data?.items ?? [];
  return (
    <Card withBorder data-testid="object-reports">
      <Text fw={600}>{t("objects.link.reports")}</Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("objects.link.noReports")}
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id} data-testid="object-report-row">
                <Table.Td>
                  <Link to={`/response/${i.id}`}>{i.regNumber}</Link>
                </Table.Td>
                <Table.Td>{t(`incidentType.${i.type}`)}</Table.Td>
                <Table.Td>{formatDateTime(i.receivedAt)}</Table.Td>
                <Table.Td>{t(`incidentStatus.${i.status}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
