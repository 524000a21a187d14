import { MultiSelect, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { COUNTRIES, countryName, LANGUAGE_CODES, languageName } from '../format.ts';

/** Nationalities: ISO 3166 numeric codes, named by the browser in the UI's language. */
export function NationalitySelect(props: {
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  required?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const data = [...Object.keys(COUNTRIES), '999']
    .map((code) => ({ value: code, label: countryName(code, i18n.language, t('fields.unknownCountry')) }))
    .sort((a, b) => (a.value === '246' ? -1 : b.value === '246' ? 1 : a.label.localeCompare(b.label)));
  return (
    <MultiSelect
      label={t('fields.kansalaisuus')}
      data={data}
      searchable
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      required={props.required}
      nothingFoundMessage={t('common.nothingFound')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function SexSelect(props: {
  value: string | null;
  onChange: (value: '1' | '2' | null) => void;
  error?: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('fields.sukupuoli')}
      data={[
        { value: '1', label: t('sex.1') },
        { value: '2', label: t('sex.2') },
      ]}
      value={props.value}
      onChange={(v) => props.onChange(v as '1' | '2' | null)}
      error={props.error}
      required={props.required}
      allowDeselect={false}
    />
  );
}

export function LanguageSelect(props: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
  required?: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Select
      label={props.label}
      data={LANGUAGE_CODES.map((code) => ({ value: code, label: languageName(code, i18n.language) }))}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      required={props.required}
      searchable
      clearable={!props.required}
      clearButtonProps={{ 'aria-label': t('common.clearValue') }}
    />
  );
}
