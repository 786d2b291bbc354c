/**
 * The form of a threat-level decision: a new declaration, or a change of one (extend, raise, lower,
 * partly lift, cancel). Offered only for what the server allows (`allowedActions`); the server checks
 * everything again and answers field by field.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type ChangeAction, LEVEL_RANK, type ThreatLevel, threatLevels } from "../../domain/threat-levels";
import { ApiError, api, ok } from "../api/client";
import type { ThreatDeclarationView } from "../api/types";
import { almatyInputToIso, nameOf } from "../format";
import { DateField } from "./DateField";
import { TerritoryPicker } from "./TerritoryPicker";

type Props =
  | { mode: "declare"; onClose: () => void }
  | { mode: "change"; action: ChangeAction; declaration: ThreatDeclarationView; onClose: () => void };

/** A territory's name in the current language (the same query as TerritoryPicker's: cached). */
function TerritoryName({ code }: { code: string }) {
  const q = useQuery({
    queryKey: ["territory", code],
    queryFn: () => ok(api.GET("/api/territories/{code}", { params: { path: { code } } })),
  });
  return <>{q.data ? `${nameOf(q.data.names)} (${code})` : code}</>;
}

function TerritoryList({
  units,
  onChange,
  error,
  label,
}: {
  units: string[];
  onChange: (u: string[]) => void;
  error?: string;
  label: string;
}) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string | null>(null);
  const add = (code: string) => {
    if (!units.includes(code)) onChange([...units, code]);
  };
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {units.map((code) => (
        <Checkbox
          key={code}
          checked
          label={<TerritoryName code={code} />}
          onChange={() => onChange(units.filter((x) => x !== code))}
          data-testid={`threat-territory-${code}`}
        />
      ))}
      <Group align="flex-end" gap="xs">
        <div style={{ flex: 1 }}>
          <TerritoryPicker
            value={picked}
            onChange={(code) => {
              setPicked(null);
              if (code) add(code);
            }}
            label={t("threat.addTerritory")}
            maxLevel={4}
            testId="threat-territory-picker"
          />
        </div>
        <Button variant="light" size="xs" onClick={() => add("KZ")}>
          {t("threat.wholeCountry")}
        </Button>
        <Button variant="light" size="xs" onClick={() => add("KZ-CASPIAN")}>
          {t("threat.caspian")}
        </Button>
      </Group>
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

