/** Shell: header (language, user, sign-out), navigation by the pillars of R2, and the pages. */
import { AppShell, Box, Burger, Button, Group, Loader, NavLink, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "./api/client";
import { LanguageSwitch } from "./components/LanguageSwitch";
import { NotificationBell } from "./components/Notifications";
import { ThreatLevelChip, ThreatLevelLive } from "./components/ThreatLevel";

/** The dashboard brings the charting library: loaded only when opened. */
const DashboardPage = lazy(() => import("./pages/DashboardPage"));
/** Vulnerable objects bring the charting library too (the compliance chart): loaded when opened. */
const ObjectsPage = lazy(() => import("./pages/ObjectsPage"));

import { AccountPage } from "./pages/AccountPage";
import { AffectedPeoplePage } from "./pages/AffectedPeoplePage";
import { AssignmentPage, AssignmentsPage, DisciplinePage } from "./pages/AssignmentsPage";
import { AuditPage } from "./pages/AuditPage";
import { BodyPage } from "./pages/BodyPage";
import { ConsequenceActivationPage, ConsequencePlanPage, ConsequencesPage } from "./pages/ConsequencesPage";
import { ExercisesPage } from "./pages/ExercisesPage";
import { HomePage } from "./pages/HomePage";
import { IncidentPage } from "./pages/IncidentPage";
import { MapPage } from "./pages/MapPage";
import { MeetingPage, MeetingsPage } from "./pages/MeetingsPage";
import { OperationPage } from "./pages/OperationPage";
import { PlanPage, PreventionPage } from "./pages/PreventionPage";
import { RegistryPage } from "./pages/RegistryPage";
import { ResponsePage } from "./pages/ResponsePage";
import { RulesPage } from "./pages/RulesPage";
import { SignInPage } from "./pages/SignInPage";
import { ThreatLevelsPage } from "./pages/ThreatLevelsPage";
import { Link, match, navigate, useLocation } from "./router";
import { useMe } from "./session";

const NAV: { key: string; to: string; group: "pillars" | "work"; audit?: boolean }[] = [
  { key: "home", to: "/", group: "work" },
  { key: "prevention", to: "/prevention", group: "pillars" },
  { key: "response", to: "/response", group: "pillars" },
  { key: "consequences", to: "/consequences", group: "pillars" },
  { key: "objects", to: "/objects", group: "work" },
  { key: "registry", to: "/registry", group: "work" },
  { key: "map", to: "/map", group: "work" },
  { key: "threat", to: "/threat", group: "work" },
  { key: "audit", to: "/audit", group: "work", audit: true },
  { key: "rules", to: "/rules", group: "work" },
  { key: "account", to: "/account", group: "work" },
];

function Page({ path }: { path: string }) {
  const { t } = useTranslation();
  if (path === "/") return <HomePage />;
  if (path === "/prevention") return <PreventionPage />;
  if (path === "/prevention/meetings") return <MeetingsPage />;
  const meetingMatch = match("/prevention/meetings/:id", path);
  if (meetingMatch) return <MeetingPage key={meetingMatch.id} id={meetingMatch.id} />;
  if (path === "/prevention/assignments") return <AssignmentsPage />;
  const assignmentMatch = match("/prevention/assignments/:id", path);
  if (assignmentMatch) return <AssignmentPage key={assignmentMatch.id} id={assignmentMatch.id} />;
  if (path === "/prevention/discipline") return <DisciplinePage />;
  if (path === "/prevention/exercises") return <ExercisesPage />;
  if (path === "/prevention/dashboard")
    return (
      <Suspense fallback={<Loader />}>
        <DashboardPage />
      </Suspense>
    );
  const planMatch = match("/prevention/plans/:id", path);
  if (planMatch) return <PlanPage id={planMatch.id} />;
  if (path === "/response") return <ResponsePage />;
  const incident = match("/response/:id", path);
  if (incident) return <IncidentPage id={incident.id} />;
  const op = match("/operations/:id", path);
  if (op) return <OperationPage id={op.id} />;
  if (path === "/consequences") return <ConsequencesPage />;
  if (path === "/consequences/people") return <AffectedPeoplePage />;
  const consequencePlan = match("/consequences/plans/:id", path);
  if (consequencePlan) return <ConsequencePlanPage key={consequencePlan.id} id={consequencePlan.id} />;
  const activation = match("/consequences/activations/:id", path);
  if (activation) return <ConsequenceActivationPage key={activation.id} id={activation.id} />;
  if (path === "/threat") return <ThreatLevelsPage />;
  const objectMatch = path === "/objects" ? {} : match("/objects/:id", path);
  if (objectMatch)
    return (
      <Suspense fallback={<Loader />}>
        <ObjectsPage id={objectMatch.id} />
      </Suspense>
    );
  if (path === "/registry") return <RegistryPage />;
  const body = match("/registry/:id", path);
  if (body) return <BodyPage id={body.id} />;
  if (path === "/map") return <MapPage />;
  if (path === "/rules") return <RulesPage />;
  if (path === "/audit") return <AuditPage />;
  if (path === "/account") return <AccountPage />;
  return <Title order={2}>{t("common.notFound")}</Title>;
}

export function App() {
  const { t, i18n } = useTranslation();
  const { path } = useLocation();
  const me = useMe();
  const qc = useQueryClient();
  const [opened, { toggle, close }] = useDisclosure();

  useEffect(() => {
    document.title = `${t("app.title")} — ${t("app.subtitle")}`;
    document.documentElement.lang = i18n.language;
  }, [t, i18n.language]);
  // Close the mobile menu after navigating.
  const [lastPath, setLastPath] = useState(path);
  if (lastPath !== path) {
    setLastPath(path);
    close();
  }

  if (me.isPending) return <Loader m="xl" aria-label={t("common.loading")} />;
  if (!me.data) return <SignInPage />;

  const signOut = async () => {
    await ok(api.POST("/api/auth/sign-out")).catch(() => {});
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "me" });
    qc.setQueryData(["me"], null);
    navigate("/", true);
  };

  const items = NAV.filter((n) => !n.audit || me.data!.permissions.audit);
  const navGroup = (group: "pillars" | "work") =>
    items
      .filter((n) => n.group === group)
      .map((n) => (
        <NavLink
          key={n.key}
          component={Link}
          to={n.to}
          label={t(`nav.${n.key}`)}
          active={n.to === "/" ? path === "/" : path.startsWith(n.to)}
          data-testid={`nav-${n.key}`}
        />
      ));

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 250, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: "xs", sm: "md" }} justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("a11y.menu")} />
            <Link to="/" style={{ textDecoration: "none", color: "inherit" }}>
              <Text fw={700} size="lg">
                {t("app.title")}
              </Text>
            </Link>
            <Text size="sm" c="gray.7" visibleFrom="md">
              {t("app.subtitle")}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ThreatLevelChip />
            <NotificationBell />
            {/* On a phone (390 px) the language and sign-out move into the menu: the header never overflows. */}
            <Box visibleFrom="sm">
              <LanguageSwitch />
            </Box>
            <Text size="sm" visibleFrom="sm" data-testid="current-user">
              {me.data.user.displayName}
            </Text>
            <Button
              size="compact-sm"
              variant="light"
              onClick={signOut}
              data-testid="sign-out"
              visibleFrom="sm"
            >
              {t("common.signOut")}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <Stack gap={0}>
          <Text size="xs" c="dimmed" px="sm" pt="xs">
            {t("nav.pillars")}
          </Text>
          {navGroup("pillars")}
          <Text size="xs" c="dimmed" px="sm" pt="md">
            {t("nav.work")}
          </Text>
          {navGroup("work")}
          <Stack hiddenFrom="sm" gap="xs" px="sm" pt="md">
            <Text size="sm">{me.data.user.displayName}</Text>
            <LanguageSwitch testIdSuffix="-menu" />
            <Button size="compact-sm" variant="default" onClick={signOut} data-testid="sign-out-menu">
              {t("common.signOut")}
            </Button>
          </Stack>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <ThreatLevelLive />
        <Page path={path} />
      </AppShell.Main>
    </AppShell>
  );
}
