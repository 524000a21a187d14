import { Alert, Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client.ts';
import type { Henkilo, ManualIdentification, PersonUpdate } from '../../api/types.ts';
import { Dialog, ErrorAlert, useCalendarLabels } from '../../components/common.tsx';
import { LanguageSelect, NationalitySelect, SexSelect } from '../../components/personFields.tsx';
import { validateDate, validateHetu, validateKutsumanimi, validateNames } from '../../validation.ts';
import { parseFinnishDate } from '../HetulessView.tsx';

interface NameFields {
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  syntymaaika: string | null;
  sukupuoli: '1' | '2' | null;
  aidinkieli: string | null;
  kansalaisuus: string[];
}

/** The person page's dialog that corrects a person's data, or identifies a person without a hetu by hand. */
export function PersonFormDialog({
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
    kutsumanimi: person.kutsumanimi ?? '',
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
