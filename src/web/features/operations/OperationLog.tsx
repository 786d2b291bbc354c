/** The operation's log of kinds of action (R14): a new entry (when allowed) and every entry so far. */
import { Button, Group, NativeSelect, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type LogEntryType, logEntryTypes } from "../../../domain/operations";
import { api, ok } from "../../api/client";
import type { OperationDetail } from "../../api/types";
import { formatDateTime } from "../../format";

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
  const [entryType, setEntryType] = useState<LogEntryType>("situation_update");
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
            data={logEntryTypes.map((x) => ({ value: x, label: t(`logEntryType.${x}`) }))}
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
              <Table.Td>{formatDateTime(l.at)}</Table.Td>
              <Table.Td>{l.actorName}</Table.Td>
              <Table.Td>{t(`logEntryType.${l.entryType}`)}</Table.Td>
              <Table.Td>{l.text}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
