/** Record how an exercise went (or that it was cancelled): each finding becomes an assignment (R5). */
import { Button, Group, NativeSelect, NumberInput, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { ExerciseView } from "../../api/types";
import { DateField } from "../../components/DateField";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFormError } from "../../components/useFormError";
import { useMembers } from "./api";

type Finding = { text: string; executorBodyId: string; deadline: string };

export function ExerciseResultForm({ e, onDone }: { e: ExerciseView; onDone: () => void }) {
  const { t } = useTranslation();
  const [results, setResults] = useState("");
  const [actual, setActual] = useState<number>(e.plannedParticipants);
  const [findings, setFindings] = useState<Finding[]>([]);
  const { setError, fieldError, formError } = useFormError();
  const members = useMembers(e.owner.id);
  const save = (status: "held" | "cancelled") =>
    ok(
      api.POST("/api/exercises/{id}/result", {
        params: { path: { id: e.id } },
        body: {
          version: e.version,
          status,
          results,
          actualParticipants: status === "held" ? actual : null,
          findings: status === "held" ? findings : [],
        },
      }),
    ).then(onDone, setError);
  const change = (i: number, part: Partial<Finding>) =>
    setFindings((x) => x.map((y, j) => (j === i ? { ...y, ...part } : y)));
  return (
    <Stack gap="xs">
      <Textarea
        label={t("exercises.results")}
        value={results}
        onChange={(ev) => setResults(ev.currentTarget.value)}
        error={fieldError("results")}
        data-testid="exercise-results"
      />
      <NumberInput
        label={t("exercises.actualParticipants")}
        min={0}
        value={actual}
        onChange={(v) => setActual(typeof v === "number" ? v : 0)}
      />
      <Text size="sm" fw={600}>
        {t("exercises.findings")}
      </Text>
      {findings.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows of a form being typed have only their position
        <Group key={i} grow align="flex-start">
          <TextInput
            placeholder={t("exercises.finding")}
            value={f.text}
            onChange={(ev) => change(i, { text: ev.currentTarget.value })}
            error={fieldError(`findings.${i}.text`)}
            data-testid="finding-text"
          />
          <NativeSelect
            value={f.executorBodyId}
            onChange={(ev) => change(i, { executorBodyId: ev.currentTarget.value })}
            data={[{ value: "", label: t("meetings.executors") }, ...(members.data ?? [])]}
            error={fieldError(`findings.${i}.executorBodyId`)}
            data-testid="finding-executor"
          />
          <DateField
            value={f.deadline}
            onChange={(v) => change(i, { deadline: v })}
            error={fieldError(`findings.${i}.deadline`)}
            data-testid="finding-deadline"
          />
        </Group>
      ))}
      <Group justify="space-between">
        <Button
          variant="subtle"
          onClick={() => setFindings((x) => [...x, { text: "", executorBodyId: "", deadline: "" }])}
          data-testid="finding-add"
        >
          {t("exercises.addFinding")}
        </Button>
        <Group>
          <Button variant="light" color="gray" onClick={() => save("cancelled")}>
            {t("exercises.cancel")}
          </Button>
          <Button color="green" onClick={() => save("held")} data-testid="exercise-record">
            {t("exercises.held")}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={formError} />
    </Stack>
  );
}
