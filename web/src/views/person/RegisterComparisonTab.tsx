import { Badge, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, get } from '../../api/client.ts';
import type { Henkilo, RegisterComparison, RegisterData } from '../../api/types.ts';
import { useCodeList } from '../../codes.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorAlert } from '../../components/common.tsx';
import { countryName, formatDate, formatDateTime, languageName, municipalityName } from '../../format.ts';
import { usePersonAction } from './usePersonAction.ts';

const COMPARED: (keyof RegisterData)[] = [
  'etunimet',
  'kutsumanimi',
  'sukunimi',
  'syntymaaika',
  'sukupuoli',
  'aidinkieli',
  'kansalaisuus',
  'kotikunta',
  'turvakielto',
  'entisetSukunimet',
  'kuolinpaiva',
];

/** The registry's data beside the population register's, and accepting the register's data. */
export function RegisterComparisonTab({ person, canAccept }: { person: Henkilo; canAccept: boolean }) {
  const { t, i18n } = useTranslation();
  const countries = useCodeList('maatjavaltiot2');
  const languages = useCodeList('kieli');
  const municipalities = useCodeList('kunta');
  const [confirming, setConfirming] = useState(false);
  const comparison = useQuery({
    queryKey: ['person', person.oid, 'comparison'],
    queryFn: () => get<RegisterComparison>('compareWithRegister', { params: { oid: person.oid } }),
  });
  const accept = usePersonAction(
    person.oid,
    () => call<Henkilo>('acceptRegisterData', { params: { oid: person.oid } }),
    () => setConfirming(false),
  );
  if (comparison.error) return <ErrorAlert error={comparison.error} />;
  if (!comparison.data) return <Loader aria-label={t('common.loading')} />;
  const { rekisteri, vtj, haettu, erot } = comparison.data;
  const show = (field: keyof RegisterData, data: Partial<RegisterData> | null): string => {
    if (!data) return '–';
    const value = data[field];
    if (value === undefined || value === null || value === '') return '–';
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (field === 'sukupuoli') return t(`sex.${value as '1' | '2'}`);
    if (field === 'syntymaaika' || field === 'kuolinpaiva') return formatDate(String(value), i18n.language);
    if (field === 'aidinkieli') return languageName(String(value), i18n.language, languages);
    if (field === 'kotikunta') return municipalityName(String(value), i18n.language, municipalities);
    if (field === 'kansalaisuus')
      return (value as string[])
        .map((c) => countryName(c, i18n.language, t('fields.unknownCountry'), countries))
        .join(', ');
    if (Array.isArray(value)) return value.join(', ') || '–';
    return String(value);
  };
  return (
    <Stack>
      {vtj === null ? (
        <Text>{t('compare.noSnapshot')}</Text>
      ) : (
        <>
          <Text size="sm">{t('compare.fetched', { time: formatDateTime(haettu, i18n.language) })}</Text>
          <Table.ScrollContainer minWidth={520}>
            <Table withColumnBorders data-testid="comparison">
              <Table.Caption>{t('compare.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('compare.field')}</Table.Th>
                  <Table.Th scope="col">{t('compare.registry')}</Table.Th>
                  <Table.Th scope="col">{t('compare.vtj')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {COMPARED.filter((f) => f in rekisteri || f in vtj).map((f) => {
                  const differs = erot.includes(f);
                  return (
                    <Table.Tr key={f} bg={differs ? 'var(--mantine-color-yellow-light)' : undefined}>
                      <Table.Th scope="row">
                        {t(`fields.${f}`)}
                        {differs && (
                          <Badge ml="xs" color="orange" size="xs">
                            {t('compare.differs')}
                          </Badge>
                        )}
                      </Table.Th>
                      <Table.Td>{show(f, rekisteri)}</Table.Td>
                      <Table.Td>{show(f, vtj)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {canAccept && !person.yksiloityVTJ && (
            <Group>
              <Button onClick={() => setConfirming(true)}>{t('compare.accept')}</Button>
            </Group>
          )}
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('compare.accept')}
          confirmLabel={t('compare.acceptConfirmButton')}
          error={accept.error}
          loading={accept.isPending}
          onConfirm={() => accept.mutate(undefined)}
          onClose={() => setConfirming(false)}
        >
          <Text>{t('compare.acceptConfirm')}</Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
