import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CopyValue, Dialog } from '../../components/common.tsx';

/** A new service user's client secret, shown once. */
export function SecretDialog({
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
