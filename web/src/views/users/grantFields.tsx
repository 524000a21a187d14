import { Group } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { GRANTABLE_BY_MAIN_USER, isRegistryKeeper, ROLES } from '../../access.ts';
import { useCalendarLabels } from '../../components/common.tsx';
import { useMe } from '../../session.tsx';

export type Kind = 'official' | 'service';

export function useGrantableRoles(): readonly string[] {
  const me = useMe();
  return isRegistryKeeper(me) ? ROLES : GRANTABLE_BY_MAIN_USER;
}

/** Start of a calendar day in local time, as the API's ISO date-time. */
export const startOf = (day: string) => dayjs(day).startOf('day').toDate().toISOString();
export const endOf = (day: string) => dayjs(day).endOf('day').toDate().toISOString();

/**
 * A grant's start and end. A main user's grant lasts at most a year (366 days) from its start, or
 * from today once it has begun (`started`: the start is then shown but fixed).
 */
export function ValidityFields({
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
