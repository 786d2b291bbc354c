/** One exercise: what, when, where, who took part; its results and findings, or the way to record them. */
import { Badge, Button, Card, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ExerciseView } from "../../api/types";
import { formatDay, nameOf } from "../../format";
import { Link } from "../../router";
import { ExerciseResultForm } from "./ExerciseResultForm";

const STATUS_COLOR = { planned: "blue", held: "green", cancelled: "gray" } as const;

export function ExerciseCard({ e, onChanged }: { e: ExerciseView; onChanged: () => void }) {
  const { t } = useTranslation();
  const [recording, setRecording] = useState(false);
  return (
    <Card withBorder data-testid="exercise-card">
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fw={600}>{e.title}</Text>
          <Text size="sm" c="dimmed">
            {formatDay(e.date)} · {t(`exerciseKind.${e.kind}`)} ·{" "}
            {e.setting
              ? t(`exerciseSetting.${e.setting}`)
              : e.audience
                ? `${t(`audienceGroup.${e.audience}`)} ${e.audienceDetail}`
                : ""}
            {e.place && ` · ${e.place}`}
          </Text>
          <Text size="xs" c="dimmed">
            {nameOf(e.owner.names)}
            {e.participants.length > 0 && ` · ${e.participants.map((p) => nameOf(p.names)).join("; ")}`}
          </Text>
        </div>
        <Group gap={4}>
          <Badge variant="light">{e.basis}</Badge>
          <Badge color={STATUS_COLOR[e.status]} data-testid="exercise-status">
            {t(`exerciseStatus.${e.status}`)}
          </Badge>
        </Group>
      </Group>
      {e.scenario && <Text size="sm">{e.scenario}</Text>}
      {e.status !== "planned" && (
        <Stack gap={2} mt="xs">
          <Text size="sm">
            <b>{t("exercises.results")}:</b> {e.results}
            {e.actualParticipants !== null &&
              ` (${t("exercises.actualParticipants")}: ${e.actualParticipants})`}
          </Text>
          {e.findings.map((f) => (
            <Text size="sm" key={`${f.assignmentId}-${f.text}`}>
              • {f.text} — {nameOf(f.executor.names)}, {formatDay(f.deadline)}{" "}
              {f.assignmentId && <Link to={`/prevention/assignments/${f.assignmentId}`}>→</Link>}
            </Text>
          ))}
        </Stack>
      )}
      {e.canManage && e.status === "planned" && (
        <Group justify="flex-end">
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => setRecording(true)}
            data-testid="exercise-record-open"
          >
            {t("exercises.record")}
          </Button>
        </Group>
      )}
      <Modal opened={recording} onClose={() => setRecording(false)} title={t("exercises.record")} size="lg">
        {recording && (
          <ExerciseResultForm
            e={e}
            onDone={() => {
              setRecording(false);
              onChanged();
            }}
          />
        )}
      </Modal>
    </Card>
  );
}
