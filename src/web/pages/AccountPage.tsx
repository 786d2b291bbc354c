/** Own account: roles, e-mail for notifications, password change, optional TOTP second factor. */
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, ok } from "../api/client";
import type { Answer } from "../api/types";
import { ErrorAlert } from "../components/ErrorAlert";
import { nameOf } from "../format";
import { useMe } from "../session";

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const qc = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [pwError, setPwError] = useState<unknown>(null);
  const [pwDone, setPwDone] = useState(false);
  const [setup, setSetup] = useState<Answer<"/api/auth/totp/setup", "post"> | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [totpError, setTotpError] = useState<unknown>(null);
  const [totpNotice, setTotpNotice] = useState<string | null>(null);
  const fe = (p: string) => (pwError instanceof ApiError ? pwError.fieldMessage(p) : undefined);
  const [email, setEmail] = useState(me.user.email ?? "");
  const [emailError, setEmailError] = useState<unknown>(null);
  const [emailNotice, setEmailNotice] = useState<string | null>(null);

  const saveEmail = async (e: FormEvent) => {
    e.preventDefault();
    setEmailError(null);
    setEmailNotice(null);
    const value = email.trim() || null;
    try {
      await ok(api.PATCH("/api/auth/me", { body: { email: value } }));
      await qc.invalidateQueries({ queryKey: ["me"] });
      setEmail(value ?? "");
      setEmailNotice(t(value ? "account.emailSaved" : "account.emailRemoved"));
    } catch (err) {
      setEmailError(err);
    }
  };

  const changePassword = async (e: FormEvent) => {
    e.preventDefault();
    setPwError(null);
    setPwDone(false);
    try {
      await ok(api.POST("/api/auth/password", { body: { currentPassword: current, newPassword: next } }));
      setPwDone(true);
      setCurrent("");
      setNext("");
    } catch (err) {
      setPwError(err);
    }
  };
  const totp = async (fn: () => Promise<void>) => {
    setTotpError(null);
    try {
      await fn();
      await qc.invalidateQueries({ queryKey: ["me"] });
    } catch (err) {
      setTotpError(err);
    }
  };

  return (
    <Stack maw={700}>
      <Title order={2}>{t("account.title")}</Title>
      <Card withBorder>
        <Text fw={600}>{me.user.displayName}</Text>
        <Text size="sm" c="dimmed">
          {me.user.username}
        </Text>
        <Text size="sm" mt="sm">
          {t("account.grants")}
        </Text>
        {me.grants.map((g) => (
          <Group key={`${g.role}${g.bodyId}`} gap="xs">
            <Badge>{t(`role.${g.role}`)}</Badge>
            <Text size="sm">
              {nameOf(g.bodyName)} · {nameOf(g.territoryName)}
            </Text>
          </Group>
        ))}
      </Card>
      <Card withBorder>
        <form onSubmit={saveEmail}>
          <Stack>
            <Title order={3}>{t("account.email")}</Title>
            <Text size="sm" c="dimmed">
              {t("account.emailHint")}
            </Text>
            {!me.mailEnabled && (
              <Text size="sm" c="dimmed">
                {t("account.emailOff")}
              </Text>
            )}
            <ErrorAlert
              error={emailError instanceof ApiError && !emailError.body.fields ? emailError : null}
            />
            <TextInput
              label={t("account.email")}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={emailError instanceof ApiError ? emailError.fieldMessage("email") : undefined}
              autoComplete="email"
              maxLength={254}
            />
            {emailNotice && <Alert color="green">{emailNotice}</Alert>}
            <Group justify="flex-end">
              <Button type="submit">{t("common.save")}</Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <Card withBorder>
        <form onSubmit={changePassword}>
          <Stack>
            <Title order={3}>{t("account.changePassword")}</Title>
            <ErrorAlert error={pwError instanceof ApiError && !pwError.body.fields ? pwError : null} />
            <PasswordInput
              label={t("account.currentPassword")}
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={fe("currentPassword")}
              autoComplete="current-password"
            />
            <PasswordInput
              label={t("account.newPassword")}
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
              error={fe("newPassword")}
              autoComplete="new-password"
            />
            {pwDone && <Alert color="green">{t("account.passwordChanged")}</Alert>}
            <Group justify="flex-end">
              <Button type="submit">{t("common.save")}</Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <Card withBorder>
        <Stack>
          <Group>
            <Title order={3}>{t("account.totp")}</Title>
            <Badge color={me.user.totpEnabled ? "green" : "gray"}>
              {me.user.totpEnabled ? t("account.totpOn") : t("account.totpOff")}
            </Badge>
          </Group>
          <ErrorAlert error={totpError} />
          {totpNotice && <Alert color="green">{totpNotice}</Alert>}
          {!me.user.totpEnabled && !setup && (
            <Button
              w="fit-content"
              onClick={() => totp(async () => setSetup(await ok(api.POST("/api/auth/totp/setup"))))}
            >
              {t("account.totpStart")}
            </Button>
          )}
          {!me.user.totpEnabled && setup && (
            <Stack>
              <Text size="sm">{t("account.totpSecret")}</Text>
              <Code>{setup.secret}</Code>
              <Text size="sm">{t("account.totpUri")}</Text>
              <Code block style={{ wordBreak: "break-all" }}>
                {setup.uri}
              </Code>
              <TextInput
                label={t("account.totpCode")}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                inputMode="numeric"
                maxLength={6}
              />
              <Button
                w="fit-content"
                onClick={() =>
                  totp(async () => {
                    await ok(api.POST("/api/auth/totp/enable", { body: { code } }));
                    setSetup(null);
                    setTotpNotice(t("account.totpEnabled"));
                  })
                }
              >
                {t("account.totpConfirm")}
              </Button>
            </Stack>
          )}
          {me.user.totpEnabled && (
            <Group align="flex-end">
              <PasswordInput
                label={t("account.passwordToDisable")}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button
                color="red"
                variant="light"
                onClick={() =>
                  totp(async () => {
                    await ok(api.POST("/api/auth/totp/disable", { body: { password } }));
                    setPassword("");
                    setTotpNotice(t("account.totpDisabled"));
                  })
                }
              >
                {t("account.totpDisable")}
              </Button>
            </Group>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
