/**
 * Moves of forces and of resource requests (one state machine, domain/operations.ts: requested →
 * committed → en route → on site → released), used by the operation's forces and the consequences
 * board. The move to committed opens a small form: who and how many will come, and when (optional).
 */
import { Badge, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ForceStatus } from "../../domain/operations";
import { almatyInputToIso, formatMinute } from "../format";
import { DateField } from "./DateField";
import { ErrorAlert } from "./ErrorAlert";

export type ForceMove = { status: ForceStatus; commitNote: string; eta: string | null };

/** The status badge, and what the force committed (who and how many, expected arrival). */
export function ForceStatusBadge({
  status,
  commitNote,
  eta,
  testId,
}: {
  status: ForceStatus;
  commitNote: string;
  eta: string | null;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      <Badge data-testid={testId} color={status === "committed" ? "teal" : undefined}>
        {t(`forceStatus.${status}`)}
      </Badge>
      {(commitNote || eta) && (
        <Text size="xs" c="dimmed" data-testid={`${testId}-commitment`}>
          {[commitNote, eta ? t("forceCommit.arrival", { time: formatMinute(eta) }) : ""]
            .filter(Boolean)
            .join("; ")}
        </Text>
      )}
    </Group>
  );
}

export function ForceMoveButtons({
  nextStatuses,
  testPrefix,
  onMove,
  showError = true,
}: {
  nextStatuses: ForceStatus[];
  /** `${testPrefix}-${status}` on each button (e.g. "force-en_route", "request-committed"). */
  testPrefix: string;
  onMove: (move: ForceMove) => Promise<unknown>;
  /** False where the page itself shows the error of the move. */
  showError?: boolean;
}) {
  const { t } = useTranslation();
  const [committing, setCommitting] = useState(false);
  const [note, setNote] = useState("");
  const [eta, setEta] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!nextStatuses.length) return null;
  const move = (m: ForceMove) => {
    setBusy(true);
    setError(null);
    onMove(m)
      .then(() => {
        setCommitting(false);
        setNote("");
        setEta("");
      }, setError)
      .finally(() => setBusy(false));
  };
  return (
    <Stack gap={4}>
      {showError && <ErrorAlert error={error} />}
      <Group gap={4}>
        {nextStatuses.map((s) => (
          <Button
            key={s}
            size="compact-xs"
            variant={s === "committed" && committing ? "filled" : "light"}
            disabled={busy}
            data-testid={`${testPrefix}-${s}`}
            onClick={() =>
              s === "committed" ? setCommitting((c) => !c) : move({ status: s, commitNote: "", eta: null })
            }
          >
            {t(`forceStatus.${s}`)}
          </Button>
        ))}
      </Group>
      {committing && (
        <Stack gap={4} data-testid={`${testPrefix}-commit-form`}>
          <Text size="xs" c="dimmed">
            {t("forceCommit.basis")}
          </Text>
          <Group gap={4} align="end" wrap="wrap">
            <TextInput
              size="xs"
              label={t("forceCommit.note")}
              value={note}
              maxLength={300}
              onChange={(e) => setNote(e.currentTarget.value)}
              data-testid={`${testPrefix}-commit-note`}
            />
            <DateField
              size="xs"
              withTime
              label={t("forceCommit.eta")}
              value={eta}
              onChange={setEta}
              data-testid={`${testPrefix}-commit-eta`}
            />
            <Button
              size="compact-sm"
              loading={busy}
              data-testid={`${testPrefix}-commit-submit`}
              onClick={() =>
                move({ status: "committed", commitNote: note, eta: almatyInputToIso(eta) ?? null })
              }
            >
              {t("forceCommit.submit")}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
