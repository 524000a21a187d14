/**
 * The registry keeper's organisations (SPEC §11, §13): search the tree, create an organisation (at
 * the top or below another), rename, retype, passivate and reactivate. Every change is audited.
 */
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Pagination,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, get } from '../api/client.ts';
import type { Organisation, OrganisationList } from '../api/types.ts';
import { Dialog, ErrorAlert } from '../components/common.tsx';

const PAGE_SIZE = 50;
const TYPES = ['koulutustoimija', 'oppilaitos', 'toimipiste', 'muu'] as const;

type Editing = { kind: 'create'; parent: Organisation | null } | { kind: 'edit'; organisation: Organisation };

function OrganisationDialog({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const current = editing.kind === 'edit' ? editing.organisation : null;
  const [name, setName] = useState(current?.name ?? '');
  const [type, setType] = useState<string>(
    current?.type ?? (editing.kind === 'create' && editing.parent ? 'oppilaitos' : 'koulutustoimija'),
  );
  const [active, setActive] = useState(current?.active ?? true);
  const save = useMutation({
    mutationFn: async () => {
      if (editing.kind === 'create') {
        await call('createOrganisation', {
          body: { name: name.trim(), type, ...(editing.parent ? { parentOid: editing.parent.oid } : {}) },
        });
      } else {
        await call('updateOrganisation', {
          params: { oid: editing.organisation.oid },
          body: { name: name.trim(), type, active },
        });
      }
    },
    onSuccess: async () => {
      notifications.show({
        color: 'teal',
        message: t(editing.kind === 'create' ? 'organisations.created' : 'organisations.saved'),
      });
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['organisations'] });
    },
  });
  const title =
    editing.kind === 'edit'
      ? t('organisations.editTitle', { name: editing.organisation.name })
      : editing.parent
        ? t('organisations.addChildTitle', { name: editing.parent.name })
        : t('organisations.createTitle');
  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) save.mutate();
  }
  return (
    <Dialog opened onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={save.error} />
          <TextInput
            label={t('organisations.name')}
            required
            maxLength={200}
            value={name}
            error={name.trim() ? undefined : t('validation.required')}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label={t('organisations.type')}
            data={TYPES.map((value) => ({ value, label: t(`organisations.types.${value}`) }))}
            value={type}
            onChange={(value) => value && setType(value)}
            allowDeselect={false}
          />
          {editing.kind === 'edit' && (
            <Switch
              label={t('organisations.activeLabel')}
              description={t('organisations.activeHelp')}
              checked={active}
              onChange={(e) => setActive(e.currentTarget.checked)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {t('organisations.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

export function OrganisationsView() {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [includePassive, setIncludePassive] = useState(false);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing | null>(null);
  const list = useQuery({
    queryKey: ['organisations', 'keeper', submitted, includePassive, page],
    queryFn: () =>
      get<OrganisationList>('organisations', {
        query: {
          q: submitted || undefined,
          includePassive: String(includePassive),
          page,
          pageSize: PAGE_SIZE,
        },
      }),
    placeholderData: keepPreviousData,
  });
  const nameOf = (oid: string | null) =>
    oid === null ? '–' : (list.data?.organisations.find((o) => o.oid === oid)?.name ?? oid);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('organisations.title')}</Title>
        <Button onClick={() => setEditing({ kind: 'create', parent: null })}>
          {t('organisations.create')}
        </Button>
      </Group>
      <Text>{t('organisations.intro')}</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setSubmitted(query.trim());
        }}
      >
        <Group align="end">
          <TextInput
            label={t('organisations.search')}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            maxLength={200}
          />
          <Checkbox
            label={t('organisations.includePassive')}
            checked={includePassive}
            onChange={(e) => {
              setPage(1);
              setIncludePassive(e.currentTarget.checked);
            }}
            mb={8}
          />
          <Button type="submit" variant="default">
            {t('auditLog.search')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={list.error} />
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.data && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped data-testid="organisations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('organisations.name')}</Table.Th>
                <Table.Th scope="col">{t('organisations.type')}</Table.Th>
                <Table.Th scope="col">OID</Table.Th>
                <Table.Th scope="col">{t('organisations.parent')}</Table.Th>
                <Table.Th scope="col" miw={120}>
                  {t('organisations.state')}
                </Table.Th>
                <Table.Th scope="col">{t('duplicates.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.organisations.map((o) => (
                <Table.Tr key={o.oid} data-oid={o.oid}>
                  <Table.Td>{o.name}</Table.Td>
                  <Table.Td>
                    {i18n.exists(`organisations.types.${o.type}`)
                      ? t(`organisations.types.${o.type as (typeof TYPES)[number]}`)
                      : o.type}
                  </Table.Td>
                  <Table.Td className="mono">{o.oid}</Table.Td>
                  <Table.Td>{nameOf(o.parentOid)}</Table.Td>
                  <Table.Td className="nowrap">
                    <Badge
                      variant="light"
                      color={o.active ? 'teal' : 'gray'}
                      style={{ minWidth: 'fit-content' }}
                    >
                      {t(o.active ? 'organisations.active' : 'organisations.passive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {/* The root (the registry keeper's own organisation) is not edited here. */}
                      {o.parentOid !== null && (
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t('organisations.editLabel', { name: o.name })}
                          onClick={() => setEditing({ kind: 'edit', organisation: o })}
                        >
                          {t('organisations.edit')}
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={t('organisations.addChildLabel', { name: o.name })}
                        onClick={() => setEditing({ kind: 'create', parent: o })}
                        disabled={!o.active}
                      >
                        {t('organisations.addChild')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.data && list.data.total > PAGE_SIZE && (
        <Pagination total={Math.ceil(list.data.total / PAGE_SIZE)} value={page} onChange={setPage} />
      )}
      {editing && <OrganisationDialog editing={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
