/**
 * One step on an assignment, as the API allows it: report (text, figures, own legal act, files),
 * request an extension, accept, return or refuse with a reason.
 */
import { Button, FileInput, Group, Stack, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AssignmentAction } from "../../../domain/prevention";
import { api, ok } from "../../api/client";
import type { AssignmentDetail } from "../../api/types";
import { DateField } from "../../components/DateField";
import { ErrorAlert } from "../../components/ErrorAlert";
import { givenFigures, IndicatorInputs } from "../../components/Indicators";
import { useFormError } from "../../components/useFormError";
import { fileToBase64 as toBase64 } from "../../files";

export function ActionForm({
  a,
  action,
  onDone,
}: {
  a: AssignmentDetail;
  action: AssignmentAction;
  onDone: (a: AssignmentDetail) => void;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState("");
  const [figures, setFigures] = useState<Record<string, number>>({});
  const [actNumber, setActNumber] = useState("");
  const [actDate, setActDate] = useState("");
  const [newDeadline, setNewDeadline] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const { setError, fieldError, formError } = useFormError();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const attachments = await Promise.all(
        files.map(async (f) => ({
          filename: f.name,
          mime: f.type || "application/octet-stream",
          contentBase64: await toBase64(f),
        })),
      );
      onDone(
        await ok(
          api.POST("/api/assignments/{id}/actions", {
            params: { path: { id: a.id } },
            body: {
              action,
              version: a.version,
              comment,
              ...(action === "report"
                ? {
                    figures: givenFigures(figures),
                    actNumber,
                    actDate: actDate || null,
                    attachments,
                  }
                : {}),
              ...(action === "request_extension" ? { newDeadline: newDeadline || null } : {}),
            },
          }),
        ),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const needsText = ["report", "return", "refuse_extension", "request_extension"].includes(action);
  return (
    <Stack gap="xs" data-testid={`form-${action}`}>
      {needsText && (
        <Textarea
          label={t(action === "report" ? "assignments.reportText" : "assignments.reason")}
          autosize
          minRows={2}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={fieldError("comment")}
          data-testid="action-comment"
        />
      )}
      {action === "report" && (
        <>
          <IndicatorInputs value={figures} onChange={setFigures} />
          <Group grow>
            <TextInput
              label={t("assignments.actNumber")}
              value={actNumber}
              onChange={(e) => setActNumber(e.currentTarget.value)}
              data-testid="act-number"
            />
            <DateField label={t("assignments.actDate")} value={actDate} onChange={(v) => setActDate(v)} />
          </Group>
          <FileInput
            multiple
            label={t("assignments.attachments")}
            value={files}
            onChange={setFiles}
            clearable
            error={fieldError("attachments.0")}
            data-testid="action-files"
          />
        </>
      )}
      {action === "request_extension" && (
        <DateField
          label={t("assignments.newDeadline")}
          value={newDeadline}
          onChange={(v) => setNewDeadline(v)}
          error={fieldError("newDeadline")}
          data-testid="new-deadline"
        />
      )}
      <Group justify="flex-end">
        <Button loading={busy} onClick={submit} data-testid="action-submit">
          {t(`assignmentAction.${action}`)}
        </Button>
      </Group>
      <ErrorAlert error={formError} />
    </Stack>
  );
}
