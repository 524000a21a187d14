import { MultiSelect, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCodeList } from '../codes.ts';
import { countryName, languageName } from '../format.ts';

/** Nationalities: every code of the code list (ISO 3166 numeric and the registry's own), by name. */
export function NationalitySelect(props: {
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  required?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const countries = useCodeList('maatjavaltiot2');
  // Codes no longer given out (the former Soviet Union, …) are not offered; a value may still hold one.
  const offered = (countries ?? []).filter((c) => !c.voimassaLoppuPvm || props.value.includes(c.koodi));
  const data = offered
    .map((c) => ({
      value: c.koodi,
      label: countryName(c.koodi, i18n.language, t('fields.unknownCountry'), countries),
    }))
    .sort((a, b) =>
      a.value === '246' ? -1 : b.value === '246' ? 1 : a.label.localeCompare(b.label, i18n.language),
    );
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
  const languages = useCodeList('kieli');
  // ISO 639-1 languages, valued in lower case as the person API stores them; Finnish, Swedish and
  // English first. The registry's own codes (98, 99, XX) and retired ones are not offered.
  const first = ['fi', 'sv', 'en'];
  const data = (languages ?? [])
    .filter(
      (c) => /^[A-Z]{2}$/.test(c.koodi) && (!c.voimassaLoppuPvm || c.koodi.toLowerCase() === props.value),
    )
    .map((c) => ({ value: c.koodi.toLowerCase(), label: languageName(c.koodi, i18n.language, languages) }))
    .sort((a, b) => {
      const rank = (v: string) => (first.includes(v) ? first.indexOf(v) : first.length);
      return rank(a.value) - rank(b.value) || a.label.localeCompare(b.label, i18n.language);
    });
  return (
    <Select
      label={props.label}
      data={data}
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
