/** Plan an exercise, drill (R10.3) or training of a population group (R10.2) of one of the user's commissions. */
import {
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  audienceGroups,
  type ExerciseKind,
  exerciseKinds,
  exerciseSettings,
} from "../../../domain/prevention";
import { api, ok } from "../../api/client";
import { DateField } from "../../components/DateField";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFormError } from "../../components/useFormError";
import { useManagedCommissions } from "../prevention/api";
import { CommissionSelect } from "../prevention/CommissionSelect";
import { useMembers } from "./api";

type Setting = (typeof exerciseSettings)[number];
type Audience = (typeof audienceGroups)[number];

export function ExerciseForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const own = useManagedCommissions();
  const [bodyId, setBodyId] = useState(own[0]?.bodyId ?? "");
  const [kind, setKind] = useState<ExerciseKind>("exercise");
  const [title, setTitle] = useState("");
  const [scenario, setScenario] = useState("");
  const [place, setPlace] = useState("");
  const [setting, setSetting] = useState<Setting>("work");
  const [audience, setAudience] = useState<Audience>("social");
  const [audienceDetail, setAudienceDetail] = useState("");
  const [date, setDate] = useState("");
  const [participants, setParticipants] = useState<string[]>([]);
  const [planned, setPlanned] = useState<number>(0);
  const { setError, fieldError, formError } = useFormError();
  const members = useMembers(bodyId);
  if (!own.length) return null;
  const training = kind === "training";
  const create = () =>
    ok(
      api.POST("/api/exercises", {
        body: {
          bodyId,
          kind,
          title,
          scenario,
          place,
          setting: training ? null : setting,
          audience: training ? audience : null,
          audienceDetail,
          date,
          participantBodyIds: participants,
          plannedParticipants: planned,
        },
      }),
    ).then(onDone, setError);
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <CommissionSelect label={t("meetings.commission")} grants={own} value={bodyId} onChange={setBodyId} />
        <NativeSelect
          label={t("exercises.kind")}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as ExerciseKind)}
          data={exerciseKinds.map((k) => ({ value: k, label: t(`exerciseKind.${k}`) }))}
          data-testid="exercise-kind"
        />
        <DateField
          label={t("exercises.date")}
          value={date}
          onChange={(v) => setDate(v)}
          error={fieldError("date")}
          data-testid="exercise-date"
        />
      </SimpleGrid>
      <TextInput
        label={t("exercises.name")}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={fieldError("title")}
        data-testid="exercise-title"
      />
      <Textarea
        label={t("exercises.scenario")}
        value={scenario}
        onChange={(e) => setScenario(e.currentTarget.value)}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t("exercises.place")}
          value={place}
          onChange={(e) => setPlace(e.currentTarget.value)}
        />
        {training ? (
          <>
            <NativeSelect
              label={t("exercises.audience")}
              value={audience}
              onChange={(e) => setAudience(e.currentTarget.value as Audience)}
              data={audienceGroups.map((a) => ({ value: a, label: t(`audienceGroup.${a}`) }))}
            />
            <TextInput
              label={t("exercises.audienceDetail")}
              value={audienceDetail}
              onChange={(e) => setAudienceDetail(e.currentTarget.value)}
            />
          </>
        ) : (
          <NativeSelect
            label={t("exercises.setting")}
            value={setting}
            onChange={(e) => setSetting(e.currentTarget.value as Setting)}
            data={exerciseSettings.map((s) => ({ value: s, label: t(`exerciseSetting.${s}`) }))}
          />
        )}
      </SimpleGrid>
      <Group grow align="flex-start">
        <MultiSelect
          label={t("exercises.participants")}
          data={members.data ?? []}
          value={participants}
          onChange={setParticipants}
          searchable
        />
        <NumberInput
          label={t("exercises.plannedParticipants")}
          min={0}
          value={planned}
          onChange={(v) => setPlanned(typeof v === "number" ? v : 0)}
        />
      </Group>
      <ErrorAlert error={formError} />
      <Group justify="flex-end">
        <Button data-testid="exercise-create" onClick={create}>
          {t("exercises.create")}
        </Button>
      </Group>
    </Stack>
  );
}
