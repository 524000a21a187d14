import { Badge, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format.ts';
import { useMe } from '../session.tsx';

export function MeView() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const lang = i18n.language;
  return (
    <Stack>
      <Title order={2}>{t('me.title')}</Title>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <div>
            <Text size="sm" c="dimmed">
              {t('me.name')}
            </Text>
            <Text data-testid="me-name">{me.name}</Text>
          </div>
          <div>
            <Text size="sm" c="dimmed">
              {t('me.username')}
            </Text>
            <Text>{me.username}</Text>
          </div>
          <div>
            <Text size="sm" c="dimmed">
              {t('me.organisation')}
            </Text>
            <Text>{me.organisation.name}</Text>
            <Text size="xs" c="dimmed" className="mono">
              {me.organisation.oid}
            </Text>
          </div>
          <div>
            <Text size="sm" c="dimmed">
              {t('me.oid')}
            </Text>
            <Text className="mono">{me.oid}</Text>
          </div>
          {me.session && (
            <div>
              <Text size="sm" c="dimmed">
                {t('me.sessionEnds')}
              </Text>
              <Text>{formatDateTime(me.session.expiresAt, lang)}</Text>
            </div>
          )}
        </SimpleGrid>
      </Card>
      <Title order={3}>{t('me.rights')}</Title>
      {me.grants.length === 0 ? (
        <Text>{t('me.noRights')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table striped>
            <Table.Caption>{t('me.rightsCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('grants.role')}</Table.Th>
                <Table.Th>{t('grants.organisation')}</Table.Th>
                <Table.Th>{t('grants.validFrom')}</Table.Th>
                <Table.Th>{t('grants.validUntil')}</Table.Th>
                <Table.Th>{t('grants.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {me.grants.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td>{t(`roles.${g.role as 'VASTUUKAYTTAJA'}`, { defaultValue: g.role })}</Table.Td>
                  <Table.Td>{g.organisationName}</Table.Td>
                  <Table.Td>{formatDateTime(g.validFrom, lang)}</Table.Td>
                  <Table.Td>
                    {g.validUntil ? formatDateTime(g.validUntil, lang) : t('grants.openEnded')}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={g.status === 'ACTIVE' ? 'teal' : 'gray'}>
                      {t(`grantStatus.${g.status}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
