import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { permissions } from '../access.ts';
import { ApiError, call, get } from '../api/client.ts';
import type { Henkilo } from '../api/types.ts';
import { useCodeList } from '../codes.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CopyValue, ErrorAlert, StateBadge } from '../components/common.tsx';
import { countryName, formatDate, formatDateTime, languageName, municipalityName } from '../format.ts';
import { useMe } from '../session.tsx';
import { DuplicatesTab } from './DuplicatesTab.tsx';
import { AuditTrailTab } from './person/AuditTrailTab.tsx';
import { PersonFormDialog } from './person/PersonFormDialog.tsx';
import { RegisterComparisonTab } from './person/RegisterComparisonTab.tsx';
import { usePersonAction } from './person/usePersonAction.ts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="div">{children || '–'}</Text>
    </div>
  );
}

/** The person page (SPEC §13): data, state, identification, comparison, actions, audit trail. */
export function PersonView() {
  const { t, i18n } = useTranslation();
  const { oid = '' } = useParams();
  const me = useMe();
  const p = permissions(me);
  const lang = i18n.language;
  const countries = useCodeList('maatjavaltiot2');
  const languages = useCodeList('kieli');
  const municipalities = useCodeList('kunta');
  const [dialog, setDialog] = useState<'edit' | 'identify' | 'passivate' | 'activate' | null>(null);
  const person = useQuery({
    queryKey: ['person', oid],
    queryFn: () => get<Henkilo>('person', { params: { oid } }),
  });
  const passivation = usePersonAction(
    oid,
    (action: 'passivate' | 'activate') => call<Henkilo>(action, { params: { oid } }),
    () => setDialog(null),
  );

  if (person.error) {
    return (
      <Stack>
        <Title order={2}>{t('person.title')}</Title>
        {person.error instanceof ApiError && person.error.status === 404 ? (
          <Alert color="yellow" role="alert">
            {t('person.notFound')}
          </Alert>
        ) : (
          <ErrorAlert error={person.error} />
        )}
      </Stack>
    );
  }
  if (!person.data) return <Loader aria-label={t('common.loading')} />;
  const h = person.data;
  const canIdentify = p.identifyManually && !h.hetu && !h.yksiloity && !h.yksiloityVTJ && !h.passivoitu;
  const showComparison = p.compareWithRegister && !!h.hetu;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} data-testid="person-name">
            {h.sukunimi}, {h.etunimet}
          </Title>
          <Group gap="xs" mt={4}>
            <StateBadge state={h.tila} />
            {h.passivoitu && <Badge color="gray">{t('person.passivated')}</Badge>}
            {h.duplicate && <Badge color="grape">{t('person.duplicate')}</Badge>}
            {h.turvakielto && <Badge color="red">{t('fields.turvakielto')}</Badge>}
          </Group>
        </div>
        <Group gap="xs">
          {p.updatePersons && !h.passivoitu && (
            <Button variant="light" onClick={() => setDialog('edit')}>
              {t('person.edit')}
            </Button>
          )}
          {canIdentify && (
            <Button variant="light" onClick={() => setDialog('identify')}>
              {t('person.identify')}
            </Button>
          )}
          {p.updatePersons &&
            (h.passivoitu ? (
              <Button variant="default" onClick={() => setDialog('activate')}>
                {t('person.activate')}
              </Button>
            ) : (
              <Button variant="default" color="red" onClick={() => setDialog('passivate')}>
                {t('person.passivate')}
              </Button>
            ))}
        </Group>
      </Group>

      {h.yksilointivirhe && (
        <Alert color="red" title={t('person.identificationError')} data-testid="identification-error">
          <Text>{t(`reasons.${h.yksilointivirhe.syy}`)}</Text>
          <Text size="sm">
            {t('person.attempted', {
              time: formatDateTime(h.yksilointivirhe.aika, lang),
              count: h.yksilointivirhe.yrityksia,
            })}
            {h.yksilointivirhe.seuraavaYritys &&
              ` ${t('person.nextAttempt', { time: formatDateTime(h.yksilointivirhe.seuraavaYritys, lang) })}`}
          </Text>
        </Alert>
      )}
      {h.master && (
        <Alert color="grape">
          {t('person.linkedUnder')}{' '}
          <Anchor component={Link} to={`/henkilo/${h.master.oid}`}>
            {h.master.oid}
          </Anchor>
        </Alert>
      )}

      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <Field label={t('fields.oppijanumero')}>
            {h.oppijanumero ? (
              <CopyValue value={h.oppijanumero} label={t('fields.oppijanumero')} />
            ) : (
              t('person.noNumber')
            )}
          </Field>
          <Field label={t('fields.oid')}>
            <Text className="mono" size="sm">
              {h.oid}
            </Text>
          </Field>
          <Field label={t('fields.hetu')}>{h.hetu}</Field>
          <Field label={t('fields.etunimet')}>{h.etunimet}</Field>
          <Field label={t('fields.kutsumanimi')}>{h.kutsumanimi}</Field>
          <Field label={t('fields.sukunimi')}>{h.sukunimi}</Field>
          <Field label={t('fields.entisetSukunimet')}>{h.entisetSukunimet.join(', ')}</Field>
          <Field label={t('fields.syntymaaika')}>{formatDate(h.syntymaaika, lang)}</Field>
          <Field label={t('fields.sukupuoli')}>{h.sukupuoli ? t(`sex.${h.sukupuoli}`) : ''}</Field>
          <Field label={t('fields.aidinkieli')}>{languageName(h.aidinkieli, lang, languages)}</Field>
          <Field label={t('fields.asiointikieli')}>{languageName(h.asiointikieli, lang, languages)}</Field>
          <Field label={t('fields.kansalaisuus')}>
            {h.kansalaisuus
              .map((c) => countryName(c, lang, t('fields.unknownCountry'), countries))
              .join(', ')}
          </Field>
          <Field label={t('fields.kotikunta')}>
            {h.kotikunta ? municipalityName(h.kotikunta, lang, municipalities) : ''}
          </Field>
          <Field label={t('fields.kuolinpaiva')}>
            {h.kuolinpaiva ? formatDate(h.kuolinpaiva, lang) : ''}
          </Field>
          <Field label={t('fields.passinumero')}>{h.passinumerot.join(', ')}</Field>
          <Field label={t('fields.sahkoposti')}>{h.sahkopostit.join(', ')}</Field>
          <Field label={t('fields.kaikkiHetut')}>{h.kaikkiHetut.join(', ')}</Field>
          <Field label={t('person.created')}>
            <span data-testid="created-by">
              {t('person.createdBy', {
                time: formatDateTime(h.created, lang),
                by: h.createdByName ?? h.createdBy ?? '–',
              })}
            </span>
          </Field>
          <Field label={t('person.modified')}>
            {t('person.createdBy', {
              time: formatDateTime(h.modified, lang),
              by: h.modifiedByName ?? h.modifiedBy ?? '–',
            })}
          </Field>
        </SimpleGrid>
      </Card>

      <Tabs defaultValue={showComparison ? 'compare' : 'trail'} keepMounted={false}>
        <Tabs.List>
          {showComparison && <Tabs.Tab value="compare">{t('person.tabs.compare')}</Tabs.Tab>}
          <Tabs.Tab value="organisations">{t('person.tabs.organisations')}</Tabs.Tab>
          <Tabs.Tab value="trail">{t('person.tabs.trail')}</Tabs.Tab>
          {p.duplicates && <Tabs.Tab value="duplicates">{t('person.tabs.duplicates')}</Tabs.Tab>}
        </Tabs.List>
        {showComparison && (
          <Tabs.Panel value="compare" pt="md">
            <RegisterComparisonTab person={h} canAccept={p.compareWithRegister} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="organisations" pt="md">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.organisation')}</Table.Th>
                <Table.Th>{t('person.attachedAt')}</Table.Th>
                <Table.Th>{t('person.attachedBy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {h.organisaatiot.map((o) => (
                <Table.Tr key={o.oid}>
                  <Table.Td>{o.nimi}</Table.Td>
                  <Table.Td>{formatDateTime(o.lisatty, lang)}</Table.Td>
                  <Table.Td>{o.lisaajaNimi ?? o.lisaaja ?? '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
        <Tabs.Panel value="trail" pt="md">
          <AuditTrailTab person={h} />
        </Tabs.Panel>
        {p.duplicates && (
          <Tabs.Panel value="duplicates" pt="md">
            <DuplicatesTab person={h} />
          </Tabs.Panel>
        )}
      </Tabs>

      {(dialog === 'edit' || dialog === 'identify') && (
        <PersonFormDialog person={h} mode={dialog} onClose={() => setDialog(null)} />
      )}
      {(dialog === 'passivate' || dialog === 'activate') && (
        <ConfirmDialog
          title={dialog === 'passivate' ? t('person.passivate') : t('person.activate')}
          confirmLabel={dialog === 'passivate' ? t('person.passivate') : t('person.activate')}
          color={dialog === 'passivate' ? 'red' : 'blue'}
          error={passivation.error}
          loading={passivation.isPending}
          onConfirm={() => passivation.mutate(dialog)}
          onClose={() => setDialog(null)}
        >
          <Text>{dialog === 'passivate' ? t('person.passivateConfirm') : t('person.activateConfirm')}</Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
