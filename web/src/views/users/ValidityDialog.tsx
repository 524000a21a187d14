import { Button, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client.ts';
import type { Grant, User } from '../../api/types.ts';
import { Dialog, ErrorAlert } from '../../components/common.tsx';
import { useMe, useSession } from '../../session.tsx';
import { useRoleLabel } from '../roleLabel.ts';
import { endOf, startOf, ValidityFields } from './grantFields.tsx';

/** Change a grant's validity. */
export function ValidityDialog({ user, grant, onClose }: { user: User; grant: Grant; onClose(): void }) {
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
