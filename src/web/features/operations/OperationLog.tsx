/**
 * The operation's log (R14: the kind of action only): a new entry (when allowed) — an R14 kind of action
 * or an HQ coordination note — and every entry so far; system entries are codes shown in the page's
 * language, with the person and the body concerned.
 */
import { Button, Group, NativeSelect, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { coordinationNoteTypes, type LogEntryType, r14ActionKinds } from "../../../domain/operations";
import { api, ok } from "../../api/client";
import type { OperationDetail } from "../../api/types";
import { PersonName } from "../../components/PersonName";
import { formatDateTime, nameOf } from "../../format";

type Entry = OperationDetail["log"][number];

function EntryText({ e }: { e: Entry }) {
  const { t } = useTranslation();
  if (e.entryType === "system" && e.code)
    return (
      <>
        {t(`operationLog.${e.code}`, {
          body: e.body ? nameOf(e.body.names) : "",
          status: e.params.status ? t(`forceStatus.${e.params.status}`) : "",
        })}
      </>
    );
  return (
    <>
      {t(`logEntryType.${e.entryType}`)}
      {e.text ? ` — ${e.text}` : ""}
    </>
  );
}

export function OperationLog({
  op,
  canWrite,
  run,
}: {
  op: OperationDetail;
  canWrite: boolean;
  run: (p: Promise<OperationDetail>) => void;
}) {
  const { t } = useTranslation();
  const [entryType, setEntryType] = useState<LogEntryType>("cordon");
  const [text, setText] = useState("");
  return (
    <>
      <Title order={3}>{t("operations.log")}</Title>
      <Text size="xs" c="dimmed">
        {t("operations.logHint")}
      </Text>
      {canWrite && (
        <Group align="flex-end">
          <NativeSelect
            label={t("operations.entryType")}
            value={entryType}
            onChange={(e) => setEntryType(e.currentTarget.value as LogEntryType)}
            data={[
              {
                group: t("operations.logGroupR14"),
                items: r14ActionKinds.map((x) => ({ value: x, label: t(`logEntryType.${x}`) })),
              },
              {
                group: t("operations.logGroupNotes"),
                items: coordinationNoteTypes.map((x) => ({ value: x, label: t(`logEntryType.${x}`) })),
              },
            ]}
            data-testid="log-type"
          />
          <TextInput
            label={t("operations.text")}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            maxLength={500}
            w={360}
            data-testid="log-text"
          />
          <Button
            onClick={() =>
              run(
                ok(
                  api.POST("/api/operations/{id}/log", {
                    params: { path: { id: op.id } },
                    body: { entryType, text },
                  }),
                ).finally(() => setText("")),
              )
            }
            data-testid="log-add"
          >
            {t("operations.addLog")}
          </Button>
        </Group>
      )}
      <Table data-testid="log-table">
        <Table.Tbody>
          {op.log.map((l) => (
            <Table.Tr key={l.id} data-testid="log-row">
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(l.at)}</Table.Td>
              <Table.Td>
                <PersonName person={l.actor} storedName={l.actorName} />
              </Table.Td>
              <Table.Td>
                <EntryText e={l} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
