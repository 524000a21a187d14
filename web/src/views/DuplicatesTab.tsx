/**
 * The duplicates tab of the person page (SPEC §10, docs/DUPLICATES.md): ranked candidates with the
 * evidence for each, linking with a confirmation that says which learner number stays in force,
 * "not the same person", and unlinking.
 */
import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../api/client.ts';
import type { DuplicateCandidates, Henkilo, NotDuplicateList, SimilarityEvidence } from '../api/types.ts';
import { ErrorAlert, StateBadge } from '../components/common.tsx';
import { formatDate, formatDateTime } from '../format.ts';
import { DuplicateActionDialog, type Pending } from './duplicates/DuplicateActionDialog.tsx';

const RESULT_COLOR: Record<SimilarityEvidence['tulos'], string> = {
  sama: 'teal',
  samankaltainen: 'yellow',
  eri: 'red',
  puuttuu: 'gray',
};

const identified = (tila: string) => tila === 'OK';

function Evidence({ evidence }: { evidence: SimilarityEvidence[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {evidence.map((e) => (
        <Tooltip key={e.kentta} label={e.selitys} multiline maw={320}>
          <Badge
            variant="light"
            color={RESULT_COLOR[e.tulos]}
            tabIndex={0}
            aria-label={`${t(`fields.${e.kentta}`)}: ${t(`duplicates.result.${e.tulos}`)}. ${e.tarkenne ? t(`duplicates.detail.${e.tarkenne}`) : ''} ${e.selitys}`}
          >
            {t(`fields.${e.kentta}`)}: {t(`duplicates.result.${e.tulos}`)}
            {e.samankaltaisuus !== undefined && e.tulos === 'samankaltainen'
              ? ` ${Math.round(e.samankaltaisuus * 100)} %`
              : ''}
            {e.tarkenne ? ` · ${t(`duplicates.detail.${e.tarkenne}`)}` : ''}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

export function DuplicatesTab({ person }: { person: Henkilo }) {
  const { t, i18n } = useTranslation();
  const [pending, setPending] = useState<Pending | null>(null);
  const candidates = useQuery({
    queryKey: ['person', person.oid, 'duplicates'],
    queryFn: () => get<DuplicateCandidates>('duplicates', { params: { oid: person.oid } }),
    enabled: !person.duplicate,
  });
  const notDuplicates = useQuery({
    queryKey: ['person', person.oid, 'notDuplicates'],
    queryFn: () => get<NotDuplicateList>('notDuplicates', { params: { oid: person.oid } }),
  });
  const links = (
    <>
      {person.master && (
        <Alert color="grape" title={t('duplicates.isSlave')}>
          <Group justify="space-between">
            <Text>
              {t('duplicates.masterNumber')}{' '}
              <Anchor component={Link} to={`/henkilo/${person.master.oid}`}>
                {person.master.oid}
              </Anchor>
            </Text>
            <Button variant="default" onClick={() => setPending({ kind: 'unlink', oid: person.oid })}>
              {t('duplicates.unlink')}
            </Button>
          </Group>
        </Alert>
      )}
      {person.linkitetyt.length > 0 && (
        <Stack gap="xs" data-testid="linked-persons">
          <Text fw={500}>{t('duplicates.linkedHere')}</Text>
          <Table>
            <Table.Tbody>
              {person.linkitetyt.map((oid) => (
                <Table.Tr key={oid}>
                  <Table.Td>
                    <Anchor component={Link} to={`/henkilo/${oid}`} className="mono">
                      {oid}
                    </Anchor>
                  </Table.Td>
                  <Table.Td align="right">
                    <Button size="xs" variant="default" onClick={() => setPending({ kind: 'unlink', oid })}>
                      {t('duplicates.unlink')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </>
  );

  let list: ReactNode = null;
  if (!person.duplicate) {
    if (candidates.error) list = <ErrorAlert error={candidates.error} />;
    else if (!candidates.data) list = <Loader aria-label={t('common.loading')} />;
    else if (candidates.data.items.length === 0) list = <Text>{t('duplicates.none')}</Text>;
    else
      list = (
        <Table.ScrollContainer minWidth={760}>
          <Table striped data-testid="duplicate-candidates">
            <Table.Caption>{t('duplicates.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fields.name')}</Table.Th>
                <Table.Th scope="col">{t('fields.syntymaaika')}</Table.Th>
                <Table.Th scope="col">{t('fields.tila')}</Table.Th>
                <Table.Th scope="col">{t('duplicates.score')}</Table.Th>
                <Table.Th scope="col">{t('duplicates.why')}</Table.Th>
                <Table.Th scope="col">{t('duplicates.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {candidates.data.items.map((c) => {
                const bothIdentified = identified(person.tila) && identified(c.henkilo.tila);
                const name = `${c.henkilo.sukunimi}, ${c.henkilo.etunimet}`;
                return (
                  <Table.Tr key={c.henkilo.oid} data-oid={c.henkilo.oid}>
                    <Table.Td>
                      {c.rajattu ? (
                        <Stack gap={0}>
                          <Text>{name}</Text>
                          <Text size="xs" c="dimmed">
                            {t('duplicates.otherOrganisation')} ·{' '}
                            <span className="mono">{c.henkilo.oid}</span>
                          </Text>
                        </Stack>
                      ) : (
                        <Anchor component={Link} to={`/henkilo/${c.henkilo.oid}`}>
                          {name}
                        </Anchor>
                      )}
                    </Table.Td>
                    <Table.Td className="nowrap">{formatDate(c.henkilo.syntymaaika, i18n.language)}</Table.Td>
                    <Table.Td className="nowrap">
                      <StateBadge state={c.henkilo.tila} />
                    </Table.Td>
                    <Table.Td>{Math.round(c.pisteet * 100)} %</Table.Td>
                    <Table.Td>
                      <Evidence evidence={c.perusteet} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {bothIdentified ? (
                          <Text size="xs" c="dimmed">
                            {t('duplicates.bothIdentified')}
                          </Text>
                        ) : (
                          <Button size="xs" onClick={() => setPending({ kind: 'link', candidate: c })}>
                            {t('duplicates.link')}
                          </Button>
                        )}
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setPending({ kind: 'notDuplicate', candidate: c })}
                        >
                          {t('duplicates.notDuplicate')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      );
  }

  const differentPersons =
    notDuplicates.data && notDuplicates.data.items.length > 0 ? (
      <Stack gap="xs">
        <Text fw={500}>{t('duplicates.notDuplicates')}</Text>
        <Table.ScrollContainer minWidth={640}>
          <Table data-testid="not-duplicates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fields.oid')}</Table.Th>
                <Table.Th scope="col">{t('duplicates.markedAt')}</Table.Th>
                <Table.Th scope="col">{t('duplicates.markedBy')}</Table.Th>
                <Table.Th scope="col">{t('duplicates.markedWhy')}</Table.Th>
                <Table.Th scope="col">{t('duplicates.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {notDuplicates.data.items.map((n) => (
                <Table.Tr key={n.oid} data-oid={n.oid}>
                  <Table.Td>
                    <Anchor component={Link} to={`/henkilo/${n.oid}`} className="mono">
                      {n.oid}
                    </Anchor>
                  </Table.Td>
                  <Table.Td className="nowrap">{formatDateTime(n.lisatty, i18n.language)}</Table.Td>
                  <Table.Td>{n.lisaajaNimi ?? n.lisaaja ?? '–'}</Table.Td>
                  <Table.Td>{n.syy ?? ''}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setPending({ kind: 'removeNotDuplicate', oid: n.oid })}
                    >
                      {t('duplicates.removeNotDuplicate')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    ) : null;

  return (
    <Stack>
      {links}
      {list}
      {differentPersons}
      {pending && (
        <DuplicateActionDialog person={person} pending={pending} onClose={() => setPending(null)} />
      )}
    </Stack>
  );
}
