/** A plan's measures as XLSX: export, the import template, and an import checked first. */
import { Alert, Button, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PLAN_IMPORT_MAX_BYTES } from "../../../domain/prevention";
import { api, ok } from "../../api/client";
import type { PlanDetail, PlanImportReport } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { fileToBase64 as toBase64 } from "../../files";

function ImportForm({ plan, onImported }: { plan: PlanDetail; onImported: (count: number) => void }) {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<{ filename: string; contentBase64: string } | null>(null);
  const [report, setReport] = useState<PlanImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tooBig, setTooBig] = useState(false);
  const [busy, setBusy] = useState(false);
  const send = (body: { filename: string; contentBase64: string }, dryRun: boolean) =>
    ok(
      api.POST("/api/plans/{id}/import", {
        params: { path: { id: plan.id }, query: { dryRun: dryRun ? "true" : undefined } },
        body,
      }),
    );

  const pick = async (f: File | undefined) => {
    setReport(null);
    setError(null);
    setFile(null);
    setTooBig(false);
    if (!f) return;
    if (f.size > PLAN_IMPORT_MAX_BYTES) {
      setTooBig(true);
      return;
    }
    setBusy(true);
    try {
      const body = { filename: f.name, contentBase64: await toBase64(f) };
      setReport(await send(body, true));
      setFile(body);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const done = await send(file, false);
      onImported(done.imported);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t("planXlsx.intro")}
      </Text>
      <Group>
        <Button
          component="a"
          variant="subtle"
          size="compact-sm"
          href={`/api/plans/import-template.xlsx?lang=${i18n.language}`}
          data-testid="plan-import-template"
        >
          {t("planXlsx.template")}
        </Button>
      </Group>
      <label>
        <Text size="sm" fw={500}>
          {t("planXlsx.chooseFile")}
        </Text>
        <input
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={busy}
          onChange={(e) => void pick(e.currentTarget.files?.[0])}
          data-testid="plan-import-file"
        />
      </label>
      {busy && <Text size="sm">{t("planXlsx.checking")}</Text>}
      {tooBig && <Alert color="red">{t("planXlsx.tooBig")}</Alert>}
      <ErrorAlert error={error} />
      {report && (
        <>
          <Alert color={report.rejected.length ? "yellow" : "green"} data-testid="plan-import-summary">
            {t("planXlsx.summary", {
              total: report.total,
              ok: report.imported,
              bad: new Set(report.rejected.map((r) => r.row)).size,
            })}
          </Alert>
          {report.rejected.length > 0 && (
            <Table striped data-testid="plan-import-rejected">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("planXlsx.row")}</Table.Th>
                  <Table.Th>{t("planXlsx.field")}</Table.Th>
                  <Table.Th>{t("planXlsx.problem")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.rejected.map((r) => (
                  <Table.Tr key={`${r.row}-${r.field}-${r.message}`} data-testid="plan-import-rejected-row">
                    <Table.Td>{r.row}</Table.Td>
                    <Table.Td>{t(`planXlsx.col.${r.field}`, { defaultValue: r.field })}</Table.Td>
                    <Table.Td>{r.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {report.imported === 0 ? (
            <Text size="sm">{t("planXlsx.noneToImport")}</Text>
          ) : (
            <Group justify="flex-end">
              <Button onClick={() => void confirm()} loading={busy} data-testid="plan-import-confirm">
                {t("planXlsx.confirm", { count: report.imported })}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

/** Buttons on the plan page: everyone who reads the plan may export it; its managers may import. */
export function PlanXlsx({ plan, onImported }: { plan: PlanDetail; onImported: () => void }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  return (
    <>
      <Group gap="xs">
        <Button
          component="a"
          variant="light"
          href={`/api/plans/${plan.id}/export.xlsx?lang=${i18n.language}`}
          data-testid="plan-export-xlsx"
        >
          {t("planXlsx.export")}
        </Button>
        {plan.canManage && (
          <Button
            variant="light"
            onClick={() => {
              setDone(null);
              setOpen(true);
            }}
            data-testid="plan-import-open"
          >
            {t("planXlsx.import")}
          </Button>
        )}
      </Group>
      {done !== null && (
        <Alert color="green" withCloseButton onClose={() => setDone(null)} data-testid="plan-import-done">
          {t("planXlsx.done", { count: done })}
        </Alert>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title={t("planXlsx.import")} size="xl">
        {open && (
          <ImportForm
            plan={plan}
            onImported={(count) => {
              setOpen(false);
              setDone(count);
              onImported();
            }}
          />
        )}
      </Modal>
    </>
  );
}
