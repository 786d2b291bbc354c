/** Plan a meeting of one of the user's commissions: when, where, who chairs it, the agenda. */
import { Button, Card, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { DateField } from "../../components/DateField";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFormError } from "../../components/useFormError";
import { almatyInputToIso } from "../../format";
import { navigate } from "../../router";
import type { CommissionGrant } from "../prevention/api";
import { CommissionSelect } from "../prevention/CommissionSelect";

export function MeetingForm({ own }: { own: CommissionGrant[] }) {
  const { t } = useTranslation();
  const [bodyId, setBodyId] = useState(own[0]?.bodyId ?? "");
  const [heldAt, setHeldAt] = useState("");
  const [place, setPlace] = useState("");
  const [chairName, setChair] = useState("");
  const [agenda, setAgenda] = useState("");
  const { setError, fieldError, formError } = useFormError();
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Text fw={600}>{t("meetings.new")}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2, xl: 4 }}>
          <CommissionSelect
            label={t("meetings.commission")}
            grants={own}
            value={bodyId}
            onChange={setBodyId}
          />
          <DateField
            withTime
            label={t("meetings.heldAt")}
            value={heldAt}
            onChange={(v) => setHeldAt(v)}
            error={fieldError("heldAt")}
            data-testid="meeting-held-at"
          />
          <TextInput
            label={t("meetings.place")}
            value={place}
            onChange={(e) => setPlace(e.currentTarget.value)}
            data-testid="meeting-place"
          />
          <TextInput
            label={t("meetings.chair")}
            value={chairName}
            onChange={(e) => setChair(e.currentTarget.value)}
            data-testid="meeting-chair"
          />
        </SimpleGrid>
        <Textarea
          label={t("meetings.agendaOnePerLine")}
          autosize
          minRows={2}
          value={agenda}
          onChange={(e) => setAgenda(e.currentTarget.value)}
          error={fieldError("agenda")}
          data-testid="meeting-agenda"
        />
        <Group justify="flex-end">
          <Button
            data-testid="meeting-create"
            onClick={() =>
              ok(
                api.POST("/api/meetings", {
                  body: {
                    bodyId,
                    heldAt: almatyInputToIso(heldAt) ?? "",
                    place,
                    chairName,
                    agenda: agenda
                      .split("\n")
                      .map((l) => l.trim())
                      .filter(Boolean)
                      .map((title) => ({ title, speakers: [] })),
                  },
                }),
              ).then((m) => navigate(`/prevention/meetings/${m.id}`), setError)
            }
          >
            {t("meetings.plan")}
          </Button>
        </Group>
        <ErrorAlert error={formError} />
      </Stack>
    </Card>
  );
}
