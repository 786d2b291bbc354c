/** Import a territory's list of objects from XLSX: the report names each rejected row, column and reason. */
import { Button, Card, FileInput, Group, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { TerritoryPicker } from "../../components/TerritoryPicker";
import { fileToBase64 } from "../../files";
import { useObjectsChanged } from "./api";

type Report = {
  total: number;
  imported: number;
  rejected: { row: number; field: string; message: string }[];
};

export function ImportObjects() {
  const { t } = useTranslation();
  const [territory, setTerritory] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const changed = useObjectsChanged();
  const run = async () => {
    if (!territory || !file) return;
    setBusy(true);
    setError(null);
    try {
      const contentBase64 = await fileToBase64(file);
      setReport(
        await ok(
          api.POST("/api/objects/import", {
            params: { query: { dryRun: "false" } },
            body: { territoryCode: territory, contentBase64 },
          }),
        ),
      );
      changed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder>
      <Stack>
        <Group align="end">
          <TerritoryPicker
            value={territory}
            onChange={setTerritory}
            label={t("objects.importTerritory")}
            testId="import-territory"
          />
          <FileInput
            label={t("objects.importFile")}
            accept=".xlsx"
            value={file}
            onChange={setFile}
            w={280}
            data-testid="import-file"
          />
          <Button onClick={run} loading={busy} disabled={!territory || !file} data-testid="import-run">
            {t("objects.importRun")}
          </Button>
        </Group>
        <ErrorAlert error={error} />
        {report && (
          <Stack gap="xs" data-testid="import-report">
            <Text>
              {t("objects.importDone", {
                total: report.total,
                imported: report.imported,
                rejected: new Set(report.rejected.map((r) => r.row)).size,
              })}
            </Text>
            {report.rejected.length > 0 && (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("objects.row")}</Table.Th>
                    <Table.Th>{t("objects.column")}</Table.Th>
                    <Table.Th>{t("objects.problem")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.rejected.map((r) => (
                    <Table.Tr key={`${r.row}-${r.field}`} data-testid="import-rejected">
                      <Table.Td>{r.row}</Table.Td>
                      <Table.Td>{t(`objects.col.${r.field}`, { defaultValue: r.field })}</Table.Td>
                      <Table.Td>{r.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
