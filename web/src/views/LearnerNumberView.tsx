import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { permissions } from '../access.ts';
import { ApiError, call } from '../api/client.ts';
import type { LookupBody, OidDescription } from '../api/types.ts';
import { CopyValue, ErrorAlert } from '../components/common.tsx';
import { useMe } from '../session.tsx';
import { type ValidationKey, validateHetu, validateKutsumanimi, validateNames } from '../validation.ts';

type Field = keyof LookupBody;
const FIELDS: Field[] = ['hetu', 'etunimet', 'kutsumanimi', 'sukunimi'];

type Result =
  | { kind: 'found'; oid: string; oppijanumero: string | null }
  | { kind: 'registerOnly'; body: LookupBody }
  | { kind: 'created'; oid: string; oppijanumero: string | null }
  | { kind: 'notFound' }
  | { kind: 'conflict' }
  | { kind: 'invalid'; fields: Field[] }
  | { kind: 'error'; error: unknown };

/** Server field names → the validation text shown at the field. */
const SERVER_FIELD_KEY: Record<Field, ValidationKey> = {
  hetu: 'hetu_format',
  etunimet: 'names',
  kutsumanimi: 'kutsumanimi',
  sukunimi: 'names',
};

function validate(values: LookupBody): Record<Field, ValidationKey | null> {
  return {
    hetu: validateHetu(values.hetu),
    etunimet: validateNames(values.etunimet),
    kutsumanimi: validateKutsumanimi(values.kutsumanimi, values.etunimet),
    sukunimi: validateNames(values.sukunimi),
  };
}

const EMPTY: LookupBody = { hetu: '', etunimet: '', kutsumanimi: '', sukunimi: '' };

