/**
 * The anti-terrorist protection passport (restricted): opened on request (each read is logged on the
 * server), its sections, the equipment against what the category requires, and the workflow — the owner
 * saves and submits, the police unit agrees or returns it with remarks, the owner attaches the signed scan.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  CloseButton,
  FileInput,
  Group,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { Answer } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { PersonName } from "../../components/PersonName";
import { fileToBase64 } from "../../files";
import { formatMinute } from "../../format";
import { useObjectsChanged } from "./api";

type Passport = Answer<"/api/objects/{id}/passport", "get">;
type Sections = Passport["sections"];
const EQUIPMENT = [
  "video_surveillance",
  "alarm",
  "access_control",
  "lighting",
  "barriers",
  "communications",
] as const;
const empty: Sections = {
  general: { description: "", workingHours: "", area: "" },
  people: { staff: 0, visitorsPerDay: 0, maxSimultaneous: 0 },
  criticalZones: [],
  guard: { organisation: "", posts: 0, accessRegime: "" },
  engineering: {},
  evacuation: { exits: 0, plan: "", assemblyPoint: "" },
  contacts: [],
};
const day = (d: string | null) => (d ? d.split("-").reverse().join(".") : "");

export function PassportPanel({
  objectId,
  canWrite,
  hasPassport,
}: {
  objectId: string;
  canWrite: boolean;
  hasPassport: boolean;
}) {
  const { t } = useTranslation();
  const [p, setP] = useState<Passport | null>(null);
  const [draft, setDraft] = useState<Sections | null>(null);
  const [remarks, setRemarks] = useState("");
  const [error, setError] = useState<unknown>(null);
  const changed = useObjectsChanged();
  const run = async (f: () => Promise<Passport>) => {
    setError(null);
    try {
      const next = await f();
      setP(next);
      setDraft(next.allowedActions.includes("save") ? next.sections : null);
      changed();
    } catch (e) {
      setError(e);
    }
  };
  const open = () =>
    run(() => ok(api.GET("/api/objects/{id}/passport", { params: { path: { id: objectId } } })));
  const save = () =>
    run(() =>
      ok(
        api.PUT("/api/objects/{id}/passport", {
          params: { path: { id: objectId } },
          body: { sections: draft ?? empty, version: p && p.status !== "agreed" ? p.version : undefined },
        }),
      ),
    );
  const act = (action: "submit" | "agree" | "return") =>
    run(() =>
      ok(
        api.POST("/api/objects/{id}/passport/actions", {
          params: { path: { id: objectId } },
          body: { action, remarks, version: p!.version },
        }),
      ),
    );
  const attach = async (f: File | null) => {
    if (!f || !p) return;
    const contentBase64 = await fileToBase64(f);
    await run(() =>
      ok(
        api.POST("/api/objects/{id}/passport/scan", {
          params: { path: { id: objectId } },
          body: { filename: f.name, contentBase64, version: p.version },
        }),
      ),
    );
  };

  if (!p)
    return (
      <Card withBorder>
        <Group>
          <Badge color="red" variant="outline">
            {t("objects.restricted")}
          </Badge>
          {hasPassport && (
            <Button variant="light" onClick={open} data-testid="passport-open">
              {t("objects.openPassport")}
            </Button>
          )}
          {!hasPassport && canWrite && (
            <Button
              variant="light"
              onClick={() =>
                run(() =>
                  ok(
                    api.PUT("/api/objects/{id}/passport", {
                      params: { path: { id: objectId } },
                      body: { sections: empty },
                    }),
                  ),
                )
              }
              data-testid="passport-new"
            >
              {t("objects.newPassport")}
            </Button>
          )}
        </Group>
        <ErrorAlert error={error} />
      </Card>
    );

  const s = draft ?? p.sections;
  const editing = !!draft;
  const set = (next: Partial<Sections>) => setDraft({ ...s, ...next });
  return (
    <Card withBorder data-testid="passport" data-status={p.status}>
      <Stack>
        <Group justify="space-between">
          <Title order={4}>{t("objects.passportTitle", { number: p.number })}</Title>
          <Group>
            <Badge color="red" variant="outline">
              {t("objects.restricted")}
            </Badge>
            <Badge data-testid="passport-status">{t(`objects.passportStatus.${p.status}`)}</Badge>
          </Group>
        </Group>
        {p.validUntil && <Text size="sm">{t("objects.validUntil", { date: day(p.validUntil) })}</Text>}
        {p.remarks && (
          <Alert color="orange" title={t("objects.remarks")}>
            {p.remarks}
          </Alert>
        )}
        <Title order={5}>{t("objects.section.general")}</Title>
        <Textarea
          label={t("objects.field.description")}
          value={s.general.description}
          readOnly={!editing}
          onChange={(e) => set({ general: { ...s.general, description: e.currentTarget.value } })}
          data-testid="passport-description"
        />
        <Group grow>
          <TextInput
            label={t("objects.field.workingHours")}
            value={s.general.workingHours}
            readOnly={!editing}
            onChange={(e) => set({ general: { ...s.general, workingHours: e.currentTarget.value } })}
          />
          <TextInput
            label={t("objects.field.area")}
            value={s.general.area}
            readOnly={!editing}
            onChange={(e) => set({ general: { ...s.general, area: e.currentTarget.value } })}
          />
        </Group>
        <Title order={5}>{t("objects.section.people")}</Title>
        <Group grow>
          <NumberInput
            label={t("objects.staff")}
            value={s.people.staff}
            readOnly={!editing}
            min={0}
            onChange={(v) => set({ people: { ...s.people, staff: Number(v) || 0 } })}
          />
          <NumberInput
            label={t("objects.field.visitorsPerDay")}
            value={s.people.visitorsPerDay}
            readOnly={!editing}
            min={0}
            onChange={(v) => set({ people: { ...s.people, visitorsPerDay: Number(v) || 0 } })}
          />
          <NumberInput
            label={t("objects.field.maxSimultaneous")}
            value={s.people.maxSimultaneous}
            readOnly={!editing}
            min={0}
            onChange={(v) => set({ people: { ...s.people, maxSimultaneous: Number(v) || 0 } })}
          />
        </Group>
        <Title order={5}>{t("objects.section.criticalZones")}</Title>
        <RowsEditor
          rows={s.criticalZones}
          editing={editing}
          onChange={(criticalZones) => set({ criticalZones })}
          blank={{ name: "", description: "" }}
          fields={[
            { key: "name", label: t("objects.field.zoneName") },
            { key: "description", label: t("objects.field.zoneDescription") },
          ]}
          addLabel={t("objects.addZone")}
          testId="passport-zone"
        />
        <Title order={5}>{t("objects.section.guard")}</Title>
        <Group grow>
          <TextInput
            label={t("objects.field.organisation")}
            value={s.guard.organisation}
            readOnly={!editing}
            onChange={(e) => set({ guard: { ...s.guard, organisation: e.currentTarget.value } })}
          />
          <NumberInput
            label={t("objects.field.posts")}
            value={s.guard.posts}
            readOnly={!editing}
            min={0}
            onChange={(v) => set({ guard: { ...s.guard, posts: Number(v) || 0 } })}
          />
        </Group>
        <Textarea
          label={t("objects.field.accessRegime")}
          value={s.guard.accessRegime}
          readOnly={!editing}
          onChange={(e) => set({ guard: { ...s.guard, accessRegime: e.currentTarget.value } })}
        />
        <Title order={5}>{t("objects.section.engineering")}</Title>
        {EQUIPMENT.map((k) => {
          const e = s.engineering[k] ?? { present: false, note: "" };
          return (
            <Group key={k} grow>
              <Checkbox
                label={t(`objects.equipment.${k}`)}
                checked={e.present}
                disabled={!editing}
                onChange={(ev) =>
                  set({ engineering: { ...s.engineering, [k]: { ...e, present: ev.currentTarget.checked } } })
                }
                data-testid={`equipment-${k}`}
              />
              <TextInput
                placeholder={t("objects.field.note")}
                value={e.note ?? ""}
                readOnly={!editing}
                onChange={(ev) =>
                  set({ engineering: { ...s.engineering, [k]: { ...e, note: ev.currentTarget.value } } })
                }
              />
            </Group>
          );
        })}
        <Text size="sm" c={p.gaps.length ? "red" : "green"} data-testid="passport-gaps">
          {p.gaps.length
            ? `${t("objects.gaps")}: ${p.gaps.map((g) => t(`objects.equipment.${g}`)).join(", ")}`
            : t("objects.noGaps")}
        </Text>
        <Title order={5}>{t("objects.section.evacuation")}</Title>
        <Group grow>
          <NumberInput
            label={t("objects.field.exits")}
            value={s.evacuation.exits}
            readOnly={!editing}
            min={0}
            onChange={(v) => set({ evacuation: { ...s.evacuation, exits: Number(v) || 0 } })}
          />
          <TextInput
            label={t("objects.field.assemblyPoint")}
            value={s.evacuation.assemblyPoint}
            readOnly={!editing}
            onChange={(e) => set({ evacuation: { ...s.evacuation, assemblyPoint: e.currentTarget.value } })}
          />
        </Group>
        <Textarea
          label={t("objects.field.plan")}
          value={s.evacuation.plan}
          readOnly={!editing}
          onChange={(e) => set({ evacuation: { ...s.evacuation, plan: e.currentTarget.value } })}
        />
        <Title order={5}>{t("objects.section.contacts")}</Title>
        <RowsEditor
          rows={s.contacts}
          editing={editing}
          onChange={(contacts) => set({ contacts })}
          blank={{ role: "", name: "", phone: "" }}
          fields={[
            { key: "role", label: t("objects.field.role") },
            { key: "name", label: t("objects.field.name") },
            { key: "phone", label: t("objects.field.phone") },
          ]}
          addLabel={t("objects.addContact")}
          testId="passport-contact"
        />
        {p.scan && <Text size="sm">{t("objects.scan", { name: p.scan.filename })}</Text>}
        <ErrorAlert error={error} />
        {(p.allowedActions.includes("agree") || p.allowedActions.includes("return")) && (
          <Textarea
            label={t("objects.remarks")}
            value={remarks}
            onChange={(e) => setRemarks(e.currentTarget.value)}
            data-testid="passport-remarks"
          />
        )}
        <Group>
          {p.allowedActions.includes("save") && (
            <Button onClick={save} data-testid="passport-save">
              {t("objects.save")}
            </Button>
          )}
          {p.allowedActions.includes("submit") && (
            <Button variant="light" onClick={() => act("submit")} data-testid="passport-submit">
              {t("objects.action.submit")}
            </Button>
          )}
          {p.allowedActions.includes("agree") && (
            <Button color="green" onClick={() => act("agree")} data-testid="passport-agree">
              {t("objects.action.agree")}
            </Button>
          )}
          {p.allowedActions.includes("return") && (
            <Button
              color="orange"
              variant="light"
              onClick={() => act("return")}
              data-testid="passport-return"
            >
              {t("objects.action.return")}
            </Button>
          )}
          {p.allowedActions.includes("revise") && (
            <Button variant="default" onClick={() => setDraft(p.sections)} data-testid="passport-revise">
              {t("objects.action.revise")}
            </Button>
          )}
          {p.allowedActions.includes("attachScan") && (
            <FileInput
              placeholder={t("objects.action.attachScan")}
              accept=".pdf,.jpg,.jpeg,.png"
              onChange={attach}
              w={280}
            />
          )}
        </Group>
        <PassportVersions
          objectId={objectId}
          current={p.number}
          onOpen={(number) =>
            run(() =>
              ok(
                api.GET("/api/objects/{id}/passports/{number}", {
                  params: { path: { id: objectId, number } },
                }),
              ),
            )
          }
        />
        {p.history.length > 0 && (
          <Stack gap={2}>
            <Text fw={600} size="sm">
              {t("objects.history")}
            </Text>
            {p.history.map((h) => (
              <Text key={h.at + h.action} size="xs" c="dimmed">
                {formatMinute(h.at)} · <PersonName person={h.actor} storedName={h.actorName} /> ·{" "}
                {t(`objects.event.${h.action}`)} {h.comment && `— ${h.comment}`}
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** The passport's versions (statuses and dates); opening an older one shows it read-only (the read is logged). */
function PassportVersions({
  objectId,
  current,
  onOpen,
}: {
  objectId: string;
  current: number;
  onOpen: (number: number) => void;
}) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["objects", "passports", objectId, current],
    queryFn: () => ok(api.GET("/api/objects/{id}/passports", { params: { path: { id: objectId } } })),
  });
  if (!q.data || q.data.items.length < 2) return null;
  return (
    <Stack gap={2} data-testid="passport-versions">
      <Text fw={600} size="sm">
        {t("objects.versions")}
      </Text>
      {q.data.items.map((v) => (
        <Group key={v.id} gap="xs">
          <Button
            size="compact-xs"
            variant={v.number === current ? "filled" : "subtle"}
            onClick={() => onOpen(v.number)}
            data-testid="passport-version"
          >
            {t("objects.versionN", { number: v.number })}
          </Button>
          <Text size="xs" c="dimmed">
            {t(`objects.passportStatus.${v.status}`)}
            {v.decidedAt && ` · ${formatMinute(v.decidedAt)}`}
            {v.validUntil && ` · ${t("objects.validUntil", { date: day(v.validUntil) })}`}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

let nextKey = 0;

/** Rows of text fields (critical zones, contacts): edited in place, added and removed while drafting. */
function RowsEditor<R extends Record<string, string>>({
  rows,
  editing,
  onChange,
  blank,
  fields,
  addLabel,
  testId,
}: {
  rows: R[];
  editing: boolean;
  onChange: (rows: R[]) => void;
  blank: R;
  fields: { key: keyof R & string; label: string }[];
  addLabel: string;
  testId: string;
}) {
  // Stable keys for rows that have no id of their own, kept in step with the rows.
  const [keys, setKeys] = useState<number[]>(() => rows.map(() => nextKey++));
  const ks = keys.length === rows.length ? keys : rows.map((_, i) => keys[i] ?? nextKey++);
  if (!editing)
    return (
      <>
        {rows.map((r, i) => (
          <Text key={ks[i]} size="sm" data-testid={testId}>
            {fields
              .map((f) => r[f.key])
              .filter(Boolean)
              .join(" — ")}
          </Text>
        ))}
      </>
    );
  return (
    <Stack gap="xs">
      {rows.map((r, i) => (
        <Group key={ks[i]} grow align="end" data-testid={testId}>
          {fields.map((f) => (
            <TextInput
              key={f.key}
              label={f.label}
              value={r[f.key]}
              onChange={(e) =>
                onChange(rows.map((x, j) => (j === i ? { ...x, [f.key]: e.currentTarget.value } : x)))
              }
              data-testid={`${testId}-${f.key}`}
            />
          ))}
          <CloseButton
            style={{ flexGrow: 0 }}
            aria-label="×"
            onClick={() => {
              setKeys(ks.filter((_, j) => j !== i));
              onChange(rows.filter((_, j) => j !== i));
            }}
          />
        </Group>
      ))}
      <Button
        variant="default"
        size="compact-sm"
        w="fit-content"
        onClick={() => {
          setKeys([...ks, nextKey++]);
          onChange([...rows, { ...blank }]);
        }}
        data-testid={`${testId}-add`}
      >
        {addLabel}
      </Button>
    </Stack>
  );
}
