/** A plan's measures: category and basis, responsible body, deadline, indicators and quarterly reports. */
import { Badge, Button, Group, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { MeasureReport, PlanDetail } from "../../api/types";
import { Basis } from "../../components/Basis";
import { ErrorAlert } from "../../components/ErrorAlert";
import { IndicatorValues } from "../../components/Indicators";
import { formatDay, nameOf } from "../../format";
import type { Measure } from "./MeasureForm";

export function MeasuresTable({
  plan,
  reports,
  onChanged,
  onEdit,
  onReport,
}: {
  plan: PlanDetail;
  reports: MeasureReport[];
  onChanged: (p: PlanDetail) => void;
  onEdit: (m: Measure) => void;
  onReport: (measureId: string) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const remove = (m: Measure) =>
    ok(
      api.DELETE("/api/plans/{id}/measures/{measureId}", {
        params: { path: { id: plan.id, measureId: m.id }, query: { version: m.version } },
      }),
    ).then(onChanged, setError);
  return (
    <>
      <ErrorAlert error={error} />
      <Table striped data-testid="measures-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("plans.category")}</Table.Th>
            <Table.Th>{t("plans.measureTitle")}</Table.Th>
            <Table.Th>{t("plans.responsible")}</Table.Th>
            <Table.Th>{t("plans.deadline")}</Table.Th>
            <Table.Th>{t("plans.indicators")}</Table.Th>
            <Table.Th>{t("plans.reports")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.measures.map((m) => (
            <Table.Tr key={m.id} data-testid="measure-row">
              <Table.Td>
                <Text size="sm">{t(`measureCategory.${m.category}`)}</Text>
                <Text size="xs" c="dimmed">
                  {/* the basis is the badge below: not repeated in the subtype's name */}
                  {t(`measureSubtype.${m.subtype}`).replace(` (${m.basis})`, "")}
                </Text>
                <Basis ids={[m.basis]} label={false} />
                {m.goals.length > 0 && (
                  <Text size="xs" data-testid="measure-row-goals">
                    {t("planXlsx.col.goals")}: {m.goals.map((g) => t(`propagandaGoal.${g}`)).join("; ")}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {m.title}
                {plan.canManage && (
                  <Group gap={4}>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => onEdit(m)}
                      data-testid="measure-edit"
                    >
                      {t("plans.editMeasure")}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      data-testid="measure-remove"
                      onClick={() => remove(m)}
                    >
                      {t("plans.removeMeasure")}
                    </Button>
                  </Group>
                )}
              </Table.Td>
              <Table.Td>
                {nameOf(m.responsibleBody.names)}
                {m.coExecutors.length > 0 && (
                  <Text size="xs" c="dimmed" data-testid="measure-row-coexecutors">
                    {t("planXlsx.col.coExecutors")}: {m.coExecutors.map((b) => nameOf(b.names)).join("; ")}
                  </Text>
                )}
                {m.partners.length > 0 && (
                  <Text size="xs" c="dimmed" data-testid="measure-row-partners">
                    {t("planXlsx.col.partners")} (R13): {m.partners.map((b) => nameOf(b.names)).join("; ")}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {formatDay(m.deadline) || "—"}
                <Text size="xs" c="dimmed">
                  {t(`periodicity.${m.periodicity}`)}
                </Text>
              </Table.Td>
              <Table.Td>
                <IndicatorValues figures={m.indicators} />
              </Table.Td>
              <Table.Td>
                {reports
                  .filter((r) => r.measureId === m.id)
                  .map((r) => (
                    <Badge
                      key={r.id}
                      size="xs"
                      variant="light"
                      color={r.outcome === "done" ? "green" : r.outcome === "partial" ? "yellow" : "red"}
                      data-testid="measure-report"
                    >
                      {t("plans.quarterN", { n: r.quarter })}: {t(`measureOutcome.${r.outcome}`)}
                    </Badge>
                  ))}
                {plan.status === "approved" && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => onReport(m.id)}
                    data-testid="measure-report-open"
                  >
                    {t("plans.report")}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
