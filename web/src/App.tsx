import {
  Anchor,
  AppShell,
  Burger,
  Button,
  Center,
  Group,
  Loader,
  NavLink as MantineNavLink,
  SegmentedControl,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, Route, Routes, useLocation } from 'react-router';
import { type Permissions, permissions } from './access.ts';
import { LANGUAGES, type Language, setLanguage } from './i18n/index.ts';
import { useMe, useSession } from './session.tsx';
import { AuditLogView } from './views/AuditLogView.tsx';
import { HetulessView } from './views/HetulessView.tsx';
import { ImportRowsView } from './views/ImportRowsView.tsx';
import { ImportsView } from './views/ImportsView.tsx';
import { LearnerNumberView } from './views/LearnerNumberView.tsx';
import { LoginView } from './views/LoginView.tsx';
import { MeView } from './views/MeView.tsx';
import { OrganisationsView } from './views/OrganisationsView.tsx';
import { PersonSearchView } from './views/PersonSearchView.tsx';
import { PersonView } from './views/PersonView.tsx';
import { TestDataView } from './views/TestDataView.tsx';
import { UsersView } from './views/UsersView.tsx';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('common.language')}
      value={i18n.language}
      onChange={(value) => setLanguage(value as Language)}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
    />
  );
}

interface NavItem {
  to: string;
  label: string;
  allowed: (p: Permissions) => boolean;
}

function useNavItems(): NavItem[] {
  const { t } = useTranslation();
  return [
    { to: '/oppijanumero', label: t('nav.learnerNumber'), allowed: (p) => p.learnerNumber },
    { to: '/ilman-hetua', label: t('nav.withoutHetu'), allowed: (p) => p.learnerNumber },
    { to: '/virhelista', label: t('nav.errorList'), allowed: (p) => p.importReport },
    { to: '/tuonnit', label: t('nav.imports'), allowed: (p) => p.importReport },
    { to: '/haku', label: t('nav.search'), allowed: (p) => p.searchPersons },
    { to: '/virkailijat', label: t('nav.officials'), allowed: (p) => p.users },
    { to: '/palvelukayttajat', label: t('nav.serviceUsers'), allowed: (p) => p.users },
    { to: '/testidata', label: t('nav.testData'), allowed: (p) => p.testDataReport },
    { to: '/lokitiedot', label: t('nav.auditLog'), allowed: (p) => p.auditLog },
    { to: '/organisaatiot', label: t('nav.organisations'), allowed: (p) => p.organisations },
    { to: '/oma', label: t('nav.me'), allowed: () => true },
  ];
}

function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const session = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const allowed = permissions(me);
  const items = useNavItems().filter((item) => item.allowed(allowed));

  // Close the mobile menu after navigating.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every location change by design
  useEffect(() => close(), [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'md', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="md"
              size="sm"
              aria-label={t('nav.menu')}
              aria-expanded={opened}
            />
            <Title order={1} size="h4" lineClamp={1}>
              {t('common.appName')}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" data-testid="current-user">
              {me.name}
            </Text>
            <LanguageSwitch />
            <Button variant="default" size="xs" onClick={() => void session.logout()}>
              {t('nav.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.main')}>
        {items.map((item) => (
          <MantineNavLink key={item.to} component={NavLink} to={item.to} label={item.label} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

function Home() {
  const me = useMe();
  const p = permissions(me);
  if (p.learnerNumber) return <Navigate to="/oppijanumero" replace />;
  if (p.importReport) return <Navigate to="/virhelista" replace />;
  if (p.users) return <Navigate to="/virkailijat" replace />;
  if (p.searchPersons) return <Navigate to="/haku" replace />;
  return <Navigate to="/oma" replace />;
}

/** A view the caller's roles do not allow: say so instead of showing an empty page. */
function Guard({ allowed, children }: { allowed: (p: Permissions) => boolean; children: React.ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (!allowed(permissions(me))) {
    return (
      <Text role="alert">
        {t('errors.forbiddenView')}{' '}
        <Anchor component={NavLink} to="/oma">
          {t('nav.me')}
        </Anchor>
      </Text>
    );
  }
  return <>{children}</>;
}

export function App() {
  const { state } = useSession();
  const location = useLocation();
  const { t } = useTranslation();

  if (state.status === 'loading') {
    return (
      <Center h="100vh">
        <Loader aria-hidden />
        <VisuallyHidden role="status">{t('common.loading')}</VisuallyHidden>
      </Center>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <Routes>
        <Route path="/kirjaudu" element={<LoginView reason={state.reason} />} />
        <Route
          path="*"
          element={<Navigate to="/kirjaudu" replace state={{ from: location.pathname + location.search }} />}
        />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route
        path="/kirjaudu"
        element={<Navigate to={(location.state as { from?: string })?.from ?? '/'} replace />}
      />
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="oma" element={<MeView />} />
        <Route
          path="oppijanumero"
          element={
            <Guard allowed={(p) => p.learnerNumber}>
              <LearnerNumberView />
            </Guard>
          }
        />
        <Route
          path="ilman-hetua"
          element={
            <Guard allowed={(p) => p.learnerNumber}>
              <HetulessView />
            </Guard>
          }
        />
        <Route
          path="virhelista"
          element={
            <Guard allowed={(p) => p.importReport}>
              <ImportsView tab="errors" />
            </Guard>
          }
        />
        <Route
          path="tuonnit"
          element={
            <Guard allowed={(p) => p.importReport}>
              <ImportsView tab="imports" />
            </Guard>
          }
        />
        <Route
          path="tuonnit/:api/:id"
          element={
            <Guard allowed={(p) => p.importReport}>
              <ImportRowsView />
            </Guard>
          }
        />
        <Route
          path="henkilo/:oid"
          element={
            <Guard allowed={(p) => p.readPersons}>
              <PersonView />
            </Guard>
          }
        />
        <Route
          path="haku"
          element={
            <Guard allowed={(p) => p.searchPersons}>
              <PersonSearchView />
            </Guard>
          }
        />
        <Route
          path="virkailijat"
          element={
            <Guard allowed={(p) => p.users}>
              <UsersView kind="official" />
            </Guard>
          }
        />
        <Route
          path="palvelukayttajat"
          element={
            <Guard allowed={(p) => p.users}>
              <UsersView kind="service" />
            </Guard>
          }
        />
        <Route
          path="testidata"
          element={
            <Guard allowed={(p) => p.testDataReport}>
              <TestDataView />
            </Guard>
          }
        />
        <Route
          path="organisaatiot"
          element={
            <Guard allowed={(p) => p.organisations}>
              <OrganisationsView />
            </Guard>
          }
        />
        <Route
          path="lokitiedot"
          element={
            <Guard allowed={(p) => p.auditLog}>
              <AuditLogView />
            </Guard>
          }
        />
        <Route path="*" element={<Text role="alert">{t('errors.notFoundView')}</Text>} />
      </Route>
    </Routes>
  );
}
