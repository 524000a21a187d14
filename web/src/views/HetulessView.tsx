import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { permissions } from '../access.ts';
import { call } from '../api/client.ts';
import type { DuplicateCandidates, NewPersonWithoutHetu } from '../api/types.ts';
import { CopyValue, ErrorAlert, StateBadge, useCalendarLabels } from '../components/common.tsx';
import { LanguageSelect, NationalitySelect, SexSelect } from '../components/personFields.tsx';
import { formatDate } from '../format.ts';
import { useMe } from '../session.tsx';
import { validateDate, validateEmail, validateKutsumanimi, validateNames } from '../validation.ts';

interface Values {
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika: string | null;
  sukupuoli: '1' | '2' | null;
  kansalaisuus: string[];
  aidinkieli: string | null;
  passinumero: string;
  sahkoposti: string;
}

const EMPTY: Values = {
  etunimet: '',
  kutsumanimi: '',
  sukunimi: '',
  syntymaaika: null,
  sukupuoli: null,
  kansalaisuus: [],
  aidinkieli: null,
  passinumero: '',
  sahkoposti: '',
};

type Stage =
  | { kind: 'editing' }
  | { kind: 'checked'; candidates: DuplicateCandidates['items'] }
  | { kind: 'created'; oid: string };

/** A person without a Finnish hetu: check for similar persons first, then create (SPEC §13). */
export function HetulessView() {
  const { t, i18n } = useTranslation();
  const calendarLabels = useCalendarLabels();
  const me = useMe();
  const canOpenPerson = permissions(me).readPersons;
  const [values, setValues] = useState<Values>(EMPTY);
  const [showErrors, setShowErrors] = useState(false);
  const [stage, setStage] = useState<Stage>({ kind: 'editing' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const errors = {
    etunimet: validateNames(values.etunimet),
    kutsumanimi: validateKutsumanimi(values.kutsumanimi, values.etunimet),
    sukunimi: validateNames(values.sukunimi),
    syntymaaika: validateDate(values.syntymaaika),
    sukupuoli: values.sukupuoli ? null : ('required' as const),
    kansalaisuus: values.kansalaisuus.length > 0 ? null : ('required' as const),
    sahkoposti: validateEmail(values.sahkoposti),
  };
  const valid = Object.values(errors).every((e) => e === null);
  const err = (field: keyof typeof errors) =>
    showErrors && errors[field] ? t(`validation.${errors[field]!}`) : undefined;

  function set<K extends keyof Values>(field: K, value: Values[K]) {
    setValues((v) => ({ ...v, [field]: value }));
    if (stage.kind === 'checked') setStage({ kind: 'editing' });
  }

  async function check(event: FormEvent) {
    event.preventDefault();
    setShowErrors(true);
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      const { data } = await call<DuplicateCandidates>('similarPersons', {
        body: {
          etunimet: values.etunimet,
          sukunimi: values.sukunimi,
          syntymaaika: values.syntymaaika ?? undefined,
          sukupuoli: values.sukupuoli ?? undefined,
          kansalaisuus: values.kansalaisuus,
        },
      });
      setStage({ kind: 'checked', candidates: data.items });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function create() {
    setBusy(true);
    setError(null);
    const body: NewPersonWithoutHetu = {
      etunimet: values.etunimet,
      kutsumanimi: values.kutsumanimi,
      sukunimi: values.sukunimi,
      syntymaaika: values.syntymaaika!,
      sukupuoli: values.sukupuoli!,
      kansalaisuus: values.kansalaisuus,
      ...(values.aidinkieli ? { aidinkieli: values.aidinkieli } : {}),
      ...(values.passinumero ? { passinumero: values.passinumero } : {}),
      ...(values.sahkoposti ? { sahkoposti: values.sahkoposti } : {}),
    };
    try {
      const { data } = await call<{ oid: string }>('createWithoutHetu', { body });
      setStage({ kind: 'created', oid: data.oid });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack maw={960}>
      <Title order={2}>{t('hetuless.title')}</Title>
      <Text>{t('hetuless.intro')}</Text>
      <Paper withBorder p="md">
        <form onSubmit={check} noValidate aria-label={t('hetuless.title')}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('fields.etunimet')}
                required
                value={values.etunimet}
                error={err('etunimet')}
                onChange={(e) => set('etunimet', e.currentTarget.value)}
              />
              <TextInput
                label={t('fields.kutsumanimi')}
                required
                value={values.kutsumanimi}
                error={err('kutsumanimi')}
                onChange={(e) => set('kutsumanimi', e.currentTarget.value)}
              />
              <TextInput
                label={t('fields.sukunimi')}
                required
                value={values.sukunimi}
                error={err('sukunimi')}
                onChange={(e) => set('sukunimi', e.currentTarget.value)}
              />
              <DateInput
                ariaLabels={calendarLabels}
                label={t('fields.syntymaaika')}
                required
                value={values.syntymaaika}
                onChange={(v) => set('syntymaaika', v)}
                valueFormat="D.M.YYYY"
                placeholder={t('common.datePlaceholder')}
                error={err('syntymaaika')}
                maxDate={new Date()}
                dateParser={parseFinnishDate}
                defaultLevel="decade"
              />
              <SexSelect
                value={values.sukupuoli}
                onChange={(v) => set('sukupuoli', v)}
                required
                error={err('sukupuoli')}
              />
              <NationalitySelect
                value={values.kansalaisuus}
                onChange={(v) => set('kansalaisuus', v)}
                required
                error={err('kansalaisuus')}
              />
              <LanguageSelect
                label={t('fields.aidinkieli')}
                value={values.aidinkieli}
                onChange={(v) => set('aidinkieli', v)}
              />
              <TextInput
                label={t('fields.passinumero')}
                value={values.passinumero}
                onChange={(e) => set('passinumero', e.currentTarget.value)}
              />
              <TextInput
                label={t('fields.sahkoposti')}
                type="email"
                value={values.sahkoposti}
                error={err('sahkoposti')}
                onChange={(e) => set('sahkoposti', e.currentTarget.value)}
              />
            </SimpleGrid>
            <Group>
              <Button
                type="submit"
                loading={busy && stage.kind === 'editing'}
                disabled={stage.kind === 'created'}
              >
                {t('hetuless.check')}
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  setValues(EMPTY);
                  setShowErrors(false);
                  setStage({ kind: 'editing' });
                  setError(null);
                }}
              >
                {t('common.clear')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      <ErrorAlert error={error} />
      <div aria-live="polite">
        {stage.kind === 'checked' && stage.candidates.length > 0 && (
          <Alert color="orange" title={t('hetuless.similar.title')} data-testid="similar-warning">
            <Stack>
              <Text>{t('hetuless.similar.text', { count: stage.candidates.length })}</Text>
              <Table.ScrollContainer minWidth={640}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('fields.name')}</Table.Th>
                      <Table.Th>{t('fields.syntymaaika')}</Table.Th>
                      <Table.Th>{t('fields.tila')}</Table.Th>
                      <Table.Th>{t('duplicates.score')}</Table.Th>
                      <Table.Th>{t('duplicates.why')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {stage.candidates.map((c) => (
                      <Table.Tr key={c.henkilo.oid}>
                        <Table.Td>
                          {canOpenPerson ? (
                            <Anchor component={Link} to={`/henkilo/${c.henkilo.oid}`}>
                              {c.henkilo.sukunimi}, {c.henkilo.etunimet}
                            </Anchor>
                          ) : (
                            `${c.henkilo.sukunimi}, ${c.henkilo.etunimet}`
                          )}
                        </Table.Td>
                        <Table.Td>{formatDate(c.henkilo.syntymaaika, i18n.language)}</Table.Td>
                        <Table.Td>
                          <StateBadge state={c.henkilo.tila} />
                        </Table.Td>
                        <Table.Td>{Math.round(c.pisteet * 100)} %</Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {c.perusteet.map((p) => (
                              <Badge
                                key={p.kentta}
                                variant="light"
                                color={
                                  p.tulos === 'sama'
                                    ? 'red'
                                    : p.tulos === 'samankaltainen'
                                      ? 'orange'
                                      : 'gray'
                                }
                                title={p.selitys}
                              >
                                {t(`fields.${p.kentta}`)}: {t(`duplicates.result.${p.tulos}`)}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Group>
                <Button color="orange" onClick={() => void create()} loading={busy}>
                  {t('hetuless.createAnyway')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {stage.kind === 'checked' && stage.candidates.length === 0 && (
          <Alert color="blue" title={t('hetuless.noSimilar.title')} data-testid="no-similar">
            <Stack align="flex-start">
              <Text>{t('hetuless.noSimilar.text')}</Text>
              <Button onClick={() => void create()} loading={busy}>
                {t('hetuless.create')}
              </Button>
            </Stack>
          </Alert>
        )}
        {stage.kind === 'created' && (
          <Alert color="teal" title={t('hetuless.created.title')} data-testid="result-created">
            <Stack gap="xs">
              <Text>{t('hetuless.created.text')}</Text>
              <CopyValue value={stage.oid} label={t('fields.oid')} />
              {canOpenPerson && (
                <Anchor component={Link} to={`/henkilo/${stage.oid}`}>
                  {t('lookup.openPerson')}
                </Anchor>
              )}
            </Stack>
          </Alert>
        )}
      </div>
    </Stack>
  );
}

/** Accepts d.m.yyyy (the Finnish way) and yyyy-mm-dd; answers 'YYYY-MM-DD' or null. */
export function parseFinnishDate(input: string): string | null {
  const trimmed = input.trim();
  const fi = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  if (fi) return `${fi[3]}-${fi[2]!.padStart(2, '0')}-${fi[1]!.padStart(2, '0')}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return trimmed;
  return null;
}
