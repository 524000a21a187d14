import { Anchor, Badge, Breadcrumbs, Loader, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../api/client.ts';
import type { ImportResults } from '../api/types.ts';
import { ErrorAlert } from '../components/common.tsx';
import { maskHetusIn } from '../mask.ts';

const PAGE_SIZE = 50;

/** One import's rows (drill-down); the results carry no hetu, and any hetu in a message is masked. */
export function ImportRowsView() {
  const { t } = useTranslation();
  const { api, id } = useParams();
  const [page, setPage] = useState(1);
  const endpoint = api === 'oppija' ? 'oppijaImportResults' : 'yleistunnisteImportResults';
  const results = useQuery({
    queryKey: ['importResults', api, id],
    queryFn: () => get<ImportResults>(endpoint, { params: { id: id ?? '' } }),
  });
  const rows = results.data?.henkilot ?? [];
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/tuonnit">
          {t('nav.imports')}
        </Anchor>
        <Text>{t('imports.open', { id })}</Text>
      </Breadcrumbs>
      <Title order={2}>{t('imports.rowsTitle', { id })}</Title>
      <ErrorAlert error={results.error} />
      {results.isPending && <Loader aria-label={t('common.loading')} />}
      {results.data && (
        <>
          <Text role="status">
            {t('imports.progress', { done: results.data.kasiteltyja, total: results.data.kasiteltavia })}
          </Text>
          <Table.ScrollContainer minWidth={700}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>{t('imports.rowId')}</Table.Th>
                  <Table.Th>{t('fields.oid')}</Table.Th>
                  <Table.Th>{t('fields.oppijanumero')}</Table.Th>
                  <Table.Th>{t('imports.result')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((row, index) => {
                  const n = (page - 1) * PAGE_SIZE + index + 1;
                  return (
                    <Table.Tr key={n}>
                      <Table.Td>{n}</Table.Td>
                      <Table.Td>{maskHetusIn(row.tunniste ?? '')}</Table.Td>
                      <Table.Td className="mono">
                        {row.henkilo ? (
                          <Anchor component={Link} to={`/henkilo/${row.henkilo.oid}`}>
                            {row.henkilo.oid}
                          </Anchor>
                        ) : (
                          '–'
                        )}
                      </Table.Td>
                      <Table.Td className="mono">{row.henkilo?.oppijanumero ?? '–'}</Table.Td>
                      <Table.Td>
                        {row.virhe ? (
                          <Badge color="red" variant="light" title={maskHetusIn(row.virhe.message)}>
                            {t('imports.rowError', { field: row.virhe.field })}
                          </Badge>
                        ) : row.conflict ? (
                          <Badge color="orange" variant="light">
                            {t('imports.rowConflict')}
                          </Badge>
                        ) : row.henkilo ? (
                          <Badge color="teal" variant="light">
                            {t('imports.rowOk')}
                          </Badge>
                        ) : (
                          <Badge color="gray" variant="light">
                            {t('imports.rowPending')}
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {rows.length > PAGE_SIZE && (
            <Pagination total={Math.ceil(rows.length / PAGE_SIZE)} value={page} onChange={setPage} />
          )}
        </>
      )}
    </Stack>
  );
}
