/** Create or edit a plan (R21): forecast, and tasks by R21 main task typed by R20 activity. */
import { Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { activityTypes, mainTasks, scenarios } from "../../../domain/consequences";
import { ApiError, api, ok } from "../../api/client";
import { BodyPicker } from "../../components/BodyPicker";
import { ErrorAlert } from "../../components/ErrorAlert";
import { TerritoryPicker } from "../../components/TerritoryPicker";
import { ObjectPicker } from "../objects/ObjectPicker";
import type { PlanDetail } from "./api";

type TaskDraft = {
  /** The row's key on screen only. */
  key: string;
  mainTask: (typeof mainTasks)[number];
  activity: (typeof activityTypes)[number];
  title: string;
  responsibleBodyId: string | null;
  normMinutes: number;
  means: PlanDetail["tasks"][number]["means"];
};

export function PlanEditor({
  plan,
  territory: initialTerritory,
  onDone,
  onCancel,
}: {
  plan?: PlanDetail;
  territory?: string;
  onDone: (p: PlanDetail) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [territory, setTerritory] = useState(plan?.territory.code ?? initialTerritory ?? "");
  const [title, setTitle] = useState(plan?.title ?? "");
  const [scenario, setScenario] = useState<string | null>(plan?.scenario ?? null);
  const [fc, setFc] = useState(
    plan?.forecast ?? {
      casualties: { severe: 0, moderate: 0, light: 0 },
      areaHa: 0,
      evacuate: 0,
      hazards: [] as string[],
    },
  );
  const [hazards, setHazards] = useState((plan?.forecast.hazards ?? []).join(", "));
  const [reviewDate, setReviewDate] = useState(plan?.reviewDate ?? "");
  const [objectId, setObjectId] = useState<string | null>(plan?.objectId ?? null);
  const [tasks, setTasks] = useState<TaskDraft[]>(
    plan?.tasks.map((x) => ({
      key: x.id,
      mainTask: x.mainTask,
      activity: x.activity,
      title: x.title,
      responsibleBodyId: x.responsibleBodyId,
      normMinutes: x.normMinutes,
      means: x.means,
    })) ?? [],
  );
  const [error, setError] = useState<unknown>(null);
  const setTask = (i: number, patch: Partial<TaskDraft>) =>
    setTasks((ts) => ts.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const content = {
    title,
    scenario: scenario as (typeof scenarios)[number] | null,
    objectId,
    forecast: {
      ...fc,
      hazards: hazards
        .split(",")
        .map((h) => h.trim())
        .filter(Boolean),
    },
    reviewDate: reviewDate || null,
    tasks: tasks.map(({ key: _key, ...x }) => x),
  };
  const save = () =>
    (plan
      ? ok(
          api.PUT("/api/consequences/plans/{id}", {
            params: { path: { id: plan.id } },
            body: { ...content, version: plan.version },
          }),
        )
      : ok(api.POST("/api/consequences/plans", { body: { ...content, territory } }))
    ).then(onDone, setError);
  const num = (v: string | number) => (typeof v === "number" ? v : Number(v) || 0);
  return (
    <Card withBorder data-testid="plan-editor">
      <Stack>
        <ErrorAlert error={error} />
        {!plan && (
          <TerritoryPicker
            label={t("consequences.plan.territory")}
            value={territory}
            onChange={(c) => {
              setTerritory(c ?? "");
              setObjectId(null);
            }}
          />
        )}
        <TextInput
          label={t("consequences.plan.title")}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          data-testid="plan-title"
        />
        <Group grow>
          <Select
            label={t("consequences.plan.scenario")}
            clearable
            placeholder={t("consequences.plan.noScenario")}
            value={scenario}
            onChange={setScenario}
            data={scenarios.map((s) => ({ value: s, label: t(`consequences.scenario.${s}`) }))}
          />
          <TextInput
            type="date"
            label={t("consequences.plan.reviewDate")}
            value={reviewDate}
            onChange={(e) => setReviewDate(e.currentTarget.value)}
          />
        </Group>
        {/* A plan made for a vulnerable object of its territory (R21; Law art. 10-2). */}
        {territory && (
          <ObjectPicker
            key={territory}
            label={t("objects.link.planObject")}
            territory={territory}
            value={objectId}
            initial={plan?.object ?? null}
            onChange={(id) => setObjectId(id)}
            error={error instanceof ApiError ? error.fieldMessage("objectId") : undefined}
            testId="plan-object"
          />
        )}
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          {(["severe", "moderate", "light"] as const).map((s) => (
            <NumberInput
              key={s}
              min={0}
              label={`${t("consequences.plan.casualties")}: ${t(`consequences.severity.${s}`)}`}
              value={fc.casualties[s]}
              onChange={(v) => setFc({ ...fc, casualties: { ...fc.casualties, [s]: num(v) } })}
            />
          ))}
          <NumberInput
            min={0}
            label={t("consequences.plan.areaHa")}
            value={fc.areaHa}
            onChange={(v) => setFc({ ...fc, areaHa: num(v) })}
          />
          <NumberInput
            min={0}
            label={t("consequences.plan.evacuate")}
            value={fc.evacuate}
            onChange={(v) => setFc({ ...fc, evacuate: num(v) })}
          />
        </SimpleGrid>
        <TextInput
          label={t("consequences.plan.hazards")}
          description={t("consequences.plan.hazardsHint")}
          value={hazards}
          onChange={(e) => setHazards(e.currentTarget.value)}
        />
        {tasks.map((x, i) => (
          <Card key={x.key} withBorder padding="xs" data-testid="plan-task-editor">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t("consequences.task.mainTask")}
                value={x.mainTask}
                onChange={(v) => v && setTask(i, { mainTask: v as TaskDraft["mainTask"] })}
                data={mainTasks.map((m, k) => ({
                  value: m,
                  label: `${k + 1}) ${t(`consequences.mainTask.${m}`)}`,
                }))}
              />
              <Select
                label={t("consequences.task.activity")}
                value={x.activity}
                onChange={(v) => v && setTask(i, { activity: v as TaskDraft["activity"] })}
                data={activityTypes.map((a) => ({ value: a, label: t(`consequences.activity.${a}`) }))}
              />
              <TextInput
                label={t("consequences.task.title")}
                value={x.title}
                onChange={(e) => setTask(i, { title: e.currentTarget.value })}
              />
              <NumberInput
                min={1}
                label={t("consequences.plan.normMinutes")}
                value={x.normMinutes}
                onChange={(v) => setTask(i, { normMinutes: num(v) || 1 })}
              />
              <BodyPicker
                label={t("consequences.plan.responsible")}
                value={x.responsibleBodyId ?? ""}
                onChange={(id) => setTask(i, { responsibleBodyId: id || null })}
                showKind
              />
            </SimpleGrid>
            <Group justify="flex-end" mt="xs">
              <Button
                size="compact-xs"
                color="red"
                variant="subtle"
                onClick={() => setTasks((ts) => ts.filter((_, j) => j !== i))}
              >
                {t("consequences.plan.removeTask")}
              </Button>
            </Group>
          </Card>
        ))}
        <Group justify="space-between">
          <Button
            variant="light"
            data-testid="plan-add-task"
            onClick={() =>
              setTasks((ts) => [
                ...ts,
                {
                  key: crypto.randomUUID(),
                  mainTask: "prevent_loss_of_life",
                  activity: "rescue_firefighting",
                  title: "",
                  responsibleBodyId: null,
                  normMinutes: 30,
                  means: [],
                },
              ])
            }
          >
            {t("consequences.plan.addTask")}
          </Button>
          <Group>
            <Button variant="default" onClick={onCancel}>
              {t("consequences.plan.cancel")}
            </Button>
            <Button onClick={save} data-testid="plan-save">
              {t("consequences.plan.save")}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}
