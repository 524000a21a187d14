import { Badge, Loader, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import type { TestDataReport } from '../api/types.ts';
import { ErrorAlert } from '../components/common.tsx';
import { formatDateTime } from '../format.ts';

const PAGE_SIZE = 50;

/** The registry keeper's test-data report (SPEC §11): by organisation and actor, then the entries. */
export function TestDataView() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [page, setPage] = useState(1);
  const report = useQuery({
    queryKey: ['testData', page],
    queryFn: () => get<TestDataReport>('testDataReport', { query: { page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Title order={2}>{t('testData.title')}</Title>
      <Text>{t('testData.intro')}</Text>
      <ErrorAlert error={report.error} />
      {report.isPending && <Loader aria-label={t('common.loading')} />}
      {report.data && (
        <>
          <Title order={3}>{t('testData.byOrganisation')}</Title>
          {report.data.organisations.length === 0 ? (
            <Text data-testid="test-data-empty">{t('testData.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={700}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('fields.organisation')}</Table.Th>
                    <Table.Th>{t('testData.actor')}</Table.Th>
                    <Table.Th>{t('testData.testHetus')}</Table.Th>
                    <Table.Th>{t('testData.testNames')}</Table.Th>
                    <Table.Th>{t('testData.latest')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.data.organisations.map((o) => (
                    <Fragment key={o.organisationOid ?? 'none'}>
                      <Table.Tr>
                        <Table.Th scope="rowgroup" colSpan={5}>
                          {o.organisationName ?? t('testData.noOrganisation')} ({o.count})
                        </Table.Th>
                      </Table.Tr>
                      {o.actors.map((a) => (
                        <Table.Tr key={`${o.organisationOid}-${a.actorOid}`}>
                          <Table.Td />
                          <Table.Td>{a.actorName ?? a.actorOid ?? '–'}</Table.Td>
                          <Table.Td>{a.testHetus}</Table.Td>
                          <Table.Td>{a.testNames}</Table.Td>
                          <Table.Td>{formatDateTime(a.latest, lang)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Fragment>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Title order={3}>{t('testData.entries')}</Title>
          {report.data.entries.length > 0 && (
            <Table.ScrollContainer minWidth={800}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('testData.time')}</Table.Th>
                    <Table.Th>{t('testData.reason')}</Table.Th>
                    <Table.Th>{t('fields.organisation')}</Table.Th>
                    <Table.Th>{t('testData.actor')}</Table.Th>
                    <Table.Th>{t('testData.endpoint')}</Table.Th>
                    <Table.Th>{t('fields.hetu')}</Table.Th>
                    <Table.Th>{t('fields.name')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.data.entries.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>{formatDateTime(e.occurredAt, lang)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={e.reason === 'TEST_HETU' ? 'red' : 'yellow'}>
                          {t(`testData.reasons.${e.reason}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{e.organisationName ?? '–'}</Table.Td>
                      <Table.Td>{e.actorName ?? e.actorOid ?? '–'}</Table.Td>
                      <Table.Td className="mono">{e.endpoint}</Table.Td>
                      <Table.Td className="mono">{e.maskedHetu ?? '–'}</Table.Td>
                      <Table.Td>{e.names ?? '–'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {report.data.total > PAGE_SIZE && (
            <Pagination total={Math.ceil(report.data.total / PAGE_SIZE)} value={page} onChange={setPage} />
          )}
        </>
      )}
    </Stack>
  );
}
