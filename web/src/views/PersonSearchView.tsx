import {
  Anchor,
  Button,
  Group,
  Loader,
  Pagination,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get } from '../api/client.ts';
import type { PersonSearchPage } from '../api/types.ts';
import { ErrorAlert, StateBadge } from '../components/common.tsx';
import { formatDate, maskHetu } from '../format.ts';

const PAGE_SIZE = 20;

/** Registry keeper's (and HENKILON_RU officials') person search by name, hetu or OID. */
export function PersonSearchView() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('sivu') ?? '1') || 1;
  const [input, setInput] = useState(q);
  const results = useQuery({
    queryKey: ['search', q, page],
    queryFn: () => get<PersonSearchPage>('searchPersons', { query: { q, page, count: PAGE_SIZE } }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setParams(input.trim() ? { q: input.trim() } : {});
  }

  const total = results.data?.total ?? 0;
  return (
    <Stack>
      <Title order={2}>{t('search.title')}</Title>
      <search>
        <form onSubmit={submit} aria-label={t('search.title')}>
          <Group align="flex-end">
            <TextInput
              label={t('search.query')}
              description={t('search.help')}
              value={input}
              onChange={(e) => setInput(e.currentTarget.value)}
              w={420}
              maw="100%"
              type="search"
            />
            <Button type="submit" disabled={!input.trim()}>
              {t('search.submit')}
            </Button>
          </Group>
        </form>
      </search>
      <ErrorAlert error={results.error} />
      {results.isFetching && <Loader size="sm" aria-label={t('common.loading')} />}
      {results.data && (
        <>
          <Text role="status">{t('common.results', { count: total })}</Text>
          <Table.ScrollContainer minWidth={700}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th>{t('fields.hetu')}</Table.Th>
                  <Table.Th>{t('fields.syntymaaika')}</Table.Th>
                  <Table.Th>{t('fields.oppijanumero')}</Table.Th>
                  <Table.Th>{t('fields.tila')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {results.data.items.map((p) => (
                  <Table.Tr key={p.oid}>
                    <Table.Td>
                      <Anchor component={Link} to={`/henkilo/${p.oid}`}>
                        {p.sukunimi}, {p.etunimet}
                      </Anchor>
                    </Table.Td>
                    <Table.Td className="mono">{p.hetu ? maskHetu(p.hetu) : '–'}</Table.Td>
                    <Table.Td>{formatDate(p.syntymaaika, i18n.language)}</Table.Td>
                    <Table.Td className="mono">{p.oppijanumero ?? '–'}</Table.Td>
                    <Table.Td>
                      <StateBadge state={p.tila} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {total > PAGE_SIZE && (
            <Pagination
              total={Math.ceil(total / PAGE_SIZE)}
              value={page}
              onChange={(n) => setParams({ q, sivu: String(n) })}
            />
          )}
        </>
      )}
    </Stack>
  );
}
