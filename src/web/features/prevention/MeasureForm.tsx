/** Add a measure to a plan, or amend one (`initial`): the same form, POST or PUT. */
import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type MeasureCategory,
  measureCategories,
  measureSubtypes,
  type PropagandaGoal,
  periodicities,
  propagandaGoals,
} from "../../../domain/prevention";
import { api, ok } from "../../api/client";
import type { PlanDetail } from "../../api/types";
import { BodyPicker } from "../../components/BodyPicker";
import { DateField } from "../../components/DateField";
import { ErrorAlert } from "../../components/ErrorAlert";
import { givenFigures, IndicatorInputs } from "../../components/Indicators";
import { useFormError } from "../../components/useFormError";
import { BodyList, type BodyRef } from "./BodyList";

export type Measure = PlanDetail["measures"][number];

export function MeasureForm({
  plan,
  initial,
  onDone,
}: {
  plan: PlanDetail;
  initial?: Measure;
  onDone: (p: PlanDetail) => void;
}) {
  const { t } = useTranslation();
  const [category, setCategory] = useState<MeasureCategory>(initial?.category ?? "organisational");
  const [subtype, setSubtype] = useState(initial?.subtype ?? measureSubtypes.organisational[0].key);
  const [title, setTitle] = useState(initial?.title ?? "");
  const [responsibleBodyId, setResponsible] = useState(initial?.responsibleBody.id ?? "");
  const [deadline, setDeadline] = useState(initial?.deadline ?? "");
  const [periodicity, setPeriodicity] = useState<Measure["periodicity"]>(initial?.periodicity ?? "once");
  const [indicators, setIndicators] = useState<Record<string, number>>(initial?.indicators ?? {});
  const [coExecutors, setCoExecutors] = useState<BodyRef[]>(initial?.coExecutors ?? []);
  const [partners, setPartners] = useState<BodyRef[]>(initial?.partners ?? []);
  const [goals, setGoals] = useState<PropagandaGoal[]>(initial?.goals ?? []);
  const { setError, fieldError, formError } = useFormError();
  const save = () => {
    const measure = {
      category,
      subtype,
      title,
      responsibleBodyId,
      coExecutorIds: coExecutors.map((b) => b.id),
      partnerIds: partners.map((b) => b.id),
      // R12's goals are for propaganda measures only (the server keeps none for other categories).
      goals: category === "propaganda" ? goals : [],
      deadline: deadline || null,
      periodicity,
      indicators: givenFigures(indicators),
    };
    (initial
      ? ok(
          api.PUT("/api/plans/{id}/measures/{measureId}", {
            params: { path: { id: plan.id, measureId: initial.id } },
            body: { ...measure, version: initial.version },
          }),
        )
      : ok(api.POST("/api/plans/{id}/measures", { params: { path: { id: plan.id } }, body: measure }))
    ).then(onDone, setError);
  };
  return (
    <Stack>
      <ErrorAlert error={formError} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NativeSelect
          label={t("plans.category")}
          value={category}
          onChange={(e) => {
            const c = e.currentTarget.value as MeasureCategory;
            setCategory(c);
            setSubtype(measureSubtypes[c][0].key);
          }}
          data={measureCategories.map((c) => ({ value: c, label: t(`measureCategory.${c}`) }))}
          data-testid="measure-category"
        />
        <NativeSelect
          label={t("plans.subtype")}
          value={subtype}
          onChange={(e) => setSubtype(e.currentTarget.value)}
          data={measureSubtypes[category].map((s) => ({ value: s.key, label: t(`measureSubtype.${s.key}`) }))}
          error={fieldError("subtype")}
          data-testid="measure-subtype"
        />
      </SimpleGrid>
      <TextInput
        label={t("plans.measureTitle")}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={fieldError("title")}
        data-testid="measure-title"
      />
      <BodyPicker
        label={t("plans.responsible")}
        value={responsibleBodyId}
        onChange={setResponsible}
        current={initial?.responsibleBody}
        limit={20}
        error={fieldError("responsibleBodyId")}
        searchTestId="measure-body-search"
        testId="measure-body"
      />
      <BodyList
        label={t("planXlsx.col.coExecutors")}
        value={coExecutors}
        onChange={setCoExecutors}
        exclude={responsibleBodyId ? [responsibleBodyId] : []}
        error={fieldError("coExecutorIds")}
        testId="measure-coexecutors"
      />
      <BodyList
        label={`${t("planXlsx.col.partners")} (R13)`}
        value={partners}
        onChange={setPartners}
        kinds={["partner"]}
        error={fieldError("partnerIds")}
        testId="measure-partners"
      />
      {category === "propaganda" && (
        <Checkbox.Group
          label={t("planXlsx.col.goals")}
          value={goals}
          onChange={(v) => setGoals(v as PropagandaGoal[])}
          error={fieldError("goals")}
          data-testid="measure-goals"
        >
          <Stack gap={4} mt={4}>
            {propagandaGoals.map((g) => (
              <Checkbox
                key={g}
                value={g}
                label={t(`propagandaGoal.${g}`)}
                data-testid={`measure-goal-${g}`}
              />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateField
          label={t("plans.deadline")}
          value={deadline}
          onChange={(v) => setDeadline(v)}
          error={fieldError("deadline")}
        />
        <NativeSelect
          label={t("plans.periodicity")}
          value={periodicity}
          onChange={(e) => setPeriodicity(e.currentTarget.value as Measure["periodicity"])}
          data={periodicities.map((p) => ({ value: p, label: t(`periodicity.${p}`) }))}
        />
      </SimpleGrid>
      <Text size="sm">{t("plans.indicators")}</Text>
      <IndicatorInputs value={indicators} onChange={setIndicators} />
      <Group justify="flex-end">
        <Button disabled={!responsibleBodyId} data-testid="measure-save" onClick={save}>
          {t(initial ? "plans.editMeasure" : "plans.addMeasure")}
        </Button>
      </Group>
    </Stack>
  );
}