export function ThreatDecisionForm(props: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const action = props.mode === "declare" ? "declare" : props.action;
  const current = props.mode === "change" ? props.declaration : null;
  const levelChoices = threatLevels.filter((l) =>
    action === "raise"
      ? LEVEL_RANK[l] > LEVEL_RANK[current!.level!]
      : action === "lower"
        ? LEVEL_RANK[l] < LEVEL_RANK[current!.level!]
        : true,
  );
  const [level, setLevel] = useState<ThreatLevel>(levelChoices[0]);
  const [units, setUnits] = useState<string[]>(current ? current.territories.map((x) => x.code) : []);
  const [startsAt, setStartsAt] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const [open, setOpen] = useState(false);
  const [grounds, setGrounds] = useState("");
  const [kk, setKk] = useState("");
  const [ru, setRu] = useState("");
  const [en, setEn] = useState("");
  const [decisionRef, setDecisionRef] = useState("");

  const save = useMutation({
    mutationFn: async () => {
      const announcement = { kk, ru, en };
      const end = open ? null : (almatyInputToIso(endsAt) ?? "");
      if (props.mode === "declare")
        return ok(
          api.POST("/api/threat-levels", {
            body: {
              level,
              territories: units,
              startsAt: almatyInputToIso(startsAt),
              endsAt: end as string | null,
              grounds,
              announcement,
              decisionRef,
            },
          }),
        );
      return ok(
        api.POST("/api/threat-levels/{id}/changes", {
          params: { path: { id: props.declaration.id } },
          body: {
            action: props.action,
            ...(action === "raise" || action === "lower" ? { level } : {}),
            ...(action === "extend" ? { endsAt: end as string | null } : {}),
            ...(action === "partial_lift" ? { territories: units } : {}),
            grounds,
            announcement,
            decisionRef,
          },
        }),
      );
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ["threat-levels"] });
      props.onClose();
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const fe = (p: string) => err?.fieldMessage(p);
  const title =
    props.mode === "declare"
      ? t("threat.declareTitle")
      : t("threat.changeTitle", { action: t(`threatAction.${action}`), number: props.declaration.number });

  return (
    <Modal opened onClose={props.onClose} title={title} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        data-testid="threat-form"
      >
        <Stack>
          {(action === "declare" || action === "raise" || action === "lower") && (
            <div>
              <Text size="sm" fw={500} id="threat-level-label">
                {action === "declare" ? t("threat.level") : t("threat.newLevel")}
              </Text>
              <SegmentedControl
                aria-labelledby="threat-level-label"
                value={level}
                onChange={(v) => setLevel(v as ThreatLevel)}
                data={levelChoices.map((l) => ({ value: l, label: t(`threatLevel.${l}`) }))}
                data-testid="threat-level"
              />
              {fe("level") && (
                <Text c="red" size="sm">
                  {fe("level")}
                </Text>
              )}
            </div>
          )}
          {(action === "declare" || action === "partial_lift") && (
            <TerritoryList
              units={units}
              onChange={setUnits}
              error={fe("territories") ?? fe("territories.0")}
              label={action === "declare" ? t("threat.territories") : t("threat.keptTerritories")}
            />
          )}
          {action === "partial_lift" && <Text size="xs">{t("threat.keptHint")}</Text>}
          {action === "declare" && (
            <DateField
              withTime
              label={t("threat.startsAt")}
              description={t("threat.startsAtHint")}
              value={startsAt}
              onChange={(v) => setStartsAt(v)}
              error={fe("startsAt")}
            />
          )}
          {(action === "declare" || action === "extend") && (
            <Group align="flex-end">
              <DateField
                withTime
                label={action === "extend" ? t("threat.newEnd") : t("threat.endsAt")}
                value={endsAt}
                disabled={open}
                onChange={(v) => setEndsAt(v)}
                error={fe("endsAt")}
                data-testid="threat-ends-at"
              />
              <Checkbox
                label={t("threat.untilFurtherNotice")}
                checked={open}
                onChange={(e) => setOpen(e.currentTarget.checked)}
                mb={8}
              />
            </Group>
          )}
          <Textarea
            label={t("threat.grounds")}
            required
            autosize
            minRows={2}
            value={grounds}
            onChange={(e) => setGrounds(e.currentTarget.value)}
            error={fe("grounds")}
            data-testid="threat-grounds"
          />
          <Textarea
            label={t("threat.announcementKk")}
            required
            autosize
            minRows={2}
            value={kk}
            onChange={(e) => setKk(e.currentTarget.value)}
            error={fe("announcement.kk")}
            data-testid="threat-announcement-kk"
          />
          <Textarea
            label={t("threat.announcementRu")}
            required
            autosize
            minRows={2}
            value={ru}
            onChange={(e) => setRu(e.currentTarget.value)}
            error={fe("announcement.ru")}
            data-testid="threat-announcement-ru"
          />
          <Textarea
            label={t("threat.announcementEn")}
            autosize
            minRows={1}
            value={en}
            onChange={(e) => setEn(e.currentTarget.value)}
            error={fe("announcement.en")}
          />
          <TextInput
            label={t("threat.decisionRef")}
            placeholder={t("threat.decisionRefHint")}
            value={decisionRef}
            onChange={(e) => setDecisionRef(e.currentTarget.value)}
            error={fe("decisionRef")}
          />
          {err && !err.body.fields && (
            <Alert color="red" role="alert" data-testid="threat-form-error">
              {err.body.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="threat-submit">
              {t("threat.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
