/** A report's attached files (R16): the list with size and time, downloads, and adding more. */
import { Anchor, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_FILES } from "../../domain/attachments";
import { ApiError, api, ok } from "../api/client";
import { fileToBase64 } from "../files";
import { formatBytes, formatDateTime } from "../format";
import { ErrorAlert } from "./ErrorAlert";
import { PersonName } from "./PersonName";

/** "2.4 MB", "830 KB", "512 B" (binary units, as the limits are set). */
const KIND_LABEL: Record<string, string> = {
  jpeg: "JPEG",
  png: "PNG",
  webp: "WebP",
  pdf: "PDF",
  docx: "DOCX",
  xlsx: "XLSX",
};

export function IncidentFiles({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ["incident", incidentId, "files"],
    queryFn: () => ok(api.GET("/api/incidents/{id}/files", { params: { path: { id: incidentId } } })),
    refetchInterval: 30_000,
  });
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ name: string; error: unknown }[]>([]);
  const maxLabel = formatBytes(ATTACHMENT_MAX_BYTES);

  const upload = async (picked: File[]) => {
    setBusy(true);
    const failed: { name: string; error: unknown }[] = [];
    for (const f of picked) {
      if (f.size > ATTACHMENT_MAX_BYTES) {
        failed.push({
          name: f.name,
          error: new Error(t("attachments.tooLarge", { name: f.name, max: maxLabel })),
        });
        continue;
      }
      try {
        await ok(
          api.POST("/api/incidents/{id}/files", {
            params: { path: { id: incidentId } },
            body: { filename: f.name, contentBase64: await fileToBase64(f) },
          }),
        );
      } catch (error) {
        failed.push({ name: f.name, error });
      }
    }
    setErrors(failed);
    setBusy(false);
    if (input.current) input.current.value = "";
    void qc.invalidateQueries({ queryKey: ["incident", incidentId, "files"] });
  };

  const files = q.data?.items ?? [];
  return (
    <Card withBorder data-testid="incident-files">
      <Stack gap="xs">
        <Title order={4}>{t("attachments.title")}</Title>
        <ErrorAlert error={q.error} />
        {files.length === 0 && q.data && (
          <Text size="sm" c="dimmed">
            {t("attachments.none")}
          </Text>
        )}
        {files.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("attachments.name")}</Table.Th>
                <Table.Th>{t("attachments.kind")}</Table.Th>
                <Table.Th>{t("attachments.size")}</Table.Th>
                <Table.Th>{t("attachments.uploadedBy")}</Table.Th>
                <Table.Th>{t("attachments.when")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {files.map((f) => (
                <Table.Tr key={f.id} data-testid="incident-file">
                  <Table.Td>
                    <Anchor href={`/api/incidents/${incidentId}/files/${f.id}`} download={f.filename}>
                      {f.filename}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{KIND_LABEL[f.kind] ?? f.kind}</Table.Td>
                  <Table.Td>{formatBytes(f.size)}</Table.Td>
                  <Table.Td>
                    <PersonName person={f.uploader} storedName={f.uploadedBy} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(f.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {errors.map((e) => (
          <Stack key={e.name} gap={0} data-testid="incident-file-error">
            <Text size="sm" fw={500}>
              {e.name}
            </Text>
            {e.error instanceof ApiError ? (
              <ErrorAlert error={e.error} />
            ) : (
              <Text size="sm" c="red">
                {(e.error as Error).message}
              </Text>
            )}
          </Stack>
        ))}
        {q.data?.canAdd && (
          <Group>
            <input
              ref={input}
              type="file"
              multiple
              hidden
              accept={ATTACHMENT_ACCEPT}
              data-testid="incident-file-input"
              onChange={(e) => void upload([...(e.currentTarget.files ?? [])])}
            />
            <Button
              variant="light"
              size="compact-sm"
              loading={busy}
              onClick={() => input.current?.click()}
              data-testid="incident-file-add"
            >
              {t("attachments.add")}
            </Button>
            <Text size="xs" c="dimmed">
              {t("attachments.hint", { max: maxLabel, count: ATTACHMENT_MAX_FILES })}
            </Text>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
