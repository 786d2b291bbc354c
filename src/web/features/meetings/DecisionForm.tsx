/** Record a decision on an agenda item: its text, executors and co-executors, controller, deadline. */
import { Button, Card, Group, MultiSelect, NativeSelect, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { MeetingDetail } from "../../api/types";
import { DateField } from "../../components/DateField";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFormError } from "../../components/useFormError";
import { nameOf } from "../../format";

export function DecisionForm({ m, onSaved }: { m: MeetingDetail; onSaved: (m: MeetingDetail) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [agendaIndex, setAgendaIndex] = useState("0");
  const [executorIds, setExecutors] = useState<string[]>([]);
  const [coExecutorIds, setCo] = useState<string[]>([]);
  const [controllerBodyId, setController] = useState("");
  const [deadline, setDeadline] = useState("");
  const { setError, fieldError, formError } = useFormError();
  const options = m.members.map((b) => ({ value: b.id, label: nameOf(b.names) }));
  const add = () =>
    ok(
      api.POST("/api/meetings/{id}/decisions", {
        params: { path: { id: m.id } },
        body: {
          agendaIndex: Number(agendaIndex),
          text,
          executorIds,
          coExecutorIds,
          controllerBodyId: controllerBodyId || null,
          deadline: deadline || null,
        },
      }),
    ).then((next) => {
      setText("");
      setExecutors([]);
      setCo([]);
      setError(null);
      onSaved(next);
    }, setError);
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Text fw={600}>{t("meetings.addDecision")}</Text>
        <NativeSelect
          label={t("meetings.agendaItem")}
          value={agendaIndex}
          onChange={(e) => setAgendaIndex(e.currentTarget.value)}
          data={m.agenda.map((a, i) => ({ value: String(i), label: `${i + 1}. ${a.title}` }))}
        />
        <Textarea
          label={t("meetings.decisionText")}
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={fieldError("text")}
          data-testid="decision-text"
        />
        <Group grow align="flex-start">
          <MultiSelect
            label={t("meetings.executors")}
            data={options}
            value={executorIds}
            onChange={setExecutors}
            searchable
            error={fieldError("executorIds")}
            data-testid="decision-executors"
          />
          <MultiSelect
            label={t("meetings.coExecutors")}
            data={options}
            value={coExecutorIds}
            onChange={setCo}
            searchable
          />
        </Group>
        <Group grow align="flex-start">
          <NativeSelect
            label={t("meetings.controller")}
            value={controllerBodyId}
            onChange={(e) => setController(e.currentTarget.value)}
            data={[{ value: "", label: nameOf(m.body.names) }, ...options]}
          />
          <DateField
            label={t("meetings.deadline")}
            value={deadline}
            onChange={(v) => setDeadline(v)}
            error={fieldError("deadline")}
            data-testid="decision-deadline"
          />
        </Group>
        <Group justify="flex-end">
          <Button data-testid="decision-add" onClick={add}>
            {t("meetings.addDecision")}
          </Button>
        </Group>
        <ErrorAlert error={formError} />
      </Stack>
    </Card>
  );
}
