import { Button, Group, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client.ts';
import type { CreatedOfficial, Organisation, ServiceUserSecret } from '../../api/types.ts';
import { Dialog, ErrorAlert } from '../../components/common.tsx';
import { useRoleLabel } from '../roleLabel.ts';
import { type Kind, useGrantableRoles } from './grantFields.tsx';

/** Create an official or a service user with its first roles. */
export function CreateUserDialog({
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
