/** Ending the operation with its outcome and lessons; what was typed stays while the dialog is closed. */
import { Button, Group, Modal, Stack, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

export function EndOperation({
  opened,
  onClose,
  onEnd,
}: {
  opened: boolean;
  onClose: () => void;
  onEnd: (outcome: string, lessons: string) => void;
}) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState("");
  const [lessons, setLessons] = useState("");
  return (
    <Modal opened={opened} onClose={onClose} title={t("operations.end")} size="lg">
      <Stack>
        <Textarea
          label={t("operations.outcome")}
          value={outcome}
          onChange={(e) => setOutcome(e.currentTarget.value)}
          autosize
          minRows={3}
          data-testid="operation-outcome"
        />
        <Textarea
          label={t("operations.lessons")}
          value={lessons}
          onChange={(e) => setLessons(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button color="gray" data-testid="operation-end-confirm" onClick={() => onEnd(outcome, lessons)}>
            {t("operations.end")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
