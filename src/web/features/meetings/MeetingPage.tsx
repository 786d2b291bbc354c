/**
 * One meeting of a commission (R5): agenda, attendance of member bodies, decisions with executors,
 * controller and deadline, the protocol (kk/ru PDF) and signing it — which numbers it and puts every
 * decision with executors under control.
 */
import { Button, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { Basis } from "../../components/Basis";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime, nameOf } from "../../format";
import { Link } from "../../router";
import { AssignmentTable } from "../assignments/AssignmentTable";
import { Attendance } from "./Attendance";
import { useMeeting, useMeetingChanged } from "./api";
import { DecisionForm } from "./DecisionForm";
import { DecisionsTable } from "./DecisionsTable";
import { MeetingStatus } from "./MeetingStatus";

export function MeetingPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const q = useMeeting(id);
  const set = useMeetingChanged(id);
  const [error, setError] = useState<unknown>(null);
  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const m = q.data;
  const editable = m.canManage && m.status === "planned";
  const pdfLang = i18n.language === "ru" ? "ru" : "kk";
  return (
    <Stack maw={1100}>
      <Link to="/prevention/meetings">← {t("meetings.title")}</Link>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} data-testid="meeting-title">
            {nameOf(m.body.names)}
          </Title>
          <Text>
            {formatDateTime(m.heldAt)} · {m.place || "—"}
          </Text>
          <Text size="sm" c="dimmed">
            {t("meetings.chair")}: {m.chairName || "—"}
          </Text>
          <MeetingStatus m={m} />
        </div>
        <Group>
          {(["kk", "ru"] as const).map((l) => (
            <Button
              key={l}
              component="a"
              variant={l === pdfLang ? "filled" : "light"}
              href={`/api/meetings/${m.id}/protocol.pdf?lang=${l}`}
              data-testid={`protocol-pdf-${l}`}
            >
              {t("meetings.protocolPdf")} ({l === "kk" ? "ҚАЗ" : "РУС"})
            </Button>
          ))}
        </Group>
      </Group>
      <Basis ids={m.basis} />

      <Title order={4}>{t("meetings.agenda")}</Title>
      <Stack gap={4} data-testid="agenda">
        {m.agenda.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an agenda item's position is its identity
          <Text key={i}>
            {i + 1}. {a.title}
            {a.speakers.length > 0 && (
              <Text span size="sm" c="dimmed">
                {" "}
                — {a.speakers.map((s) => s.name).join(", ")}
              </Text>
            )}
          </Text>
        ))}
      </Stack>

      <Title order={4}>{t("meetings.attendance")}</Title>
      {editable ? (
        <Attendance key={m.version} m={m} onSaved={set} />
      ) : (
        <Text size="sm">
          {t("meetings.presentCount", {
            present: m.attendance.filter((a) => a.present).length,
            total: m.attendance.length,
          })}
        </Text>
      )}

      <Title order={4}>{t("meetings.decisions")}</Title>
      {m.decisions.length === 0 && <Text c="dimmed">{t("meetings.noDecisions")}</Text>}
      <DecisionsTable m={m} editable={editable} onChanged={set} onError={setError} />
      {editable && <DecisionForm m={m} onSaved={set} />}
      {editable && (
        <Card withBorder>
          <Group justify="space-between">
            <Text size="sm">{t("meetings.signHint")}</Text>
            <Button
              color="green"
              data-testid="meeting-sign"
              onClick={() =>
                ok(
                  api.POST("/api/meetings/{id}/sign", {
                    params: { path: { id: m.id } },
                    body: { version: m.version },
                  }),
                ).then(set, setError)
              }
            >
              {t("meetings.sign")}
            </Button>
          </Group>
        </Card>
      )}
      <ErrorAlert error={error} />
      {m.assignments.length > 0 && (
        <>
          <Title order={4}>{t("assignments.title")}</Title>
          <AssignmentTable items={m.assignments} />
        </>
      )}
    </Stack>
  );
}
