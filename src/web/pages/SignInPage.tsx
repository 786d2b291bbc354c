import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, ok } from "../api/client";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { rememberLocale } from "../i18n";

export function SignInPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await ok(
        api.POST("/api/auth/sign-in", { body: { username, password, ...(needTotp ? { totp } : {}) } }),
      );
      if (!localStorage.getItem("qorgan.locale")) {
        void i18n.changeLanguage(me.user.locale);
        rememberLocale(me.user.locale);
      }
      qc.setQueryData(["me"], me);
    } catch (err) {
      if (err instanceof ApiError && err.body.code === "totp_required") setNeedTotp(true);
      setError(err instanceof ApiError ? err : null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420}>
        <form onSubmit={submit}>
          <Stack>
            <LanguageSwitch />
            <div>
              <Title order={1} size="h2">
                {t("app.title")}
              </Title>
              <Text c="dimmed" size="sm">
                {t("app.subtitle")} · {t("app.decree")}
              </Text>
            </div>
            <Title order={2} size="h4">
              {t("signin.title")}
            </Title>
            <TextInput
              label={t("signin.username")}
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              autoComplete="username"
              required
              data-testid="signin-username"
            />
            <PasswordInput
              label={t("signin.password")}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              autoComplete="current-password"
              required
              data-testid="signin-password"
            />
            {needTotp && (
              <TextInput
                label={t("signin.totp")}
                value={totp}
                onChange={(e) => setTotp(e.currentTarget.value)}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                data-testid="signin-totp"
              />
            )}
            {error && (
              <Alert color="red" role="alert" data-testid="signin-error">
                {error.body.message}
              </Alert>
            )}
            <Button type="submit" loading={busy} data-testid="signin-submit">
              {t("signin.submit")}
            </Button>
            <Text size="xs" c="dimmed">
              {t("signin.demoHint")}
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
