/** One plan of measures (R5–R13): its measures, XLSX export and import, approval and quarterly reports. */
import { Badge, Button, Group, Loader, Modal, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Basis } from "../../components/Basis";
import { ErrorAlert } from "../../components/ErrorAlert";
import { nameOf } from "../../format";
import { Link } from "../../router";
import { usePlan, usePlanChanged, usePlanReports } from "./api";
import { type Measure, MeasureForm } from "./MeasureForm";
import { MeasureReportForm } from "./MeasureReportForm";
import { MeasuresTable } from "./MeasuresTable";
import { PlanApproval } from "./PlanApproval";
import { PlanXlsx } from "./PlanXlsx";

export function PlanPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = usePlan(id);
  const reports = usePlanReports(id);
  const { changed, imported, reported } = usePlanChanged(id);
  const [adding, setAdding] = useState(false);
  const [reporting, setReporting] = useState<string | null>(null);
  const [editing, setEditing] = useState<Measure | null>(null);
  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const plan = q.data;
  return (
    <Stack maw={1100}>
      <Link to="/prevention">← {t("plans.title")}</Link>
      <Group justify="space-between">
        <div>
          <Title order={2} data-testid="plan-title">
            {nameOf(plan.body.names)} · {plan.year}
          </Title>
          <Badge color={plan.status === "approved" ? "green" : "gray"} data-testid="plan-status">
            {t(`plans.${plan.status}`)}
          </Badge>
          {plan.decisionRef && (
            <Text size="sm" c="dimmed">
              {plan.decisionRef}
            </Text>
          )}
        </div>
        {plan.canManage && (
          <Button onClick={() => setAdding(true)} data-testid="measure-add">
            {t("plans.addMeasure")}
          </Button>
        )}
      </Group>
      <Basis ids={plan.basis} />
      <PlanXlsx plan={plan} onImported={imported} />
      <MeasuresTable
        plan={plan}
        reports={reports.data?.items ?? []}
        onChanged={changed}
        onEdit={setEditing}
        onReport={setReporting}
      />
      {plan.canManage && plan.status === "draft" && plan.measures.length > 0 && (
        <PlanApproval plan={plan} onDone={changed} />
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={t("plans.editMeasure")}
        size="lg"
      >
        {editing && (
          <MeasureForm
            plan={plan}
            initial={editing}
            onDone={(p) => {
              changed(p);
              setEditing(null);
            }}
          />
        )}
      </Modal>
      <Modal
        opened={reporting !== null}
        onClose={() => setReporting(null)}
        title={t("plans.report")}
        size="lg"
      >
        {reporting && (
          <MeasureReportForm
            plan={plan}
            measureId={reporting}
            onDone={() => {
              setReporting(null);
              reported();
            }}
          />
        )}
      </Modal>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t("plans.addMeasure")} size="lg">
        {adding && (
          <MeasureForm
            plan={plan}
            onDone={(p) => {
              changed(p);
              setAdding(false);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
