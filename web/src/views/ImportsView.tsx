import {
  Anchor,
  Badge,
  Card,
  Group,
  Loader,
  Pagination,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get } from '../api/client.ts';
import type { ErrorListPage, ImportListPage, ImportSummary } from '../api/types.ts';
import { ErrorAlert } from '../components/common.tsx';
import { formatDate, formatDateTime } from '../format.ts';

const PAGE_SIZE = 20;

function Summary() {
  const { t } = useTranslation();
  const summary = useQuery({ queryKey: ['errorSummary'], queryFn: () => get<ImportSummary>('errorSummary') });
  if (summary.error) return <ErrorAlert error={summary.error} />;
  const figures: [string, number | undefined, string][] = [
    [t('imports.summary.total'), summary.data?.yhteensa, 'summary-total'],
    [t('imports.summary.ok'), summary.data?.onnistuneet, 'summary-ok'],
    [t('imports.summary.errors'), summary.data?.virheet, 'summary-errors'],
    [t('imports.summary.pending'), summary.data?.keskeneraiset, 'summary-pending'],
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} role="list" aria-label={t('imports.summary.title')}>
      {figures.map(([label, value, id]) => (
        <Card withBorder key={id} role="listitem" padding="sm">
          <Text size="sm" c="dimmed">
            {label}
          </Text>
          <Text size="xl" fw={700} data-testid={id}>
            {value ?? '…'}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function ErrorList() {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['errorList', debounced, page],
    queryFn: () => get<ErrorListPage>('errorList', { query: { haku: debounced, page, count: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.total ?? 0;
  return (
    <Stack>
      <TextInput
        label={t('errorList.search')}
        description={t('errorList.searchHelp')}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setPage(1);
        }}
        type="search"
        maw={420}
      />
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : (
        <>
          <Text size="sm" role="status">
            {t('common.results', { count: total })}
          </Text>
          <Table.ScrollContainer minWidth={800}>
            <Table striped highlightOnHover>
              <Table.Caption>{t('errorList.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th>{t('fields.syntymaaika')}</Table.Th>
                  <Table.Th>{t('errorList.reason')}</Table.Th>
                  <Table.Th>{t('errorList.imported')}</Table.Th>
                  <Table.Th>{t('errorList.importer')}</Table.Th>
                  <Table.Th>{t('fields.organisation')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data?.items.map((p) => (
                  <Table.Tr key={p.oid}>
                    <Table.Td>
                      <Anchor component={Link} to={`/henkilo/${p.oid}`}>
                        {p.sukunimi}, {p.etunimet}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{formatDate(p.syntymaaika, i18n.language)}</Table.Td>
                    <Table.Td>
                      <Badge color={p.syy === 'HETU_PUUTTUU' ? 'yellow' : 'red'} variant="light">
                        {t(`reasons.${p.syy}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDateTime(p.tuotu, i18n.language)}</Table.Td>
                    <Table.Td>{p.tuoja.nimi}</Table.Td>
                    <Table.Td>{p.organisaatio.nimi}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {total > PAGE_SIZE && (
            <Pagination
              total={Math.ceil(total / PAGE_SIZE)}
              value={page}
              onChange={setPage}
              getControlProps={(control) => ({
                'aria-label': control === 'next' ? t('common.nextPage') : t('common.previousPage'),
              })}
              getItemProps={(n) => ({ 'aria-label': t('common.page', { page: n }) })}
            />
          )}
        </>
      )}
    </Stack>
  );
}

function ImportList() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['imports', page],
    queryFn: () => get<ImportListPage>('imports', { query: { page, count: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.total ?? 0;
  if (list.error) return <ErrorAlert error={list.error} />;
  if (list.isPending) return <Loader aria-label={t('common.loading')} />;
  return (
    <Stack>
      <Table.ScrollContainer minWidth={800}>
        <Table striped highlightOnHover>
          <Table.Caption>{t('imports.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.id')}</Table.Th>
              <Table.Th>{t('imports.api')}</Table.Th>
              <Table.Th>{t('imports.created')}</Table.Th>
              <Table.Th>{t('imports.by')}</Table.Th>
              <Table.Th>{t('imports.rows')}</Table.Th>
              <Table.Th>{t('imports.processed')}</Table.Th>
              <Table.Th>{t('imports.errors')}</Table.Th>
              <Table.Th>{t('imports.conflicts')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.map((i) => (
              <Table.Tr key={`${i.api}-${i.id}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/tuonnit/${i.api}/${i.id}`}>
                    {t('imports.open', { id: i.id })}
                  </Anchor>
                </Table.Td>
                <Table.Td className="mono">{i.api}</Table.Td>
                <Table.Td>{formatDateTime(i.luotu, i18n.language)}</Table.Td>
                <Table.Td>{i.tekija.nimi}</Table.Td>
                <Table.Td>{i.kasiteltavia}</Table.Td>
                <Table.Td>
                  {i.kasitelty ? (
                    <Badge color="teal" variant="light">
                      {t('imports.done')}
                    </Badge>
                  ) : (
                    `${i.kasiteltyja} / ${i.kasiteltavia}`
                  )}
                </Table.Td>
                <Table.Td>{i.virheita}</Table.Td>
                <Table.Td>{i.konflikteja}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {total > PAGE_SIZE && (
        <Pagination total={Math.ceil(total / PAGE_SIZE)} value={page} onChange={setPage} />
      )}
    </Stack>
  );
}

/** Import report (SPEC §13): summary counts, the error list (SPEC §9) and the list of imports. */
export function ImportsView({ tab }: { tab: 'errors' | 'imports' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Stack>
      <Title order={2}>{t('imports.title')}</Title>
      <Summary />
      <Tabs
        value={tab}
        onChange={(v) => navigate(v === 'imports' ? '/tuonnit' : '/virhelista')}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="errors">{t('nav.errorList')}</Tabs.Tab>
          <Tabs.Tab value="imports">{t('nav.imports')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="errors" pt="md">
          <ErrorList />
        </Tabs.Panel>
        <Tabs.Panel value="imports" pt="md">
          <ImportList />
        </Tabs.Panel>
      </Tabs>
      <Group />
    </Stack>
  );
}
