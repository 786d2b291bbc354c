/** Bring a force into the operation: a response force or a state body, with a note. */
import { Button, Group, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { OperationDetail } from "../../api/types";
import { BodyPicker } from "../../components/BodyPicker";
import { ErrorAlert } from "../../components/ErrorAlert";

export function ForceForm({ op, onDone }: { op: OperationDetail; onDone: (o: OperationDetail) => void }) {
  const { t } = useTranslation();
  const [bodyId, setBodyId] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  return (
    <Stack>
      <ErrorAlert error={error} />
      <BodyPicker
        label={t("operations.forceBody")}
        value={bodyId}
        onChange={setBodyId}
        kinds={["response_force", "state_body"]}
        showKind
        searchTestId="force-search"
        testId="force-body"
      />
      <TextInput label={t("operations.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
      <Group justify="flex-end">
        <Button
          disabled={!bodyId}
          data-testid="force-save"
          onClick={() =>
            ok(
              api.POST("/api/operations/{id}/forces", {
                params: { path: { id: op.id } },
                body: { bodyId, note },
              }),
            ).then(onDone, setError)
          }
        >
          {t("operations.addForce")}
        </Button>
      </Group>
    </Stack>
  );
}
