/**
 * The registry keeper's audit log search (SPEC §12–§13): by person, user, action and time, newest
 * first, older records page by page. The server records every search.
 */
import {
  Anchor,
  Button,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AUDIT_OPERATIONS } from '../../../src/domain/audit-operations.ts';
import { get } from '../api/client.ts';
import type { AuditLogPage } from '../api/types.ts';
import { ErrorAlert, useCalendarLabels } from '../components/common.tsx';
import { formatDateTime } from '../format.ts';
import { parseFinnishDate } from './HetulessView.tsx';

const OID = /^1\.2\.246\.562\.[0-9]+\.[0-9]+$/;
const PAGE_SIZE = 50;

interface Filter {
  henkilo?: string;
  tekija?: string;
  toiminto?: string;
  alkaen?: string;
  asti?: string;
}

/** "YYYY-MM-DD" of a picked day → the start of that day (from), or of the next day (until), local time. */
function dayStart(value: string | null, nextDay = false): string | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y!, m! - 1, d! + (nextDay ? 1 : 0)).toISOString();
}

export function AuditLogView() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [person, setPerson] = useState('');
  const [actor, setActor] = useState('');
  const [operation, setOperation] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter | null>(null);
  const calendarLabels = useCalendarLabels();
  const dateProps = {
    ariaLabels: calendarLabels,
    valueFormat: 'D.M.YYYY',
    dateParser: parseFinnishDate,
    placeholder: t('common.datePlaceholder'),
    clearable: true,
  };

  const label = (code: string) =>
    i18n.exists(`audit.${code}`) ? t(`audit.${code as 'PERSON_CREATE'}`) : code;
  const personError = person.trim() && !OID.test(person.trim()) ? t('validation.oid') : undefined;
  const actorError = actor.trim() && !OID.test(actor.trim()) ? t('validation.oid') : undefined;

  const records = useInfiniteQuery({
    queryKey: ['auditLog', filter],
    enabled: filter !== null,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      get<AuditLogPage>('auditLog', {
        query: { ...filter, maara: PAGE_SIZE, ...(pageParam ? { ennen: pageParam } : {}) },
      }),
    getNextPageParam: (last) => last.seuraava ?? undefined,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (personError || actorError) return;
    setFilter({
      henkilo: person.trim() || undefined,
      tekija: actor.trim() || undefined,
      toiminto: operation ?? undefined,
      alkaen: dayStart(from),
      asti: dayStart(to, true),
    });
  }

  const items = records.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Title order={2}>{t('auditLog.title')}</Title>
      <Text>{t('auditLog.intro')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput
              label={t('auditLog.person')}
              value={person}
              error={personError}
              onChange={(e) => setPerson(e.currentTarget.value)}
              classNames={{ input: 'mono' }}
            />
            <TextInput
              label={t('auditLog.actor')}
              value={actor}
              error={actorError}
              onChange={(e) => setActor(e.currentTarget.value)}
              classNames={{ input: 'mono' }}
            />
            <Select
              label={t('auditLog.operation')}
              placeholder={t('auditLog.anyOperation')}
              data={AUDIT_OPERATIONS.map((code) => ({ value: code, label: label(code) }))}
              value={operation}
              onChange={setOperation}
              clearable
              searchable
            />
            <DateInput {...dateProps} label={t('auditLog.from')} value={from} onChange={setFrom} />
            <DateInput {...dateProps} label={t('auditLog.to')} value={to} onChange={setTo} />
          </SimpleGrid>
          <Group>
            <Button type="submit" disabled={Boolean(personError || actorError)}>
              {t('auditLog.search')}
            </Button>
          </Group>
        </Stack>
      </form>
      <ErrorAlert error={records.error} />
      {records.isFetching && !records.isFetchingNextPage && <Loader aria-label={t('common.loading')} />}
      {filter && records.data && items.length === 0 && <Text>{t('auditLog.empty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="audit-log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('audit.time')}</Table.Th>
                <Table.Th scope="col">{t('auditLog.operation')}</Table.Th>
                <Table.Th scope="col">{t('audit.actor')}</Table.Th>
                <Table.Th scope="col">{t('auditLog.targets')}</Table.Th>
                <Table.Th scope="col">{t('auditLog.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-operation={r.toiminto}>
                  <Table.Td className="nowrap">{formatDateTime(r.aika, lang)}</Table.Td>
                  <Table.Td>{label(r.toiminto)}</Table.Td>
                  <Table.Td>
                    {r.tekija.nimi ?? r.tekija.oid ?? '–'}
                    {r.ip && (
                      <Text size="xs" c="dimmed">
                        {r.ip}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {r.kohteet.slice(0, 5).map((oid) => (
                        <Anchor key={oid} component={Link} to={`/henkilo/${oid}`} className="mono" size="sm">
                          {oid}
                        </Anchor>
                      ))}
                      {r.kohteet.length > 5 && <Text size="xs">+{r.kohteet.length - 5}</Text>}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" className="mono" style={{ wordBreak: 'break-word' }}>
                      {r.muutokset ? Object.keys(r.muutokset as object).join(', ') : ''}
                      {r.requestId ? ` ${t('auditLog.requestId')} ${r.requestId}` : ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {records.hasNextPage && (
        <Group>
          <Button
            variant="default"
            loading={records.isFetchingNextPage}
            onClick={() => records.fetchNextPage()}
          >
            {t('auditLog.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
