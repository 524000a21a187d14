import { Loader, Pagination, Stack, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import type { AuditTrail, Henkilo } from '../../api/types.ts';
import { ErrorAlert } from '../../components/common.tsx';
import { formatDateTime } from '../../format.ts';

/** The person's audit trail, newest first ("created by … at …" is the last item). */
export function AuditTrailTab({ person }: { person: Henkilo }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const count = 20;
  const trail = useQuery({
    queryKey: ['person', person.oid, 'trail', page],
    queryFn: () => get<AuditTrail>('auditTrail', { params: { oid: person.oid }, query: { page, count } }),
  });
  const actionLabel = (code: string) =>
    i18n.exists(`audit.${code}`) ? t(`audit.${code as 'PERSON_CREATE'}`) : code;
  if (trail.error) return <ErrorAlert error={trail.error} />;
  if (!trail.data) return <Loader aria-label={t('common.loading')} />;
  return (
    <Stack>
      <Table.ScrollContainer minWidth={640}>
        <Table striped data-testid="audit-trail">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.time')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.actor')}</Table.Th>
              <Table.Th>{t('audit.changes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {trail.data.items.map((item, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: audit records have no id here, and a page never reorders
              <Table.Tr key={`${item.aika}-${index}`}>
                <Table.Td className="nowrap">{formatDateTime(item.aika, i18n.language)}</Table.Td>
                <Table.Td>{actionLabel(item.toiminto)}</Table.Td>
                <Table.Td>{item.tekija.nimi ?? item.tekija.oid ?? '–'}</Table.Td>
                <Table.Td>
                  {item.muutokset
                    ? Object.entries(item.muutokset)
                        .map(
                          ([field, change]) =>
                            `${field}: ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`,
                        )
                        .join('; ')
                    : ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {trail.data.total > count && (
        <Pagination total={Math.ceil(trail.data.total / count)} value={page} onChange={setPage} />
      )}
    </Stack>
  );
}
