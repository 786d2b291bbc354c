/**
 * Forms of the live consequence work (R21): activate one or more plans, answering an operation (R17)
 * or a report (R16); add a task on the spot to a live activation; request forces and means of a body
 * (the operation forces' states: requested → en route → on site → released).
 */
import {
  Button,
  Card,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { activityTypes, mainTasks } from "../../../domain/consequences";
import { api, ok } from "../../api/client";
import { BodyPicker } from "../../components/BodyPicker";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatMinute } from "../../format";
import { navigate } from "../../router";
import type { ActivationBoard } from "./api";

/**
 * The active operations and open reports the reader may see, as choices for an activation; a preset
 * report (from its page) is offered even when it is no longer open (linked, handed over).
 */
function useSources(presetIncident: string | null) {
  const { t } = useTranslation();
  const ops = useQuery({
    queryKey: ["operations", "active-for-consequences"],
    queryFn: () => ok(api.GET("/api/operations", { params: { query: { status: "active" } } })),
  });
  const incidents = useQuery({
    queryKey: ["incidents", "open-for-consequences"],
    queryFn: () => ok(api.GET("/api/incidents", { params: { query: { open: "true", limit: 100 } } })),
  });
  const preset = useQuery({
    queryKey: ["incident", presetIncident],
    queryFn: () => ok(api.GET("/api/incidents/{id}", { params: { path: { id: presetIncident ?? "" } } })),
    enabled: !!presetIncident,
  });
  const listed = incidents.data?.items ?? [];
  const extra = preset.data && !listed.some((i) => i.id === preset.data.id) ? [preset.data] : [];
  return {
    operations: (ops.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.number} — ${o.title}` })),
    incidents: [...extra, ...listed].map((i) => ({
      value: i.id,
      label: `${i.regNumber} — ${t(`incidentType.${i.type}`)} · ${formatMinute(i.receivedAt)}`,
    })),
  };
}

/**
 * Activate plans: one given (from the plan's page) or several chosen, with the operation or report
 * it answers (either may be preset, e.g. `/consequences?tab=activations&operation=…`).
 */
export function ActivateForm({
  planIds: fixedPlans,
  operationId: presetOperation = null,
  incidentId: presetIncident = null,
}: {
  planIds?: string[];
  operationId?: string | null;
  incidentId?: string | null;
}) {
  const { t } = useTranslation();
  const [planIds, setPlanIds] = useState<string[]>(fixedPlans ?? []);
  const [operationId, setOperationId] = useState<string | null>(presetOperation);
  const [incidentId, setIncidentId] = useState<string | null>(presetIncident);
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const sources = useSources(presetIncident);
  const plans = useQuery({
    queryKey: ["consequences", "plans"],
    queryFn: () => ok(api.GET("/api/consequences/plans")),
    enabled: !fixedPlans,
  });
  return (
    <Card withBorder data-testid="activate-form">
      <Stack>
        <ErrorAlert error={error} />
        {!fixedPlans && (
          <MultiSelect
            label={t("consequences.activation.choosePlans")}
            searchable
            value={planIds}
            onChange={setPlanIds}
            data={(plans.data?.items ?? [])
              .filter((p) => p.status !== "archived")
              .map((p) => ({
                value: p.id,
                label: `${p.title} (${t("consequences.plan.versionShort", { n: p.versionNo })}, ${t(`consequences.planStatus.${p.status}`)})`,
              }))}
            data-testid="activate-plans"
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t("consequences.activation.operationId")}
            clearable
            searchable
            value={operationId}
            onChange={setOperationId}
            data={sources.operations}
            data-testid="activate-operation"
          />
          <Select
            label={t("consequences.activation.incidentId")}
            clearable
            searchable
            value={incidentId}
            onChange={setIncidentId}
            data={sources.incidents}
            data-testid="activate-incident"
          />
        </SimpleGrid>
        <TextInput
          label={t("consequences.activation.note")}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-testid="activate-note"
        />
        <Group justify="flex-end">
          <Button
            color="red"
            disabled={!planIds.length}
            data-testid="plan-activate"
            onClick={() =>
              ok(
                api.POST("/api/consequences/activations", {
                  body: { planIds, operationId, incidentId, note },
                }),
              ).then((b) => navigate(`/consequences/activations/${b.id}`), setError)
            }
          >
            {planIds.length > 1
              ? t("consequences.forms.activateN", { n: String(planIds.length) })
              : t("consequences.plan.activate")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** A task not in any plan, added on the spot by the activating side; its deadline runs from now. */
export function AddTaskForm({
  board,
  onDone,
}: {
  board: ActivationBoard;
  onDone: (b: ActivationBoard) => void;
}) {
  const { t } = useTranslation();
  const [mainTask, setMainTask] = useState<(typeof mainTasks)[number]>("rescue_and_help");
  const [activity, setActivity] = useState<(typeof activityTypes)[number]>("rescue_firefighting");
  const [title, setTitle] = useState("");
  const [bodyId, setBodyId] = useState("");
  const [normMinutes, setNorm] = useState(30);
  const [error, setError] = useState<unknown>(null);
  return (
    <Card withBorder data-testid="add-task-form">
      <Stack gap="xs">
        <ErrorAlert error={error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t("consequences.task.mainTask")}
            value={mainTask}
            onChange={(v) => v && setMainTask(v as typeof mainTask)}
            data={mainTasks.map((m, k) => ({
              value: m,
              label: `${k + 1}) ${t(`consequences.mainTask.${m}`)}`,
            }))}
            data-testid="add-task-main"
          />
          <Select
            label={t("consequences.task.activity")}
            value={activity}
            onChange={(v) => v && setActivity(v as typeof activity)}
            data={activityTypes.map((a) => ({ value: a, label: t(`consequences.activity.${a}`) }))}
          />
          <TextInput
            label={t("consequences.task.title")}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            data-testid="add-task-title"
          />
          <NumberInput
            min={1}
            label={t("consequences.plan.normMinutes")}
            value={normMinutes}
            onChange={(v) => setNorm(typeof v === "number" ? v : Number(v) || 1)}
            data-testid="add-task-norm"
          />
          <BodyPicker
            label={t("consequences.plan.responsible")}
            value={bodyId}
            onChange={setBodyId}
            showKind
            testId="add-task-body"
            searchTestId="add-task-body-search"
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button
            data-testid="add-task-save"
            onClick={() =>
              ok(
                api.POST("/api/consequences/activations/{id}/tasks", {
                  params: { path: { id: board.id } },
                  body: { mainTask, activity, title, responsibleBodyId: bodyId, normMinutes, means: [] },
                }),
              ).then((b) => {
                setTitle("");
                onDone(b);
              }, setError)
            }
          >
            {t("consequences.board.addTask")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** A request for forces and means of a body (its state then moves with the operation forces' states). */
export function RequestForm({
  board,
  onDone,
}: {
  board: ActivationBoard;
  onDone: (b: ActivationBoard) => void;
}) {
  const { t } = useTranslation();
  const [bodyId, setBodyId] = useState("");
  const [means, setMeans] = useState("");
  const [error, setError] = useState<unknown>(null);
  return (
    <Card withBorder data-testid="request-form">
      <Stack gap="xs">
        <ErrorAlert error={error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <BodyPicker
            label={t("consequences.request.body")}
            kinds={["response_force"]}
            value={bodyId}
            onChange={setBodyId}
            testId="request-body"
            searchTestId="request-body-search"
          />
          <TextInput
            label={t("consequences.request.means")}
            value={means}
            onChange={(e) => setMeans(e.currentTarget.value)}
            data-testid="request-means"
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button
            data-testid="request-save"
            onClick={() =>
              ok(
                api.POST("/api/consequences/activations/{id}/requests", {
                  params: { path: { id: board.id } },
                  body: { bodyId, means },
                }),
              ).then((b) => {
                setMeans("");
                onDone(b);
              }, setError)
            }
          >
            {t("consequences.board.request")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
