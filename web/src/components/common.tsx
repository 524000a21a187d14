import {
  ActionIcon,
  Alert,
  Badge,
  CopyButton,
  Group,
  Modal,
  type ModalProps,
  Text,
  Tooltip,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { IdentificationState } from '../api/types.ts';

/** The message of a failed call, in the UI's language, with the server's words for 400/409. */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      switch (error.status) {
        case 400:
          return t('errors.invalid');
        case 401:
          return t('errors.unauthorized');
        case 403:
          return t('errors.forbidden');
        case 404:
          return t('errors.notFound');
        case 409:
          return t('errors.conflict');
        case 413:
          return t('errors.tooLarge');
        case 429:
          return t('errors.rateLimited');
        case 503:
          return t('errors.unavailable');
        default:
          return t('errors.server');
      }
    }
    return t('errors.network');
  };
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  const text = useErrorText();
  if (!error) return null;
  const detail = error instanceof ApiError ? error.body?.message : undefined;
  return (
    <Alert color="red" variant="light" title={title ?? t('errors.title')} role="alert">
      <Text size="sm">{text(error)}</Text>
      {detail && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('errors.serverSaid')}: {detail}
        </Text>
      )}
    </Alert>
  );
}

/** A learner number (or OID) with a button that copies it. */
export function CopyValue({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <Text component="span" className="mono" fw={700} size="lg" data-testid="copy-value">
        {value}
      </Text>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
            <ActionIcon
              variant={copied ? 'filled' : 'light'}
              color={copied ? 'teal' : 'blue'}
              onClick={copy}
              aria-label={copied ? t('common.copied') : `${t('common.copy')}: ${label}`}
            >
              <span aria-hidden>{copied ? '✓' : '⧉'}</span>
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

const STATE_COLOURS: Record<IdentificationState, string> = {
  OK: 'teal',
  HETU_PUUTTUU: 'yellow',
  KESKEN: 'gray',
  VIRHE: 'red',
};

export function StateBadge({ state }: { state: IdentificationState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLOURS[state]} variant="light">
      {t(`states.${state}`)}
    </Badge>
  );
}

/** Mantine's Modal with the close button named in the UI's language. */
export function Dialog(props: ModalProps) {
  const { t } = useTranslation();
  return <Modal closeButtonProps={{ 'aria-label': t('common.close') }} {...props} />;
}

/** The calendar's buttons named in the UI's language (Mantine's date inputs). */
export function useCalendarLabels() {
  const { t } = useTranslation();
  return {
    monthLevelControl: t('calendar.monthLevelControl'),
    yearLevelControl: t('calendar.yearLevelControl'),
    nextMonth: t('calendar.nextMonth'),
    previousMonth: t('calendar.previousMonth'),
    nextYear: t('calendar.nextYear'),
    previousYear: t('calendar.previousYear'),
    nextDecade: t('calendar.nextDecade'),
    previousDecade: t('calendar.previousDecade'),
  };
}
