/** One body: its fields, legal basis, superior and subordinates, membership (R5, R18), edit and history. */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SYSTEM_KINDS } from "../../../domain/bodies";
import { ApiError, api, ok } from "../../api/client";
import { Basis } from "../../components/Basis";
import { BodyForm, commonPayloadOf, payloadOf, valuesOf } from "../../components/BodyForm";
import { ErrorAlert } from "../../components/ErrorAlert";
import { nameOf } from "../../format";
import { Link, navigate } from "../../router";
import { useMe } from "../../session";
import { useBody, useBodyChanged } from "./api";
import { BodyFields } from "./BodyFields";
import { MemberForm } from "./MemberForm";
import { MembersTable } from "./MembersTable";

export function BodyPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe().data!;
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const q = useBody(id);
  const { reload, saved, removed } = useBodyChanged(id);

  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const b = q.data;
  const can = (a: string) => b.allowedActions.includes(a);
  const system = SYSTEM_KINDS.includes(b.kind);
  const isGroup = b.kind === "commission" || b.kind === "hq";

  const deactivate = async () => {
    if (!window.confirm(t("body.deactivateConfirm"))) return;
    try {
      await ok(
        api.DELETE("/api/bodies/{id}", { params: { path: { id: b.id }, query: { version: b.version } } }),
      );
      await removed();
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
      <BodyFields b={b} />
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
                await saved(
                  await ok(
                    api.PATCH("/api/bodies/{id}", {
                      params: { path: { id: b.id } },
                      body: { version: b.version, ...(system ? commonPayloadOf(v) : payloadOf(v)) },
                    }),
                  ),
                );
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
          <MemberForm
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
