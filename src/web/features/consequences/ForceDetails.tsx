/**
 * One response force (R22, R23) in a dialog: its details for a duty officer (contacts on duty, base
 * point, personnel, means, the commission or HQ it answers to), readiness confirmed with a level and a
 * note, the readiness history, and — for the disaster-medicine service's health organisations (R23) —
 * beds by profile, free now.
 */
import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { bedProfiles, meansKinds } from "../../../domain/consequences";
import { api, ok } from "../../api/client";
import { Basis } from "../../components/Basis";
import { BodyPicker } from "../../components/BodyPicker";
import { ErrorAlert } from "../../components/ErrorAlert";
import { PersonName } from "../../components/PersonName";
import { formatMinute, nameOf } from "../../format";
import { type Force, keys } from "./api";

const num = (v: string | number) => (typeof v === "number" ? v : Number(v) || 0);
const optNum = (v: string | number) => (v === "" ? null : typeof v === "number" ? v : Number(v));

type Contact = Force["dutyContacts"][number] & { key: string };
type Means = Force["means"][number] & { key: string };

function DetailsForm({ force, onSaved }: { force: Force; onSaved: (f: Force) => void }) {
  const { t } = useTranslation();
  const [contacts, setContacts] = useState<Contact[]>(
    force.dutyContacts.map((c) => ({ ...c, key: crypto.randomUUID() })),
  );
  const [means, setMeans] = useState<Means[]>(force.means.map((m) => ({ ...m, key: crypto.randomUUID() })));
  const [lat, setLat] = useState<number | null>(force.lat);
  const [lon, setLon] = useState<number | null>(force.lon);
  const [personnel, setPersonnel] = useState(force.personnel ?? 0);
  const [answersTo, setAnswersTo] = useState(force.answersTo?.id ?? "");
  const [error, setError] = useState<unknown>(null);
  const setContact = (i: number, p: Partial<Contact>) =>
    setContacts((cs) => cs.map((c, j) => (j === i ? { ...c, ...p } : c)));
  const setMean = (i: number, p: Partial<Means>) =>
    setMeans((ms) => ms.map((m, j) => (j === i ? { ...m, ...p } : m)));
  const save = () =>
    ok(
      api.PUT("/api/consequences/forces/{id}", {
        params: { path: { id: force.id } },
        body: {
          dutyContacts: contacts.map(({ key: _k, ...c }) => c),
          lat,
          lon,
          personnel,
          means: means.map(({ key: _k, ...m }) => m),
          answersToBodyId: answersTo || null,
        },
      }),
    ).then(onSaved, setError);
  return (
    <Stack data-testid="force-details-form">
      <ErrorAlert error={error} />
      <Text fw={600}>{t("consequences.forces.dutyContacts")}</Text>
      {contacts.map((c, i) => (
        <Group key={c.key} align="flex-end" grow data-testid="force-contact">
          <TextInput
            label={t("consequences.forces.contactName")}
            value={c.name}
            onChange={(e) => setContact(i, { name: e.currentTarget.value })}
            data-testid="contact-name"
          />
          <TextInput
            label={t("consequences.forces.contactPhone")}
            value={c.phone}
            onChange={(e) => setContact(i, { phone: e.currentTarget.value })}
            data-testid="contact-phone"
          />
          <TextInput
            label={t("consequences.forces.contactPosition")}
            value={c.position}
            onChange={(e) => setContact(i, { position: e.currentTarget.value })}
          />
          <Button
            variant="subtle"
            color="red"
            style={{ flexGrow: 0 }}
            onClick={() => setContacts((cs) => cs.filter((_, j) => j !== i))}
          >
            {t("consequences.plan.removeTask")}
          </Button>
        </Group>
      ))}
      <Button
        w="fit-content"
        variant="light"
        size="xs"
        data-testid="add-contact"
        onClick={() =>
          setContacts((cs) => [...cs, { key: crypto.randomUUID(), name: "", phone: "", position: "" }])
        }
      >
        {t("consequences.forces.addContact")}
      </Button>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput
          label={t("consequences.forces.lat")}
          decimalScale={6}
          value={lat ?? ""}
          onChange={(v) => setLat(optNum(v))}
          data-testid="force-lat"
        />
        <NumberInput
          label={t("consequences.forces.lon")}
          decimalScale={6}
          value={lon ?? ""}
          onChange={(v) => setLon(optNum(v))}
          data-testid="force-lon"
        />
        <NumberInput
          min={0}
          label={t("consequences.forces.personnel")}
          value={personnel}
          onChange={(v) => setPersonnel(num(v))}
          data-testid="force-personnel"
        />
      </SimpleGrid>
      <Text fw={600}>{t("consequences.forces.means")}</Text>
      {means.map((m, i) => (
        <Group key={m.key} align="flex-end" grow data-testid="force-means">
          <Select
            label={t("consequences.forces.type")}
            value={m.kind}
            onChange={(v) => v && setMean(i, { kind: v as Means["kind"] })}
            data={meansKinds.map((k) => ({ value: k, label: t(`consequences.means.${k}`) }))}
          />
          <NumberInput
            min={0}
            label={t("consequences.forces.count")}
            value={m.count}
            onChange={(v) => setMean(i, { count: num(v) })}
            data-testid="means-count"
          />
          <TextInput
            label={t("consequences.forces.note")}
            value={m.note}
            onChange={(e) => setMean(i, { note: e.currentTarget.value })}
          />
          <Button
            variant="subtle"
            color="red"
            style={{ flexGrow: 0 }}
            onClick={() => setMeans((ms) => ms.filter((_, j) => j !== i))}
          >
            {t("consequences.plan.removeTask")}
          </Button>
        </Group>
      ))}
      <Button
        w="fit-content"
        variant="light"
        size="xs"
        data-testid="add-means"
        onClick={() =>
          setMeans((ms) => [...ms, { key: crypto.randomUUID(), kind: "fire_engine", count: 1, note: "" }])
        }
      >
        {t("consequences.forces.addMeans")}
      </Button>
      <BodyPicker
        label={t("consequences.forces.answersTo")}
        kinds={["commission", "hq", "atc"]}
        value={answersTo}
        current={force.answersTo}
        onChange={setAnswersTo}
        showKind
      />
      <Group justify="flex-end">
        <Button onClick={save} data-testid="force-save">
          {t("consequences.plan.save")}
        </Button>
      </Group>
    </Stack>
  );
}

