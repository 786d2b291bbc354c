/** Inspections of an object and their orders (findings under control as assignments, R5): overdue in red. */
import { Badge, Button, Card, Group, Select, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { nameOf } from "../../format";
import { Link } from "../../router";
import { useInspections, useObjectsChanged } from "./api";

const day = (d: string) => d.split("-").reverse().join(".");

export function Inspections({ objectId, canInspect }: { objectId: string; canInspect: boolean }) {
  const { t } = useTranslation();
  const q = useInspections(objectId);
  const [adding, setAdding] = useState(false);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={4}>{t("objects.inspections")}</Title>
        {canInspect && (
          <Button variant="light" onClick={() => setAdding((v) => !v)} data-testid="inspection-new">
            {t("objects.newInspection")}
          </Button>
        )}
      </Group>
      {adding && <InspectionForm objectId={objectId} onDone={() => setAdding(false)} />}
      <ErrorAlert error={q.error} />
      {q.data?.items.length === 0 && <Text c="dimmed">{t("objects.noInspections")}</Text>}
      {q.data?.items.map((i) => (
        <Card withBorder key={i.id} data-testid="inspection">
          <Text fw={600}>
            {day(i.date)} · {t(`objects.inspectionKind.${i.kind}`)} ·{" "}
            {t(`objects.inspectorKind.${i.inspectorKind}`)} · {nameOf(i.inspector.names)}
          </Text>
          {i.summary && <Text size="sm">{i.summary}</Text>}
          {i.findings.map((f) => (
            <Group
              key={f.assignmentId ?? f.text}
              gap="xs"
              data-testid="inspection-order"
              data-overdue={f.overdue ? "true" : undefined}
            >
              {f.assignmentId ? (
                <Link to={`/prevention/assignments/${f.assignmentId}`}>
                  {t("objects.order", { number: f.number ?? "" })}
                </Link>
              ) : null}
              <Text size="sm">{f.text}</Text>
              <Text size="sm" c="dimmed">
                {t("objects.deadline")}: {day(f.deadline)}
              </Text>
              {f.status && <Badge variant="light">{t(`assignmentStatus.${f.status}`)}</Badge>}
              {f.overdue && <Badge color="red">{t("objects.overdue")}</Badge>}
            </Group>
          ))}
        </Card>
      ))}
    </Stack>
  );
}

function InspectionForm({ objectId, onDone }: { objectId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const today = new Date().toISOString().slice(0, 10);
  const [kind, setKind] = useState<"planned" | "unplanned">("planned");
  const [inspectorKind, setInspectorKind] = useState<"police" | "knb" | "commission">("police");
  const [date, setDate] = useState(today);
  const [summary, setSummary] = useState("");
  const [findings, setFindings] = useState<{ key: number; text: string; deadline: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const changed = useObjectsChanged();
  const submit = async () => {
    setError(null);
    try {
      await ok(
        api.POST("/api/objects/{id}/inspections", {
          params: { path: { id: objectId } },
          body: {
            kind,
            inspectorKind,
            date,
            summary,
            findings: findings.map(({ text, deadline }) => ({ text, deadline })),
          },
        }),
      );
      changed();
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card withBorder>
      <Stack>
        <Group grow>
          <Select
            label={t("objects.inspectionKindLabel")}
            data={["planned", "unplanned"].map((k) => ({
              value: k,
              label: t(`objects.inspectionKind.${k}`),
            }))}
            value={kind}
            onChange={(v) => setKind((v as never) ?? "planned")}
          />
          <Select
            label={t("objects.inspectorLabel")}
            data={["police", "knb", "commission"].map((k) => ({
              value: k,
              label: t(`objects.inspectorKind.${k}`),
            }))}
            value={inspectorKind}
            onChange={(v) => setInspectorKind((v as never) ?? "police")}
          />
          <TextInput
            type="date"
            label={t("objects.inspectionDate")}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
          />
        </Group>
        <Textarea
          label={t("objects.summary")}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
        />
        {findings.map((f, i) => (
          <Group key={f.key} grow>
            <TextInput
              label={t("objects.finding")}
              value={f.text}
              onChange={(e) =>
                setFindings(findings.map((x, j) => (j === i ? { ...x, text: e.currentTarget.value } : x)))
              }
              data-testid="finding-text"
            />
            <TextInput
              type="date"
              label={t("objects.deadline")}
              value={f.deadline}
              onChange={(e) =>
                setFindings(findings.map((x, j) => (j === i ? { ...x, deadline: e.currentTarget.value } : x)))
              }
              data-testid="finding-deadline"
            />
          </Group>
        ))}
        <ErrorAlert error={error} />
        <Group>
          <Button
            variant="default"
            onClick={() => setFindings([...findings, { key: Date.now(), text: "", deadline: today }])}
            data-testid="finding-add"
          >
            {t("objects.addFinding")}
          </Button>
          <Button onClick={submit} data-testid="inspection-save">
            {t("objects.save")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