/** "Get a learner number" (SPEC §13): hetu and names → found / created / not found / conflict / invalid. */
export function LearnerNumberView() {
  const { t } = useTranslation();
  const me = useMe();
  const canOpenPerson = permissions(me).readPersons;
  const [values, setValues] = useState<LookupBody>(EMPTY);
  const [touched, setTouched] = useState<Record<Field, boolean>>({
    hetu: false,
    etunimet: false,
    kutsumanimi: false,
    sukunimi: false,
  });
  const [serverInvalid, setServerInvalid] = useState<Field[]>([]);
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);

  const errors = validate(values);
  const valid = FIELDS.every((f) => errors[f] === null);

  function fieldError(field: Field): string | undefined {
    if (serverInvalid.includes(field)) return t(`validation.${SERVER_FIELD_KEY[field]}`);
    const key = errors[field];
    return touched[field] && key ? t(`validation.${key}`) : undefined;
  }

  function change(field: Field, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setServerInvalid((s) => s.filter((f) => f !== field));
    setResult(null);
  }

  async function describe(oid: string): Promise<OidDescription> {
    return (await call<OidDescription>('describeOid', { params: { oid } })).data;
  }

  function failure(error: unknown): Result {
    if (error instanceof ApiError) {
      if (error.status === 404) return { kind: 'notFound' };
      if (error.status === 409) return { kind: 'conflict' };
      if (error.status === 400) {
        const fields = error.fieldErrors
          .map((e) => e.field.replace(/^body\./, '').replace(/^\//, ''))
          .filter((f): f is Field => (FIELDS as string[]).includes(f));
        setServerInvalid(fields);
        return { kind: 'invalid', fields };
      }
    }
    return { kind: 'error', error };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!valid) {
      setTouched({ hetu: true, etunimet: true, kutsumanimi: true, sukunimi: true });
      return;
    }
    setBusy(true);
    setResult(null);
    const body = { ...values };
    try {
      const exists = await call<{ oid: string } | null>('exists', { body });
      if (exists.status === 204 || !exists.data) {
        setResult({ kind: 'registerOnly', body });
      } else {
        const found = await describe(exists.data.oid);
        setResult({ kind: 'found', oid: found.oid, oppijanumero: found.oppijanumero });
      }
    } catch (error) {
      setResult(failure(error));
    } finally {
      setBusy(false);
    }
  }

  async function addNew(body: LookupBody) {
    setBusy(true);
    try {
      // The bare OID as text (the reference's answer).
      const created = await call<string>('createPerson', { body });
      const described = await describe(created.data);
      setResult({ kind: 'created', oid: described.oid, oppijanumero: described.oppijanumero });
    } catch (error) {
      // Created meanwhile (another official, a system): show the person as found.
      if (
        error instanceof ApiError &&
        error.fieldErrors.some((f) => f.code === 'socialsecuritynr.already.exists')
      ) {
        try {
          const exists = await call<{ oid: string } | null>('exists', { body });
          if (exists.data) {
            const found = await describe(exists.data.oid);
            setResult({ kind: 'found', oid: found.oid, oppijanumero: found.oppijanumero });
            return;
          }
        } catch (again) {
          setResult(failure(again));
          return;
        }
      }
      setResult(failure(error));
    } finally {
      setBusy(false);
    }
  }

  function reset() {
    setValues(EMPTY);
    setTouched({ hetu: false, etunimet: false, kutsumanimi: false, sukunimi: false });
    setServerInvalid([]);
    setResult(null);
  }

  const input = (field: Field, props: { label: string; description?: string; autoComplete?: string }) => (
    <TextInput
      {...props}
      name={field}
      required
      value={values[field]}
      error={fieldError(field)}
      onChange={(e) => change(field, e.currentTarget.value)}
      onBlur={() => setTouched((s) => ({ ...s, [field]: true }))}
      autoComplete={props.autoComplete ?? 'off'}
      spellCheck={false}
    />
  );

  return (
    <Stack maw={900}>
      <Title order={2}>{t('lookup.title')}</Title>
      <Text>{t('lookup.intro')}</Text>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate aria-label={t('lookup.title')}>
          <Stack>
            {input('hetu', { label: t('fields.hetu'), description: t('lookup.hetuHelp') })}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {input('etunimet', { label: t('fields.etunimet'), description: t('lookup.etunimetHelp') })}
              {input('kutsumanimi', {
                label: t('fields.kutsumanimi'),
                description: t('lookup.kutsumanimiHelp'),
              })}
            </SimpleGrid>
            {input('sukunimi', { label: t('fields.sukunimi') })}
            <Group>
              <Button type="submit" disabled={!valid} loading={busy && result === null}>
                {t('lookup.submit')}
              </Button>
              <Button variant="default" type="button" onClick={reset}>
                {t('common.clear')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      <div aria-live="polite">
        {result?.kind === 'found' && (
          <Alert color="teal" title={t('lookup.found.title')} data-testid="result-found">
            <Stack gap="xs">
              {result.oppijanumero ? (
                <>
                  <Text>{t('lookup.found.text')}</Text>
                  <CopyValue value={result.oppijanumero} label={t('fields.oppijanumero')} />
                </>
              ) : (
                <>
                  <Text>{t('lookup.found.notIdentified')}</Text>
                  <CopyValue value={result.oid} label={t('fields.oid')} />
                </>
              )}
              {canOpenPerson && (
                <Anchor component={Link} to={`/henkilo/${result.oid}`}>
                  {t('lookup.openPerson')}
                </Anchor>
              )}
            </Stack>
          </Alert>
        )}
        {result?.kind === 'registerOnly' && (
          <Alert color="blue" title={t('lookup.registerOnly.title')} data-testid="result-register-only">
            <Stack gap="xs" align="flex-start">
              <Text>{t('lookup.registerOnly.text')}</Text>
              <Button onClick={() => void addNew(result.body)} loading={busy}>
                {t('lookup.registerOnly.add')}
              </Button>
            </Stack>
          </Alert>
        )}
        {result?.kind === 'created' && (
          <Alert color="teal" title={t('lookup.created.title')} data-testid="result-created">
            <Stack gap="xs">
              <Text>{t('lookup.created.text')}</Text>
              <CopyValue value={result.oppijanumero ?? result.oid} label={t('fields.oppijanumero')} />
            </Stack>
          </Alert>
        )}
        {result?.kind === 'notFound' && (
          <Alert color="yellow" title={t('lookup.notFound.title')} data-testid="result-not-found">
            <Text>{t('lookup.notFound.text')}</Text>
            <Anchor component={Link} to="/ilman-hetua">
              {t('lookup.notFound.withoutHetu')}
            </Anchor>
          </Alert>
        )}
        {result?.kind === 'conflict' && (
          <Alert color="orange" title={t('lookup.conflict.title')} data-testid="result-conflict">
            <Text>{t('lookup.conflict.text')}</Text>
          </Alert>
        )}
        {result?.kind === 'invalid' && (
          <Alert color="red" title={t('lookup.invalid.title')} data-testid="result-invalid">
            <Text>{t('lookup.invalid.text')}</Text>
            {result.fields.length > 0 && (
              <Text size="sm">
                {t('lookup.invalid.fields')}: {result.fields.map((f) => t(`fields.${f}`)).join(', ')}
              </Text>
            )}
          </Alert>
        )}
        {result?.kind === 'error' && <ErrorAlert error={result.error} />}
      </div>
    </Stack>
  );
}
