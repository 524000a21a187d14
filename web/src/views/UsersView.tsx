import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GRANTABLE_BY_MAIN_USER, isRegistryKeeper, permissions, ROLES } from '../access.ts';
import { call, get } from '../api/client.ts';
import type {
  CreatedOfficial,
  Grant,
  Organisation,
  OrganisationList,
  ServiceUserSecret,
  User,
  UserList,
} from '../api/types.ts';
import { CopyValue, Dialog, ErrorAlert, useCalendarLabels } from '../components/common.tsx';
import { formatDate } from '../format.ts';
import { useMe, useSession } from '../session.tsx';
import { useRoleLabel } from './roleLabel.ts';

type Kind = 'official' | 'service';

function useOrganisations() {
  return useQuery({
    queryKey: ['organisations'],
    queryFn: () => get<OrganisationList>('organisations', { query: { pageSize: 500 } }),
  });
}

function useGrantableRoles(): readonly string[] {
  const me = useMe();
  return isRegistryKeeper(me) ? ROLES : GRANTABLE_BY_MAIN_USER;
}

/** Start of a calendar day in local time, as the API's ISO date-time. */
const startOf = (day: string) => dayjs(day).startOf('day').toDate().toISOString();
const endOf = (day: string) => dayjs(day).endOf('day').toDate().toISOString();

/**
 * A grant's start and end. A main user's grant lasts at most a year (366 days) from its start, or
 * from today once it has begun (`started`: the start is then shown but fixed).
 */
function ValidityFields({
  validFrom,
  onValidFrom,
  validUntil,
  onValidUntil,
  started = false,
}: {
  validFrom: string | null;
  onValidFrom(value: string | null): void;
  validUntil: string | null;
  onValidUntil(value: string | null): void;
  started?: boolean;
}) {
  const { t } = useTranslation();
  const calendarLabels = useCalendarLabels();
  const keeper = isRegistryKeeper(useMe());
  const today = dayjs().format('YYYY-MM-DD');
  const start = started ? today : (validFrom ?? today);
  const maxUntil = keeper ? undefined : dayjs(start).add(366, 'day').format('YYYY-MM-DD');
  return (
    <Group grow align="flex-start">
      <DatePickerInput
        ariaLabels={calendarLabels}
        label={t('grants.validFrom')}
        value={validFrom}
        onChange={onValidFrom}
        minDate={today}
        valueFormat="D.M.YYYY"
        required={!started}
        disabled={started}
        description={started ? t('users.validityBegun') : undefined}
      />
      <DatePickerInput
        ariaLabels={calendarLabels}
        label={t('grants.validUntil')}
        value={validUntil}
        onChange={onValidUntil}
        minDate={start}
        maxDate={maxUntil}
        valueFormat="D.M.YYYY"
        description={keeper ? undefined : t('grants.maxYear')}
        required
      />
    </Group>
  );
}

