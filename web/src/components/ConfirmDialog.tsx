import { Button, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, ErrorAlert } from './common.tsx';

/**
 * The one confirmation dialog of the UI: what will happen (children), the error of the last attempt,
 * Cancel, and the button that does it (busy while the call runs). Every "are you sure" of the views
 * (passivate, accept the register's data, revoke, rotate a secret, link, unlink …) is this dialog.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  color,
  error,
  loading,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  confirmLabel: string;
  color?: string;
  error: unknown;
  loading: boolean;
  onConfirm(): void;
  onClose(): void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Dialog opened onClose={onClose} title={title}>
      <Stack>
        <ErrorAlert error={error} />
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color={color} loading={loading} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