function BedsForm({ force, onSaved }: { force: Force; onSaved: (f: Force) => void }) {
  const { t } = useTranslation();
  const [beds, setBeds] = useState(
    bedProfiles.map((p) => {
      const b = force.beds.find((x) => x.profile === p);
      return { profile: p, total: b?.total ?? 0, free: b?.free ?? 0, updatedAt: b?.updatedAt ?? null };
    }),
  );
  const [error, setError] = useState<unknown>(null);
  const set = (i: number, p: Partial<(typeof beds)[number]>) =>
    setBeds((bs) => bs.map((b, j) => (j === i ? { ...b, ...p } : b)));
  return (
    <Stack data-testid="force-beds-form">
      <Basis ids={["R23"]} />
      <ErrorAlert error={error} />
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("consequences.forces.beds")}</Table.Th>
            <Table.Th>{t("consequences.forces.total")}</Table.Th>
            <Table.Th>{t("consequences.forces.free")}</Table.Th>
            <Table.Th>{t("consequences.forces.updatedAt")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {beds.map((b, i) => (
            <Table.Tr key={b.profile} data-testid="bed-row" data-profile={b.profile}>
              <Table.Td>{t(`consequences.bedProfile.${b.profile}`)}</Table.Td>
              <Table.Td>
                <NumberInput
                  min={0}
                  value={b.total}
                  onChange={(v) => set(i, { total: num(v) })}
                  data-testid="bed-total"
                />
              </Table.Td>
              <Table.Td>
                <NumberInput
                  min={0}
                  value={b.free}
                  onChange={(v) => set(i, { free: num(v) })}
                  data-testid="bed-free"
                />
              </Table.Td>
              <Table.Td>
                <Text size="xs">{b.updatedAt ? formatMinute(b.updatedAt) : "—"}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Button
          data-testid="beds-save"
          onClick={() =>
            ok(
              api.PUT("/api/consequences/forces/{id}/beds", {
                params: { path: { id: force.id } },
                body: { beds: beds.map(({ profile, total, free }) => ({ profile, total, free })) },
              }),
            ).then(onSaved, setError)
          }
        >
          {t("consequences.forces.updateBeds")}
        </Button>
      </Group>
    </Stack>
  );
}

function Readiness({ force, onSaved }: { force: Force; onSaved: (f: Force) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [level, setLevel] = useState<string>(force.readiness ?? "ready");
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const history = useQuery({
    queryKey: ["consequences", "readiness", force.id],
    queryFn: () =>
      ok(api.GET("/api/consequences/forces/{id}/readiness", { params: { path: { id: force.id } } })),
  });
  const manage = force.allowedActions.includes("confirm_readiness");
  return (
    <Stack>
      <ErrorAlert error={error} />
      {manage && (
        <Group align="flex-end">
          <Select
            label={t("consequences.forces.readiness")}
            value={level}
            onChange={(v) => v && setLevel(v)}
            data={(["ready", "limited", "unavailable"] as const).map((r) => ({
              value: r,
              label: t(`consequences.readinessState.${r}`),
            }))}
            data-testid="readiness-level"
          />
          <TextInput
            label={t("consequences.forces.note")}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            data-testid="readiness-note"
          />
          <Button
            data-testid="readiness-confirm"
            onClick={() =>
              ok(
                api.POST("/api/consequences/forces/{id}/readiness", {
                  params: { path: { id: force.id } },
                  body: { readiness: level as "ready" | "limited" | "unavailable", note },
                }),
              ).then((f) => {
                setNote("");
                void qc.invalidateQueries({ queryKey: ["consequences", "readiness", force.id] });
                onSaved(f);
              }, setError)
            }
          >
            {t("consequences.forces.confirm")}
          </Button>
        </Group>
      )}
      <Text fw={600}>{t("consequences.forces.history")}</Text>
      <Table data-testid="readiness-history">
        <Table.Tbody>
          {history.data?.items.length === 0 && (
            <Table.Tr>
              <Table.Td>{t("consequences.forms.noHistory")}</Table.Td>
            </Table.Tr>
          )}
          {history.data?.items.map((h) => (
            <Table.Tr key={`${h.at}:${h.readiness}`} data-testid="readiness-entry">
              <Table.Td>{formatMinute(h.at)}</Table.Td>
              <Table.Td>
                <Badge variant="light">{t(`consequences.readinessState.${h.readiness}`)}</Badge>
              </Table.Td>
              <Table.Td>{h.note}</Table.Td>
              <Table.Td>
                <PersonName person={h.by} storedName={h.byName} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** The force's dialog; opened from the readiness board. */
export function ForceDialog({
  force,
  territory,
  onClose,
}: {
  force: Force | null;
  territory: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [tab, setTab] = useState<string | null>("readiness");
  const saved = () => {
    void qc.invalidateQueries({ queryKey: keys.forces(territory) });
  };
  return (
    <Modal
      opened={!!force}
      onClose={onClose}
      size="xl"
      title={force ? `${nameOf(force.names)} (${force.basis})` : ""}
    >
      {force && (
        <Card p={0} data-testid="force-dialog">
          <Tabs value={tab} onChange={setTab}>
            <Tabs.List>
              <Tabs.Tab value="readiness" data-testid="force-tab-readiness">
                {t("consequences.forces.history")}
              </Tabs.Tab>
              {force.allowedActions.includes("edit") && (
                <Tabs.Tab value="details" data-testid="force-tab-details">
                  {t("consequences.forces.edit")}
                </Tabs.Tab>
              )}
              {force.allowedActions.includes("update_beds") && (
                <Tabs.Tab value="beds" data-testid="force-tab-beds">
                  {t("consequences.forces.updateBeds")}
                </Tabs.Tab>
              )}
            </Tabs.List>
            <Tabs.Panel value="readiness" pt="md">
              <Readiness force={force} onSaved={saved} />
            </Tabs.Panel>
            <Tabs.Panel value="details" pt="md">
              <DetailsForm
                force={force}
                onSaved={() => {
                  saved();
                  onClose();
                }}
              />
            </Tabs.Panel>
            <Tabs.Panel value="beds" pt="md">
              <BedsForm
                force={force}
                onSaved={() => {
                  saved();
                  onClose();
                }}
              />
            </Tabs.Panel>
          </Tabs>
        </Card>
      )}
    </Modal>
  );
}