function GrantModal({
  user,
  organisations,
  onClose,
}: {
  user: User;
  organisations: Organisation[];
  onClose(): void;
}) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const me = useMe();
  const session = useSession();
  const queryClient = useQueryClient();
  const roles = useGrantableRoles();
  const today = dayjs().format('YYYY-MM-DD');
  const [role, setRole] = useState<string | null>(null);
  const [organisationOid, setOrganisationOid] = useState<string | null>(user.organisationOid);
  const [validFrom, setValidFrom] = useState<string | null>(today);
  const [validUntil, setValidUntil] = useState<string | null>(dayjs().add(1, 'year').format('YYYY-MM-DD'));
  const grant = useMutation({
    mutationFn: () =>
      call<Grant>('grant', {
        params: { oid: user.oid },
        body: {
          role,
          organisationOid,
          ...(validFrom && validFrom > today ? { validFrom: startOf(validFrom) } : {}),
          ...(validUntil ? { validUntil: endOf(validUntil) } : {}),
        },
      }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('users.granted', { name: user.name }) });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      if (user.oid === me.oid) await session.refresh();
      onClose();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    grant.mutate();
  }
  return (
    <Dialog opened onClose={onClose} title={t('users.grantTitle', { name: user.name })} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={grant.error} />
          <Select
            label={t('grants.role')}
            data={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
            value={role}
            onChange={setRole}
            required
            searchable
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('grants.organisation')}
            data={organisations.map((o) => ({ value: o.oid, label: o.name }))}
            value={organisationOid}
            onChange={setOrganisationOid}
            required
            searchable
            comboboxProps={{ withinPortal: true }}
          />
          <ValidityFields
            validFrom={validFrom}
            onValidFrom={setValidFrom}
            validUntil={validUntil}
            onValidUntil={setValidUntil}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={grant.isPending}
              disabled={!role || !organisationOid || !validUntil}
            >
              {t('users.grant')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

function SecretModal({
  title,
  label,
  secret,
  onClose,
}: {
  title: string;
  label: string;
  secret: string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog opened onClose={onClose} title={title} size="lg" closeOnClickOutside={false}>
      <Stack>
        <Alert color="yellow">{t('users.shownOnce')}</Alert>
        <Text size="sm">{label}</Text>
        <CopyValue value={secret} label={label} />
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('users.secretSaved')}</Button>
        </Group>
      </Stack>
    </Dialog>
  );
}

function CreateModal({
  kind,
  organisations,
  defaultOrganisation,
  onCreated,
  onClose,
}: {
  kind: Kind;
  organisations: Organisation[];
  defaultOrganisation: string;
  onCreated(secret: { title: string; label: string; secret: string }): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const queryClient = useQueryClient();
  const roles = useGrantableRoles();
  const [name, setName] = useState('');
  const [username, setUsername] = useState('');
  const [organisationOid, setOrganisationOid] = useState<string | null>(defaultOrganisation);
  const [chosen, setChosen] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: async () => {
      if (kind === 'official') {
        const { data } = await call<CreatedOfficial>('createOfficial', {
          body: { username, name, organisationOid, roles: chosen },
        });
        return {
          title: t('users.createdOfficial', { name }),
          label: t('users.initialPassword'),
          secret: data.password,
        };
      }
      const { data } = await call<ServiceUserSecret>('createServiceUser', {
        body: { name, organisationOid, roles: chosen, ...(username ? { clientId: username } : {}) },
      });
      return {
        title: t('users.createdService', { name, clientId: data.clientId }),
        label: t('users.clientSecret'),
        secret: data.clientSecret,
      };
    },
    onSuccess: async (secret) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onCreated(secret);
    },
  });
  return (
    <Dialog
      opened
      onClose={onClose}
      title={kind === 'official' ? t('users.newOfficial') : t('users.newService')}
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <ErrorAlert error={create.error} />
          <TextInput
            label={t('users.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label={kind === 'official' ? t('users.username') : t('users.clientId')}
            description={kind === 'service' ? t('users.clientIdHelp') : undefined}
            required={kind === 'official'}
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
          />
          <Select
            label={t('users.homeOrganisation')}
            data={organisations.map((o) => ({ value: o.oid, label: o.name }))}
            value={organisationOid}
            onChange={setOrganisationOid}
            required
            searchable
          />
          <MultiSelect
            label={t('users.initialRoles')}
            data={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
            value={chosen}
            onChange={setChosen}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!name || !organisationOid || (kind === 'official' && username.length < 3)}
            >
              {t('users.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

/** Extend or shorten a grant, or move one that has not begun (its start is fixed once it has). */
function ValidityModal({ user, grant, onClose }: { user: User; grant: Grant; onClose(): void }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const me = useMe();
  const session = useSession();
  const queryClient = useQueryClient();
  const today = dayjs().format('YYYY-MM-DD');
  const future = grant.status === 'FUTURE';
  const [validFrom, setValidFrom] = useState<string | null>(dayjs(grant.validFrom).format('YYYY-MM-DD'));
  const [validUntil, setValidUntil] = useState<string | null>(
    grant.validUntil ? dayjs(grant.validUntil).format('YYYY-MM-DD') : null,
  );
  const change = useMutation({
    mutationFn: () =>
      call<Grant>('changeGrantValidity', {
        params: { id: grant.id },
        body: {
          ...(future && validFrom
            ? { validFrom: validFrom > today ? startOf(validFrom) : new Date().toISOString() }
            : {}),
          validUntil: endOf(validUntil!),
        },
      }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('users.validityChanged') });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      if (user.oid === me.oid) await session.refresh();
      onClose();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (validUntil) change.mutate();
  }
  return (
    <Dialog
      opened
      onClose={onClose}
      title={t('users.validityTitle', { role: roleLabel(grant.role), name: user.name })}
    >
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={change.error} />
          <ValidityFields
            validFrom={validFrom}
            onValidFrom={setValidFrom}
            validUntil={validUntil}
            onValidUntil={setValidUntil}
            started={!future}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending} disabled={!validUntil}>
              {t('users.validitySave')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

function GrantList({
  user,
  canManage,
  onRevoke,
  onChangeValidity,
}: {
  user: User;
  canManage: boolean;
  onRevoke(g: Grant): void;
  onChangeValidity(g: Grant): void;
}) {
  const { t, i18n } = useTranslation();
  const roleLabel = useRoleLabel();
  const grants = user.grants.filter((g) => g.status === 'ACTIVE' || g.status === 'FUTURE');
  if (grants.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('users.noGrants')}
      </Text>
    );
  return (
    <Stack gap={4}>
      {grants.map((g) => (
        <Group key={g.id} gap={6} wrap="wrap" align="baseline" data-testid={`grant-${g.role}`}>
          <Text size="sm" fw={600}>
            {roleLabel(g.role)}
          </Text>
          <Text size="xs" c="dimmed">
            {g.organisationName} · {formatDate(g.validFrom, i18n.language)}–
            {g.validUntil ? formatDate(g.validUntil, i18n.language) : ''}
            {g.status === 'FUTURE' ? ` (${t('grantStatus.FUTURE')})` : ''}
          </Text>
          {canManage && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => onChangeValidity(g)}
              aria-label={t('users.validityLabel', { role: roleLabel(g.role), name: user.name })}
            >
              {t('users.validity')}
            </Button>
          )}
          {canManage && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              onClick={() => onRevoke(g)}
              aria-label={t('users.revokeLabel', { role: roleLabel(g.role), name: user.name })}
            >
              {t('users.revoke')}
            </Button>
          )}
        </Group>
      ))}
    </Stack>
  );
}

/** Main user's officials or service users with their grants (SPEC §13 "main user"). */
export function UsersView({ kind }: { kind: Kind }) {
  const { t } = useTranslation();
  const me = useMe();
  const session = useSession();
  const canManage = permissions(me).manageUsers;
  const queryClient = useQueryClient();
  const organisations = useOrganisations();
  const [organisationOid, setOrganisationOid] = useState<string>(me.organisation.oid);
  const [granting, setGranting] = useState<User | null>(null);
  const [revoking, setRevoking] = useState<{ user: User; grant: Grant } | null>(null);
  const [changing, setChanging] = useState<{ user: User; grant: Grant } | null>(null);
  const [rotating, setRotating] = useState<User | null>(null);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ title: string; label: string; secret: string } | null>(null);
  const roleLabel = useRoleLabel();

  const users = useQuery({
    queryKey: ['users', organisationOid, kind],
    queryFn: () =>
      get<UserList>('organisationUsers', {
        params: { oid: organisationOid },
        query: { kind, pageSize: 500 },
      }),
  });
  const revoke = useMutation({
    mutationFn: (g: Grant) => call<Grant>('revokeGrant', { params: { id: g.id } }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('users.revoked') });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      if (revoking?.user.oid === me.oid) await session.refresh();
      setRevoking(null);
    },
  });
  const rotate = useMutation({
    mutationFn: (u: User) => call<ServiceUserSecret>('rotateSecret', { params: { oid: u.oid } }),
    onSuccess: async ({ data }) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      setRotating(null);
      setSecret({
        title: t('users.rotated', { clientId: data.clientId }),
        label: t('users.clientSecret'),
        secret: data.clientSecret,
      });
    },
  });
  const orgs = organisations.data?.organisations ?? [];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{kind === 'official' ? t('users.officialsTitle') : t('users.serviceTitle')}</Title>
        {canManage && (
          <Button onClick={() => setCreating(true)}>
            {kind === 'official' ? t('users.newOfficial') : t('users.newService')}
          </Button>
        )}
      </Group>
      <Select
        label={t('users.organisation')}
        data={orgs.map((o) => ({ value: o.oid, label: o.name }))}
        value={organisationOid}
        onChange={(v) => v && setOrganisationOid(v)}
        searchable
        allowDeselect={false}
        maw={480}
      />
      <ErrorAlert error={organisations.error ?? users.error} />
      {users.isPending && <Loader aria-label={t('common.loading')} />}
      {users.data && (
        <Table.ScrollContainer minWidth={960}>
          <Table striped verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{kind === 'official' ? t('users.username') : t('users.clientId')}</Table.Th>
                <Table.Th>{t('users.homeOrganisation')}</Table.Th>
                <Table.Th>{t('users.rights')}</Table.Th>
                <Table.Th>{t('users.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.users.map((u) => (
                <Table.Tr key={u.oid} data-testid={`user-${u.username}`}>
                  <Table.Td>
                    <Text size="sm">{u.name}</Text>
                    <Group gap={4}>
                      {u.locked && (
                        <Badge color="red" size="xs">
                          {t('users.locked')}
                        </Badge>
                      )}
                      {u.dormant && (
                        <Badge color="gray" size="xs">
                          {t('users.dormant')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td className="mono">{u.username}</Table.Td>
                  <Table.Td>{u.organisationName}</Table.Td>
                  <Table.Td>
                    <GrantList
                      user={u}
                      canManage={canManage && u.oid !== me.oid}
                      onRevoke={(g) => setRevoking({ user: u, grant: g })}
                      onChangeValidity={(g) => setChanging({ user: u, grant: g })}
                    />
                  </Table.Td>
                  <Table.Td>
                    {canManage && u.oid !== me.oid && (
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="light"
                          onClick={() => setGranting(u)}
                          aria-label={t('users.grantLabel', { name: u.name })}
                        >
                          {t('users.grant')}
                        </Button>
                        {kind === 'service' && (
                          <Button size="xs" variant="default" onClick={() => setRotating(u)}>
                            {t('users.rotate')}
                          </Button>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {users.data?.users.length === 0 && <Text>{t('users.none')}</Text>}

      {granting && <GrantModal user={granting} organisations={orgs} onClose={() => setGranting(null)} />}
      {changing && (
        <ValidityModal user={changing.user} grant={changing.grant} onClose={() => setChanging(null)} />
      )}
      {revoking && (
        <Dialog opened onClose={() => setRevoking(null)} title={t('users.revokeTitle')}>
          <Stack>
            <ErrorAlert error={revoke.error} />
            <Text>
              {t('users.revokeConfirm', { role: roleLabel(revoking.grant.role), name: revoking.user.name })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)}>
                {t('common.cancel')}
              </Button>
              <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate(revoking.grant)}>
                {t('users.revoke')}
              </Button>
            </Group>
          </Stack>
        </Dialog>
      )}
      {rotating && (
        <Dialog opened onClose={() => setRotating(null)} title={t('users.rotateTitle')}>
          <Stack>
            <ErrorAlert error={rotate.error} />
            <Text>{t('users.rotateConfirm', { name: rotating.name })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRotating(null)}>
                {t('common.cancel')}
              </Button>
              <Button color="red" loading={rotate.isPending} onClick={() => rotate.mutate(rotating)}>
                {t('users.rotate')}
              </Button>
            </Group>
          </Stack>
        </Dialog>
      )}
      {creating && (
        <CreateModal
          kind={kind}
          organisations={orgs}
          defaultOrganisation={organisationOid}
          onClose={() => setCreating(false)}
          onCreated={(s) => {
            setCreating(false);
            setSecret(s);
          }}
        />
      )}
      {secret && <SecretModal {...secret} onClose={() => setSecret(null)} />}
    </Stack>
  );
}
