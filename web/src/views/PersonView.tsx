import {
  Alert,
  Anchor,
  Badge,
  Button,
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
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { permissions } from '../access.ts';
import { ApiError, call, get } from '../api/client.ts';
import type {
  AuditTrail,
  Henkilo,
  ManualIdentification,
  PersonUpdate,
  RegisterComparison,
  RegisterData,
} from '../api/types.ts';
import { useCodeList } from '../codes.ts';
import { CopyValue, Dialog, ErrorAlert, StateBadge, useCalendarLabels } from '../components/common.tsx';
import { LanguageSelect, NationalitySelect, SexSelect } from '../components/personFields.tsx';
import { countryName, formatDate, formatDateTime, languageName, municipalityName } from '../format.ts';
import { useMe } from '../session.tsx';
import { validateDate, validateHetu, validateKutsumanimi, validateNames } from '../validation.ts';
import { DuplicatesTab } from './DuplicatesTab.tsx';
import { parseFinnishDate } from './HetulessView.tsx';

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

function usePersonAction<T>(oid: string, fn: (arg: T) => Promise<unknown>, onDone?: () => void) {
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('person.saved') });
      await queryClient.invalidateQueries({ queryKey: ['person', oid] });
      onDone?.();
    },
  });
}

interface NameFields {
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika: string | null;
  sukupuoli: '1' | '2' | null;
  aidinkieli: string | null;
  kansalaisuus: string[];
}

