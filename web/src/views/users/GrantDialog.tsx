import { Button, Group, Select, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client.ts';
import type { Grant, Organisation, User } from '../../api/types.ts';
import { Dialog, ErrorAlert } from '../../components/common.tsx';
import { useMe, useSession } from '../../session.tsx';
import { useRoleLabel } from '../roleLabel.ts';
import { endOf, startOf, useGrantableRoles, ValidityFields } from './grantFields.tsx';

/** Grant a role to a user in an organisation, for a period. */
export function GrantDialog({
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
