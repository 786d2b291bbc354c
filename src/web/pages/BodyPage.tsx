/** One body: its fields, legal basis, superior and subordinates, membership (R5, R18), edit and history. */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { membershipRoles, SYSTEM_KINDS } from "../../domain/bodies";
import type { BodyDetail, BodySummary, MembershipView } from "../../domain/contracts/registry";
import { ApiError, api, get, qs } from "../api";
import { Basis } from "../components/Basis";
import { BodyForm, payloadOf, valuesOf } from "../components/BodyForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { Field } from "../components/Field";
import { formatDateTime, nameOf } from "../format";
import { Link, navigate } from "../router";
import { useMe } from "../session";

function Contacts({ membershipId }: { membershipId: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<{ contactPhone: string; contactEmail: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (shown)
    return (
      <Text size="sm" data-testid="member-contact">
        {[shown.contactPhone, shown.contactEmail].filter(Boolean).join(" · ") || "—"}
      </Text>
    );
  return (
    <Stack gap={2}>
      <Button
        size="compact-xs"
        variant="subtle"
        title={t("members.contactsLogged")}
        onClick={() =>
          api<{ contactPhone: string; contactEmail: string }>(
            "GET",
            `/api/memberships/${membershipId}/contact`,
          ).then(setShown, setError)
        }
        data-testid="member-show-contact"
      >
        {t("members.showContacts")}
      </Button>
      <ErrorAlert error={error} />
    </Stack>
  );
}

function AddMember({ groupId, onDone }: { groupId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q, 250);
  const [memberBodyId, setMemberBodyId] = useState("");
  const [role, setRole] = useState("member");
  const [representativeName, setName] = useState("");
  const [representativePosition, setPosition] = useState("");
  const [contactPhone, setPhone] = useState("");
  const [contactEmail, setEmail] = useState("");
  const [error, setError] = useState<unknown>(null);
  const found = useQuery({
    queryKey: ["bodies", "member-pick", debounced],
    queryFn: () => get<{ items: BodySummary[] }>(`/api/bodies${qs({ q: debounced, limit: 15 })}`),
    enabled: debounced.length >= 2,
  });
  const fe = (p: string) => (error instanceof ApiError ? error.fieldMessage(p) : undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api("POST", `/api/bodies/${groupId}/members`, {
        memberBodyId,
        role,
        representativeName,
        representativePosition,
        contactPhone,
        contactEmail,
      });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <ErrorAlert error={error} />
        <TextInput
          label={t("members.pickBody")}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          data-testid="member-search"
        />
        <NativeSelect
          label={t("members.memberBody")}
          value={memberBodyId}
          onChange={(e) => setMemberBodyId(e.currentTarget.value)}
          data={[
            { value: "", label: "—" },
            ...(found.data?.items ?? [])
              .filter((b) => b.id !== groupId)
              .map((b) => ({ value: b.id, label: nameOf(b.names) })),
          ]}
          error={fe("memberBodyId")}
          data-testid="member-body"
        />
        <NativeSelect
          label={t("members.role")}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value)}
          data={membershipRoles.map((r) => ({ value: r, label: t(`membershipRole.${r}`) }))}
        />
        <SimpleGrid cols={2}>
          <TextInput
            label={t("members.representative")}
            value={representativeName}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fe("representativeName")}
          />
          <TextInput
            label={t("members.position")}
            value={representativePosition}
            onChange={(e) => setPosition(e.currentTarget.value)}
            error={fe("representativePosition")}
          />
          <TextInput
            label={t("members.contactPhone")}
            value={contactPhone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={fe("contactPhone")}
          />
          <TextInput
            label={t("members.contactEmail")}
            value={contactEmail}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fe("contactEmail")}
          />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t("members.contactsLogged")}
        </Text>
        <Group justify="flex-end">
          <Button type="submit" disabled={!memberBodyId} data-testid="member-save">
            {t("common.add")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function MembersTable({
  body,
  canManage,
  canRead,
  reload,
}: {
  body: BodyDetail;
  canManage: boolean;
  canRead: boolean;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const changeRole = async (m: MembershipView, role: string) => {
    try {
      await api("PATCH", `/api/memberships/${m.id}`, { version: m.version, role });
      reload();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (m: MembershipView) => {
    if (!window.confirm(t("members.removeConfirm"))) return;
    try {
      await api("DELETE", `/api/memberships/${m.id}`);
      reload();
    } catch (e) {
      setError(e);
    }
  };
  if (body.members.length === 0) return <Text c="dimmed">{t("members.none")}</Text>;
  return (
    <>
      <ErrorAlert error={error} />
      <Table data-testid="members-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("members.role")}</Table.Th>
            <Table.Th>{t("members.memberBody")}</Table.Th>
            <Table.Th>{t("members.representative")}</Table.Th>
            <Table.Th>{t("members.position")}</Table.Th>
            {canRead && <Table.Th>{t("members.contactPhone")}</Table.Th>}
            {canManage && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {body.members.map((m) => (
            <Table.Tr key={m.id} data-testid="member-row">
              <Table.Td>
                {canManage ? (
                  <NativeSelect
                    size="xs"
                    value={m.role}
                    onChange={(e) => changeRole(m, e.currentTarget.value)}
                    data={membershipRoles.map((r) => ({ value: r, label: t(`membershipRole.${r}`) }))}
                    aria-label={t("members.role")}
                  />
                ) : (
                  t(`membershipRole.${m.role}`)
                )}
              </Table.Td>
              <Table.Td>
                <Link to={`/registry/${m.memberBodyId}`}>{nameOf(m.memberNames)}</Link>
              </Table.Td>
              <Table.Td>{m.representativeName}</Table.Td>
              <Table.Td>{m.representativePosition}</Table.Td>
              {canRead && (
                <Table.Td>
                  <Contacts membershipId={m.id} />
                </Table.Td>
              )}
              {canManage && (
                <Table.Td>
                  <Button size="compact-xs" color="red" variant="subtle" onClick={() => remove(m)}>
                    {t("common.remove")}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

export function BodyPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useMe().data!;
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const q = useQuery({ queryKey: ["body", id], queryFn: () => get<BodyDetail>(`/api/bodies/${id}`) });
  const reload = () => void qc.invalidateQueries({ queryKey: ["body", id] });

  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const b = q.data;
  const can = (a: string) => b.allowedActions.includes(a);
  const system = SYSTEM_KINDS.includes(b.kind);
  const isGroup = b.kind === "commission" || b.kind === "hq";

  const deactivate = async () => {
    if (!window.confirm(t("body.deactivateConfirm"))) return;
    try {
      await api("DELETE", `/api/bodies/${b.id}?version=${b.version}`);
      await qc.invalidateQueries({ queryKey: ["bodies"] });
      navigate("/registry");
    } catch (e) {
      setNotice(e instanceof ApiError ? e.body.message : String(e));
    }
  };

  return (
    <Stack maw={1100}>
      <Anchor component={Link} to="/registry" size="sm">
        ← {t("registry.title")}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} data-testid="body-title">
            {nameOf(b.names)}
          </Title>
          <Group gap="xs">
            <Badge variant="outline">{t(`kind.${b.kind}`)}</Badge>
            {b.subtype && <Badge variant="outline">{t(`subtype.${b.subtype}`)}</Badge>}
            {!b.active && <Badge color="gray">{t("registry.inactive")}</Badge>}
          </Group>
        </div>
        <Group>
          {can("registry.update") && (
            <Button onClick={() => setEditing(true)} data-testid="body-edit">
              {t("common.edit")}
            </Button>
          )}
          {can("registry.delete") && b.active && (
            <Button color="red" variant="light" onClick={deactivate} data-testid="body-deactivate">
              {t("body.deactivate")}
            </Button>
          )}
        </Group>
      </Group>
      <Basis ids={b.basis} />
      {notice && (
        <Alert color="yellow" withCloseButton onClose={() => setNotice(null)} data-testid="body-notice">
          {notice}
        </Alert>
      )}
      {b.allowedActions.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("body.actionsNone")}
        </Text>
      )}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Field label={t("field.nameKk")} value={b.names.kk} />
          <Field label={t("field.nameRu")} value={b.names.ru} />
          <Field label={t("field.nameEn")} value={b.names.en} />
          <Field label={t("registry.territory")} value={`${nameOf(b.territoryNames)} (${b.territoryCode})`} />
          <Field label={t("field.bin")} value={b.bin} />
          <Field label={t("field.phone")} value={b.phone} testId="body-phone" />
          <Field label={t("field.email")} value={b.email} />
          <Field label={t("field.address")} value={b.address} />
          <Field label={t("field.competence")} value={b.competence} />
          {b.kind === "response_force" && <Field label={t("field.capacity")} value={b.capacity ?? ""} />}
          {b.kind === "response_force" && (
            <Field label={t("field.readiness")} value={b.readiness ? t(`readiness.${b.readiness}`) : ""} />
          )}
          <Field label={t("field.updatedAt")} value={formatDateTime(b.updatedAt)} />
        </SimpleGrid>
      </Card>
      {b.parent && (
        <Text>
          {t("body.parent")}: <Link to={`/registry/${b.parent.id}`}>{nameOf(b.parent.names)}</Link>
        </Text>
      )}
      {isGroup && (
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={3}>{t("body.members")}</Title>
            {can("membership.manage") && (
              <Button size="xs" onClick={() => setAdding(true)} data-testid="member-add">
                {t("members.add")}
              </Button>
            )}
          </Group>
          <MembersTable
            body={b}
            canManage={can("membership.manage")}
            canRead={can("personal.read")}
            reload={reload}
          />
        </Stack>
      )}
      {b.memberOf.length > 0 && (
        <Stack gap="xs">
          <Title order={3}>{t("body.memberOf")}</Title>
          {b.memberOf.map((m) => (
            <Text key={m.id}>
              <Link to={`/registry/${m.groupId}`}>{nameOf(m.groupNames)}</Link> —{" "}
              {t(`membershipRole.${m.role}`)}
            </Text>
          ))}
        </Stack>
      )}
      {b.subordinates.length > 0 && (
        <Stack gap="xs">
          <Title order={3}>{t("body.subordinates")}</Title>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing={4}>
            {b.subordinates.map((s) => (
              <Link key={s.id} to={`/registry/${s.id}`}>
                {nameOf(s.names)}
              </Link>
            ))}
          </SimpleGrid>
        </Stack>
      )}
      {me.permissions.audit && (
        <Anchor component={Link} to={`/audit?entityId=${b.id}`}>
          {t("body.audit")}
        </Anchor>
      )}
      <Modal opened={editing} onClose={() => setEditing(false)} title={t("body.editTitle")} size="lg">
        {editing && (
          <BodyForm
            initial={valuesOf(b)}
            editing
            onCancel={() => setEditing(false)}
            onSubmit={async (v) => {
              try {
                const updated = await api<BodyDetail>("PATCH", `/api/bodies/${b.id}`, {
                  version: b.version,
                  ...payloadOf(v, system),
                });
                qc.setQueryData(["body", id], updated);
                await qc.invalidateQueries({ queryKey: ["bodies"] });
                setEditing(false);
                setNotice(t("body.saved"));
              } catch (e) {
                if (e instanceof ApiError && e.body.code === "version_conflict") {
                  setEditing(false);
                  setNotice(t("body.versionConflict"));
                  reload();
                  return;
                }
                throw e;
              }
            }}
          />
        )}
      </Modal>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t("members.add")} size="lg">
        {adding && (
          <AddMember
            groupId={b.id}
            onDone={() => {
              setAdding(false);
              reload();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