function PersonForm({
  person,
  mode,
  onClose,
}: {
  person: Henkilo;
  mode: 'edit' | 'identify';
  onClose(): void;
}) {
  const { t } = useTranslation();
  const calendarLabels = useCalendarLabels();
  const queryClient = useQueryClient();
  const lockedNames = mode === 'edit' && person.yksiloityVTJ;
  const [v, setV] = useState<NameFields & { hetu: string; asiointikieli: string | null }>({
    etunimet: person.etunimet,
    kutsumanimi: person.kutsumanimi,
    sukunimi: person.sukunimi,
    syntymaaika: person.syntymaaika,
    sukupuoli: person.sukupuoli,
    aidinkieli: person.aidinkieli,
    kansalaisuus: person.kansalaisuus,
    hetu: person.hetu ?? '',
    asiointikieli: person.asiointikieli,
  });
  const [showErrors, setShowErrors] = useState(false);
  const errors = {
    etunimet: validateNames(v.etunimet),
    kutsumanimi: validateKutsumanimi(v.kutsumanimi, v.etunimet),
    sukunimi: validateNames(v.sukunimi),
    syntymaaika: mode === 'identify' || v.syntymaaika ? validateDate(v.syntymaaika) : null,
    sukupuoli: mode === 'identify' && !v.sukupuoli ? ('required' as const) : null,
    aidinkieli: mode === 'identify' && !v.aidinkieli ? ('required' as const) : null,
    kansalaisuus: mode === 'identify' && v.kansalaisuus.length === 0 ? ('required' as const) : null,
    hetu: mode === 'edit' && v.hetu !== '' && v.hetu !== (person.hetu ?? '') ? validateHetu(v.hetu) : null,
  };
  const err = (f: keyof typeof errors) =>
    showErrors && errors[f] ? t(`validation.${errors[f]!}`) : undefined;
  const valid = Object.values(errors).every((e) => e === null);
  const save = useMutation({
    mutationFn: async () => {
      if (mode === 'identify') {
        const body: ManualIdentification = {
          etunimet: v.etunimet,
          kutsumanimi: v.kutsumanimi,
          sukunimi: v.sukunimi,
          syntymaaika: v.syntymaaika!,
          sukupuoli: v.sukupuoli!,
          aidinkieli: v.aidinkieli!,
          kansalaisuus: v.kansalaisuus,
        };
        return call<Henkilo>('identifyManually', { params: { oid: person.oid }, body });
      }
      const body: PersonUpdate = {
        ...(lockedNames ? {} : { etunimet: v.etunimet, kutsumanimi: v.kutsumanimi, sukunimi: v.sukunimi }),
        ...(v.syntymaaika ? { syntymaaika: v.syntymaaika } : {}),
        ...(v.sukupuoli ? { sukupuoli: v.sukupuoli } : {}),
        ...(v.aidinkieli ? { aidinkieli: v.aidinkieli } : {}),
        ...(v.asiointikieli ? { asiointikieli: v.asiointikieli } : {}),
        kansalaisuus: v.kansalaisuus,
        ...(!lockedNames && v.hetu && v.hetu !== person.hetu ? { hetu: v.hetu } : {}),
      };
      return call<Henkilo>('updatePerson', { params: { oid: person.oid }, body });
    },
    onSuccess: async () => {
      notifications.show({
        color: 'teal',
        message: t(mode === 'identify' ? 'person.identified' : 'person.saved'),
      });
      await queryClient.invalidateQueries({ queryKey: ['person', person.oid] });
      onClose();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setShowErrors(true);
    if (valid) save.mutate();
  }
  return (
    <Dialog
      opened
      onClose={onClose}
      size="xl"
      title={mode === 'identify' ? t('person.identifyTitle') : t('person.editTitle')}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {mode === 'identify' && <Text size="sm">{t('person.identifyHelp')}</Text>}
          {lockedNames && <Alert color="blue">{t('person.lockedNames')}</Alert>}
          <ErrorAlert error={save.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('fields.etunimet')}
              required
              disabled={lockedNames}
              value={v.etunimet}
              error={err('etunimet')}
              onChange={(e) => setV({ ...v, etunimet: e.currentTarget.value })}
            />
            <TextInput
              label={t('fields.kutsumanimi')}
              required
              disabled={lockedNames}
              value={v.kutsumanimi}
              error={err('kutsumanimi')}
              onChange={(e) => setV({ ...v, kutsumanimi: e.currentTarget.value })}
            />
            <TextInput
              label={t('fields.sukunimi')}
              required
              disabled={lockedNames}
              value={v.sukunimi}
              error={err('sukunimi')}
              onChange={(e) => setV({ ...v, sukunimi: e.currentTarget.value })}
            />
            {mode === 'edit' && (
              <TextInput
                label={t('fields.hetu')}
                disabled={lockedNames}
                value={v.hetu}
                error={err('hetu')}
                description={t('person.hetuChangeHelp')}
                onChange={(e) => setV({ ...v, hetu: e.currentTarget.value })}
              />
            )}
            <DateInput
              ariaLabels={calendarLabels}
              label={t('fields.syntymaaika')}
              required={mode === 'identify'}
              value={v.syntymaaika}
              onChange={(d) => setV({ ...v, syntymaaika: d })}
              valueFormat="D.M.YYYY"
              dateParser={parseFinnishDate}
              placeholder={t('common.datePlaceholder')}
              error={err('syntymaaika')}
              maxDate={new Date()}
              defaultLevel="decade"
            />
            <SexSelect
              value={v.sukupuoli}
              onChange={(s) => setV({ ...v, sukupuoli: s })}
              required={mode === 'identify'}
              error={err('sukupuoli')}
            />
            <LanguageSelect
              label={t('fields.aidinkieli')}
              value={v.aidinkieli}
              onChange={(l) => setV({ ...v, aidinkieli: l })}
              required={mode === 'identify'}
              error={err('aidinkieli')}
            />
            {mode === 'edit' && (
              <LanguageSelect
                label={t('fields.asiointikieli')}
                value={v.asiointikieli}
                onChange={(l) => setV({ ...v, asiointikieli: l })}
              />
            )}
            <NationalitySelect
              value={v.kansalaisuus}
              onChange={(k) => setV({ ...v, kansalaisuus: k })}
              required={mode === 'identify'}
              error={err('kansalaisuus')}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {mode === 'identify' ? t('person.identify') : t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

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

function Comparison({ person, canAccept }: { person: Henkilo; canAccept: boolean }) {
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
  const show = (field: keyof RegisterData, data: RegisterData | null): string => {
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
        <Dialog opened onClose={() => setConfirming(false)} title={t('compare.accept')}>
          <Stack>
            <ErrorAlert error={accept.error} />
            <Text>{t('compare.acceptConfirm')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </Button>
              <Button loading={accept.isPending} onClick={() => accept.mutate(undefined)}>
                {t('compare.acceptConfirmButton')}
              </Button>
            </Group>
          </Stack>
        </Dialog>
      )}
    </Stack>
  );
}

function AuditTrailTab({ person }: { person: Henkilo }) {
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
            <Comparison person={h} canAccept={p.compareWithRegister} />
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
        <PersonForm person={h} mode={dialog} onClose={() => setDialog(null)} />
      )}
      {(dialog === 'passivate' || dialog === 'activate') && (
        <Dialog
          opened
          onClose={() => setDialog(null)}
          title={dialog === 'passivate' ? t('person.passivate') : t('person.activate')}
        >
          <Stack>
            <ErrorAlert error={passivation.error} />
            <Text>{dialog === 'passivate' ? t('person.passivateConfirm') : t('person.activateConfirm')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>
                {t('common.cancel')}
              </Button>
              <Button
                color={dialog === 'passivate' ? 'red' : 'blue'}
                loading={passivation.isPending}
                onClick={() => passivation.mutate(dialog)}
              >
                {dialog === 'passivate' ? t('person.passivate') : t('person.activate')}
              </Button>
            </Group>
          </Stack>
        </Dialog>
      )}
    </Stack>
  );
}
