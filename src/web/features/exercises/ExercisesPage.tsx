/**
 * Calendar of exercises and drills (R10.3) and trainings of population groups (R10.2): a month grid,
 * planning, and recording results — each finding becomes an assignment under control (R5).
 */
import { Button, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Basis } from "../../components/Basis";
import { ErrorAlert } from "../../components/ErrorAlert";
import { PreventionTabs } from "../prevention/PreventionTabs";
import { useExercises, useExercisesChanged } from "./api";
import { ExerciseCalendar, type Month, monthRange, shiftMonth } from "./ExerciseCalendar";
import { ExerciseCard } from "./ExerciseCard";
import { ExerciseForm } from "./ExerciseForm";

export function ExercisesPage() {
  const { t } = useTranslation();
  const today = new Date();
  const [month, setMonth] = useState<Month>({ y: today.getFullYear(), m: today.getMonth() + 1 });
  const [adding, setAdding] = useState(false);
  const { from, to } = monthRange(month);
  const q = useExercises(from, to);
  const refresh = useExercisesChanged();
  return (
    <Stack maw={1100}>
      <PreventionTabs active="exercises" />
      <Group justify="space-between">
        <Title order={2}>{t("exercises.title")}</Title>
        <Button onClick={() => setAdding(true)} data-testid="exercise-new">
          {t("exercises.new")}
        </Button>
      </Group>
      <Basis ids={["R10.2", "R10.3", "R5"]} />
      <Text size="sm" c="dimmed">
        {t("exercises.intro")}
      </Text>
      <ExerciseCalendar
        month={month}
        items={q.data?.items ?? []}
        onShift={(d) => setMonth((m) => shiftMonth(m, d))}
      />
      <ErrorAlert error={q.error} />
      {q.data?.items.length === 0 && <Text c="dimmed">{t("exercises.none")}</Text>}
      {q.data?.items.map((e) => (
        <ExerciseCard key={e.id} e={e} onChanged={refresh} />
      ))}
      <Modal opened={adding} onClose={() => setAdding(false)} title={t("exercises.new")} size="lg">
        {adding && (
          <ExerciseForm
            onDone={() => {
              setAdding(false);
              refresh();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
