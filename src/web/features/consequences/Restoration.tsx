/**
 * Restoring normal life on an activation (R20.4, R21.3, R21.4): damaged objects with their damage
 * assessment, restoration tasks, cost and done date; environmental safety checks with results; public
 * statements to limit the moral-psychological effect — drafted, approved by another person, then
 * published on the public page (and withdrawn from it).
 */
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { damageLevels, envCheckKinds, envCheckResults } from "../../../domain/consequences";
import { api, ok } from "../../api/client";
import type { Answer } from "../../api/types";
import { Basis } from "../../components/Basis";
import { BodyPicker } from "../../components/BodyPicker";
import { ErrorAlert } from "../../components/ErrorAlert";
import { PersonName, usePersonLabel } from "../../components/PersonName";
import { almatyInputToIso, formatMinute, nameOf } from "../../format";

type View = Answer<"/api/consequences/activations/{id}/restoration", "get">;
type DamagedObject = View["objects"][number];

const restorationKey = (id: string) => ["consequences", "restoration", id] as const;
const money = (n: number) => new Intl.NumberFormat("ru-RU").format(n);
const dateOf = (d: string) => d.split("-").reverse().join(".");

function ObjectForm({
  activationId,
  object,
  onDone,
  onCancel,
}: {
  activationId: string;
  object?: DamagedObject;
  onDone: (v: View) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(object?.name ?? "");
  const [address, setAddress] = useState(object?.address ?? "");
  const [damage, setDamage] = useState<DamagedObject["damage"]>(object?.damage ?? "moderate");
  const [assessment, setAssessment] = useState(object?.assessment ?? "");
  const [tasks, setTasks] = useState(
    (object?.restoration ?? []).map((r) => ({ ...r, key: crypto.randomUUID() })),
  );
  const [cost, setCost] = useState<number | null>(object?.costTenge ?? null);
  const [doneOn, setDoneOn] = useState(object?.doneOn ?? "");
  const [error, setError] = useState<unknown>(null);
  const body = {
    name,
    address,
    objectId: object?.objectId ?? null,
    damage,
    assessment,
    restoration: tasks.map(({ key: _k, ...r }) => r),
    costTenge: cost,
    doneOn: doneOn || null,
  };
  const save = () =>
    (object
      ? ok(
          api.PUT("/api/consequences/damaged-objects/{id}", {
            params: { path: { id: object.id } },
            body: { ...body, version: object.version },
          }),
        )
      : ok(
          api.POST("/api/consequences/activations/{id}/damaged-objects", {
            params: { path: { id: activationId } },
            body,
          }),
        )
    ).then(onDone, setError);
  return (
    <Card withBorder data-testid="damaged-object-form">
      <Stack gap="xs">
        <ErrorAlert error={error} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t("consequences.restoration.objectName")}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="object-name"
          />
          <TextInput
            label={t("consequences.restoration.address")}
            value={address}
            onChange={(e) => setAddress(e.currentTarget.value)}
          />
          <Select
            label={t("consequences.restoration.damage")}
            value={damage}
            onChange={(v) => v && setDamage(v as DamagedObject["damage"])}
            data={damageLevels.map((d) => ({ value: d, label: t(`consequences.damage.${d}`) }))}
            data-testid="object-damage"
          />
        </SimpleGrid>
        <Textarea
          label={t("consequences.restoration.assessment")}
          autosize
          minRows={2}
          value={assessment}
          onChange={(e) => setAssessment(e.currentTarget.value)}
          data-testid="object-assessment"
        />
        <Text size="sm" fw={600}>
          {t("consequences.restoration.tasks")}
        </Text>
        {tasks.map((r, i) => (
          <Group key={r.key} gap="xs" data-testid="restoration-task">
            <Checkbox
              checked={r.done}
              onChange={(e) => {
                const done = e.currentTarget.checked;
                setTasks((ts) => ts.map((x, j) => (j === i ? { ...x, done } : x)));
              }}
              aria-label={t("consequences.restoration.done")}
              data-testid="restoration-done"
            />
            <TextInput
              style={{ flexGrow: 1 }}
              value={r.title}
              onChange={(e) => {
                const title = e.currentTarget.value;
                setTasks((ts) => ts.map((x, j) => (j === i ? { ...x, title } : x)));
              }}
              data-testid="restoration-title"
            />
            <Button
              variant="subtle"
              color="red"
              size="compact-xs"
              onClick={() => setTasks((ts) => ts.filter((_, j) => j !== i))}
            >
              {t("consequences.plan.removeTask")}
            </Button>
          </Group>
        ))}
        <Button
          w="fit-content"
          size="xs"
          variant="light"
          data-testid="restoration-add"
          onClick={() => setTasks((ts) => [...ts, { key: crypto.randomUUID(), title: "", done: false }])}
        >
          {t("consequences.restoration.addTask")}
        </Button>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            min={0}
            thousandSeparator=" "
            label={t("consequences.restoration.cost")}
            value={cost ?? ""}
            onChange={(v) => setCost(v === "" ? null : Number(v))}
            data-testid="object-cost"
          />
          <TextInput
            type="date"
            label={t("consequences.restoration.doneOn")}
            value={doneOn}
            onChange={(e) => setDoneOn(e.currentTarget.value)}
            data-testid="object-done-on"
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("consequences.plan.cancel")}
          </Button>
          <Button onClick={save} data-testid="object-save">
            {t("consequences.plan.save")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function CheckForm({
  view,
  onDone,
  onCancel,
}: {
  view: View;
  onDone: (v: View) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<(typeof envCheckKinds)[number]>("air");
  const [place, setPlace] = useState("");
  const [at, setAt] = useState("");
  const [result, setResult] = useState<(typeof envCheckResults)[number]>("within_norms");
  const [findings, setFindings] = useState("");
  const [objectId, setObjectId] = useState<string | null>(null);
  const [bodyId, setBodyId] = useState("");
  const [error, setError] = useState<unknown>(null);
  return (
    <Card withBorder data-testid="env-check-form">
      <Stack gap="xs">
        <ErrorAlert error={error} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t("consequences.restoration.checkKind")}
            value={kind}
            onChange={(v) => v && setKind(v as typeof kind)}
            data={envCheckKinds.map((k) => ({ value: k, label: t(`consequences.envKind.${k}`) }))}
          />
          <TextInput
            label={t("consequences.restoration.place")}
            value={place}
            onChange={(e) => setPlace(e.currentTarget.value)}
            data-testid="check-place"
          />
          <TextInput
            type="datetime-local"
            label={t("consequences.restoration.checkedAt")}
            value={at}
            onChange={(e) => setAt(e.currentTarget.value)}
            data-testid="check-at"
          />
          <Select
            label={t("consequences.restoration.result")}
            value={result}
            onChange={(v) => v && setResult(v as typeof result)}
            data={envCheckResults.map((r) => ({ value: r, label: t(`consequences.envResult.${r}`) }))}
            data-testid="check-result"
          />
          <Select
            label={t("consequences.restoration.object")}
            clearable
            value={objectId}
            onChange={setObjectId}
            data={view.objects.map((o) => ({ value: o.id, label: o.name }))}
          />
          <BodyPicker
            label={t("consequences.restoration.checkedBy")}
            value={bodyId}
            onChange={setBodyId}
            showKind
          />
        </SimpleGrid>
        <Textarea
          label={t("consequences.restoration.findings")}
          autosize
          minRows={2}
          value={findings}
          onChange={(e) => setFindings(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("consequences.plan.cancel")}
          </Button>
          <Button
            data-testid="check-save"
            onClick={() =>
              ok(
                api.POST("/api/consequences/activations/{id}/env-checks", {
                  params: { path: { id: view.activationId } },
                  body: {
                    kind,
                    place,
                    checkedAt: almatyInputToIso(at) ?? "",
                    result,
                    findings,
                    damagedObjectId: objectId,
                    bodyId: bodyId || null,
                  },
                }),
              ).then(onDone, setError)
            }
          >
            {t("consequences.plan.save")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function StatementForm({
  activationId,
  onDone,
  onCancel,
}: {
  activationId: string;
  onDone: (v: View) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState({ kk: "", ru: "", en: "" });
  const [error, setError] = useState<unknown>(null);
  return (
    <Card withBorder data-testid="statement-form">
      <Stack gap="xs">
        <ErrorAlert error={error} />
        {(["kk", "ru", "en"] as const).map((l) => (
          <Textarea
            key={l}
            label={t(`consequences.restoration.text_${l}`)}
            autosize
            minRows={2}
            value={text[l]}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setText((x) => ({ ...x, [l]: v }));
            }}
            data-testid={`statement-${l}`}
          />
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("consequences.plan.cancel")}
          </Button>
          <Button
            data-testid="statement-save"
            onClick={() =>
              ok(
                api.POST("/api/consequences/activations/{id}/statements", {
                  params: { path: { id: activationId } },
                  body: { textKk: text.kk, textRu: text.ru, textEn: text.en },
                }),
              ).then(onDone, setError)
            }
          >
            {t("consequences.restoration.draft")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function RestorationPanel({ activationId }: { activationId: string }) {
  const { t, i18n } = useTranslation();
  const person = usePersonLabel();
  const qc = useQueryClient();
  const [form, setForm] = useState<"object" | "check" | "statement" | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const q = useQuery({
    queryKey: restorationKey(activationId),
    queryFn: () =>
      ok(
        api.GET("/api/consequences/activations/{id}/restoration", { params: { path: { id: activationId } } }),
      ),
  });
  const done = (v: View) => {
    qc.setQueryData(restorationKey(activationId), v);
    setForm(null);
    setEditing(null);
  };
  const v = q.data;
  if (!v) return <ErrorAlert error={q.error} />;
  const record = v.allowedActions.includes("record");
  const lang = i18n.language as "kk" | "ru" | "en";
  return (
    <Card withBorder data-testid="restoration">
      <Stack>
        <Group justify="space-between">
          <Title order={4}>{t("consequences.restoration.title")}</Title>
          <Basis ids={v.basis} />
        </Group>
        <ErrorAlert error={error} />
        <Text size="sm" data-testid="restoration-totals">
          {t("consequences.restoration.objects")}: {v.totals.objects} ·{" "}
          {t("consequences.restoration.restored")}: {v.totals.restored} · {t("consequences.restoration.cost")}
          : {money(v.totals.costTenge)} · {t("consequences.restoration.exceeded")}: {v.totals.exceeded}
        </Text>
        {record && (
          <Group gap="xs">
            {(["object", "check", "statement"] as const).map((f) => (
              <Button
                key={f}
                size="xs"
                variant={form === f ? "filled" : "light"}
                onClick={() => setForm(form === f ? null : f)}
                data-testid={`open-${f}-form`}
              >
                {t(`consequences.restoration.new_${f}`)}
              </Button>
            ))}
          </Group>
        )}
        {form === "object" && (
          <ObjectForm activationId={activationId} onDone={done} onCancel={() => setForm(null)} />
        )}
        {form === "check" && <CheckForm view={v} onDone={done} onCancel={() => setForm(null)} />}
        {form === "statement" && (
          <StatementForm activationId={activationId} onDone={done} onCancel={() => setForm(null)} />
        )}

        <Text fw={600}>{t("consequences.restoration.objects")}</Text>
        {v.objects.length === 0 && <Text size="sm">{t("consequences.summary.none")}</Text>}
        {v.objects.map((o) =>
          editing === o.id ? (
            <ObjectForm
              key={o.id}
              activationId={activationId}
              object={o}
              onDone={done}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <Card key={o.id} withBorder padding="xs" data-testid="damaged-object" data-state={o.state}>
              <Group justify="space-between">
                <Text fw={600}>
                  {o.name}
                  {o.address ? ` · ${o.address}` : ""}
                </Text>
                <Group gap="xs">
                  <Badge variant="light" color="orange">
                    {t(`consequences.damage.${o.damage}`)}
                  </Badge>
                  <Badge variant="light" color={o.state === "restored" ? "green" : "blue"}>
                    {t(`consequences.restorationState.${o.state}`)}
                  </Badge>
                  {record && (
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing(o.id)}>
                      {t("consequences.plan.edit")}
                    </Button>
                  )}
                </Group>
              </Group>
              {o.assessment && <Text size="sm">{o.assessment}</Text>}
              {o.restoration.map((r) => (
                <Text key={r.title} size="xs">
                  {r.done ? "☑" : "☐"} {r.title}
                </Text>
              ))}
              <Text size="xs" c="dimmed">
                {o.costTenge !== null
                  ? `${t("consequences.restoration.cost")}: ${money(o.costTenge)} · `
                  : ""}
                {o.doneOn ? `${t("consequences.restoration.doneOn")}: ${dateOf(o.doneOn)} · ` : ""}
                <PersonName person={o.recorder} storedName={o.recordedBy} /> · {formatMinute(o.updatedAt)}
              </Text>
            </Card>
          ),
        )}

        <Text fw={600}>{t("consequences.restoration.checks")}</Text>
        {v.checks.length === 0 && <Text size="sm">{t("consequences.summary.none")}</Text>}
        {v.checks.length > 0 && (
          <Table data-testid="env-checks">
            <Table.Tbody>
              {v.checks.map((c) => (
                <Table.Tr key={c.id} data-testid="env-check" data-result={c.result}>
                  <Table.Td>{formatMinute(c.checkedAt)}</Table.Td>
                  <Table.Td>{t(`consequences.envKind.${c.kind}`)}</Table.Td>
                  <Table.Td>{c.place}</Table.Td>
                  <Table.Td>
                    <Badge color={c.result === "exceeded" ? "red" : "green"} variant="light">
                      {t(`consequences.envResult.${c.result}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{c.findings}</Text>
                    <Text size="xs" c="dimmed">
                      {c.body ? (
                        nameOf(c.body.names)
                      ) : (
                        <PersonName person={c.recorder} storedName={c.recordedBy} />
                      )}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}

        <Text fw={600}>{t("consequences.restoration.statements")}</Text>
        <Text size="xs" c="dimmed">
          {t("consequences.restoration.statementsHint")}
        </Text>
        {v.statements.length === 0 && <Text size="sm">{t("consequences.summary.none")}</Text>}
        {v.statements.map((s) => (
          <Card key={s.id} withBorder padding="xs" data-testid="statement" data-status={s.status}>
            <Group justify="space-between">
              <Badge color={s.status === "approved" ? "green" : s.status === "withdrawn" ? "gray" : "blue"}>
                {t(`consequences.statementStatus.${s.status}`)}
              </Badge>
              <Group gap="xs">
                {s.allowedActions.map((a) => (
                  <Button
                    key={a}
                    size="compact-xs"
                    variant="light"
                    color={a === "withdraw" ? "red" : undefined}
                    data-testid={`statement-${a}`}
                    onClick={() =>
                      ok(
                        api.POST("/api/consequences/statements/{id}/actions", {
                          params: { path: { id: s.id } },
                          body: { action: a, version: s.version },
                        }),
                      ).then((nv) => qc.setQueryData(restorationKey(activationId), nv), setError)
                    }
                  >
                    {t(`consequences.statementAction.${a}`)}
                  </Button>
                ))}
              </Group>
            </Group>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {s.text[lang] || s.text.ru}
            </Text>
            <Text size="xs" c="dimmed">
              {nameOf(s.territory.names)} · {t("consequences.restoration.author")}:{" "}
              <span data-testid="statement-author">
                {s.author.person
                  ? person(s.author.person, s.author.name)
                  : `${s.author.name} (${nameOf(s.author.body.names)})`}
              </span>{" "}
              · {formatMinute(s.createdAt)}
              {s.approvedAt
                ? ` · ${t("consequences.restoration.approvedBy")}: ${person(s.approver, s.approvedBy ?? "")} · ${formatMinute(s.approvedAt)}`
                : ""}
            </Text>
          </Card>
        ))}
      </Stack>
    </Card>
  );
}
