/** Add a member body to a commission or HQ (R5, R18) with its representative and contacts. */
import { Button, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { type MembershipRole, membershipRoles } from "../../../domain/bodies";
import { api, ok } from "../../api/client";
import { BodyPicker } from "../../components/BodyPicker";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFormError } from "../../components/useFormError";

export function MemberForm({ groupId, onDone }: { groupId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [memberBodyId, setMemberBodyId] = useState("");
  const [role, setRole] = useState<MembershipRole>("member");
  const [representativeName, setName] = useState("");
  const [representativePosition, setPosition] = useState("");
  const [contactPhone, setPhone] = useState("");
  const [contactEmail, setEmail] = useState("");
  const { error, setError, fieldError } = useFormError();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await ok(
        api.POST("/api/bodies/{id}/members", {
          params: { path: { id: groupId } },
          body: {
            memberBodyId,
            role,
            representativeName,
            representativePosition,
            contactPhone,
            contactEmail,
          },
        }),
      );
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <ErrorAlert error={error} />
        <BodyPicker
          searchLabel={t("members.pickBody")}
          label={t("members.memberBody")}
          value={memberBodyId}
          onChange={setMemberBodyId}
          exclude={[groupId]}
          error={fieldError("memberBodyId")}
          searchTestId="member-search"
          testId="member-body"
        />
        <NativeSelect
          label={t("members.role")}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as MembershipRole)}
          data={membershipRoles.map((r) => ({ value: r, label: t(`membershipRole.${r}`) }))}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t("members.representative")}
            value={representativeName}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError("representativeName")}
          />
          <TextInput
            label={t("members.position")}
            value={representativePosition}
            onChange={(e) => setPosition(e.currentTarget.value)}
            error={fieldError("representativePosition")}
          />
          <TextInput
            label={t("members.contactPhone")}
            value={contactPhone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={fieldError("contactPhone")}
          />
          <TextInput
            label={t("members.contactEmail")}
            value={contactEmail}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldError("contactEmail")}
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
