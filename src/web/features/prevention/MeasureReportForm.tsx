/** Quarterly execution report on a measure: by its responsible body or the secretariat. */
import { Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type MeasureOutcome, measureOutcomes } from "../../../domain/prevention";
import { api, ok } from "../../api/client";
import type { PlanDetail } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { givenFigures, IndicatorInputs } from "../../components/Indicators";
import { useFormError } from "../../components/useFormError";

export function MeasureReportForm({
  plan,
  measureId,
  onDone,
}: {
  plan: PlanDetail;
  measureId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [quarter, setQuarter] = useState(String(Math.floor(new Date().getMonth() / 3) + 1));
  const [outcome, setOutcome] = useState<MeasureOutcome>("done");
  const [text, setText] = useState("");
  const [figures, setFigures] = useState<Record<string, number>>({});
  const { setError, fieldError, formError } = useFormError();
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NativeSelect
          label={t("plans.reportQuarter")}
          value={quarter}
          onChange={(e) => setQuarter(e.currentTarget.value)}
          data={["1", "2", "3", "4"].map((q) => ({ value: q, label: t("plans.quarterN", { n: q }) }))}
          error={fieldError("quarter")}
          data-testid="report-quarter"
        />
        <NativeSelect
          label={t("plans.outcome")}
          value={outcome}
          onChange={(e) => setOutcome(e.currentTarget.value as MeasureOutcome)}
          data={measureOutcomes.map((o) => ({ value: o, label: t(`measureOutcome.${o}`) }))}
          data-testid="report-outcome"
        />
      </SimpleGrid>
      <TextInput
        label={t("plans.reportText")}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="report-text"
      />
      <IndicatorInputs value={figures} onChange={setFigures} />
      <ErrorAlert error={formError} />
      <Group justify="flex-end">
        <Button
          data-testid="report-save"
          onClick={() =>
            ok(
              api.POST("/api/plans/{id}/measures/{measureId}/reports", {
                params: { path: { id: plan.id, measureId } },
                body: {
                  year: plan.year,
                  quarter: Number(quarter),
                  outcome,
                  text,
                  figures: givenFigures(figures),
                },
              }),
            ).then(onDone, setError)
          }
        >
          {t("plans.report")}
        </Button>
      </Group>
    </Stack>
  );
}
