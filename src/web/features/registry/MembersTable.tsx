/** A commission's or HQ's members (R5, R18): role, representative, contacts on request (each read audited). */
import { Button, NativeSelect, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type MembershipRole, membershipRoles } from "../../../domain/bodies";
import { api, ok } from "../../api/client";
import type { BodyDetail, MembershipView } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { nameOf } from "../../format";
import { Link } from "../../router";

/** A representative's contacts: personal data, fetched (and audited) only when asked for. */
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
          ok(api.GET("/api/memberships/{id}/contact", { params: { path: { id: membershipId } } })).then(
            setShown,
            setError,
          )
        }
        data-testid="member-show-contact"
      >
        {t("members.showContacts")}
      </Button>
      <ErrorAlert error={error} />
    </Stack>
  );
}

export function MembersTable({
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
  const changeRole = async (m: MembershipView, role: MembershipRole) => {
    try {
      await ok(
        api.PATCH("/api/memberships/{id}", {
          params: { path: { id: m.id } },
          body: { version: m.version, role },
        }),
      );
      reload();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (m: MembershipView) => {
    if (!window.confirm(t("members.removeConfirm"))) return;
    try {
      await ok(api.DELETE("/api/memberships/{id}", { params: { path: { id: m.id } } }));
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
                    onChange={(e) => changeRole(m, e.currentTarget.value as MembershipRole)}
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
