import { Badge, Button, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { permissions } from '../access.ts';
import { call, get } from '../api/client.ts';
import type { Grant, OrganisationList, ServiceUserSecret, User, UserList } from '../api/types.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorAlert } from '../components/common.tsx';
import { formatDate } from '../format.ts';
import { useMe, useSession } from '../session.tsx';
import { useRoleLabel } from './roleLabel.ts';
import { CreateUserDialog } from './users/CreateUserDialog.tsx';
import { GrantDialog } from './users/GrantDialog.tsx';
import type { Kind } from './users/grantFields.tsx';
import { SecretDialog } from './users/SecretDialog.tsx';
import { ValidityDialog } from './users/ValidityDialog.tsx';

function useOrganisations() {
  return useQuery({
    queryKey: ['organisations'],
    queryFn: () => get<OrganisationList>('organisations', { query: { pageSize: 500 } }),
  });
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

      {granting && <GrantDialog user={granting} organisations={orgs} onClose={() => setGranting(null)} />}
      {changing && (
        <ValidityDialog user={changing.user} grant={changing.grant} onClose={() => setChanging(null)} />
      )}
      {revoking && (
        <ConfirmDialog
          title={t('users.revokeTitle')}
          confirmLabel={t('users.revoke')}
          color="red"
          error={revoke.error}
          loading={revoke.isPending}
          onConfirm={() => revoke.mutate(revoking.grant)}
          onClose={() => setRevoking(null)}
        >
          <Text>
            {t('users.revokeConfirm', { role: roleLabel(revoking.grant.role), name: revoking.user.name })}
          </Text>
        </ConfirmDialog>
      )}
      {rotating && (
        <ConfirmDialog
          title={t('users.rotateTitle')}
          confirmLabel={t('users.rotate')}
          color="red"
          error={rotate.error}
          loading={rotate.isPending}
          onConfirm={() => rotate.mutate(rotating)}
          onClose={() => setRotating(null)}
        >
          <Text>{t('users.rotateConfirm', { name: rotating.name })}</Text>
        </ConfirmDialog>
      )}
      {creating && (
        <CreateUserDialog
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
      {secret && <SecretDialog {...secret} onClose={() => setSecret(null)} />}
    </Stack>
  );
}
