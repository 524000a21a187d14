import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../App.tsx';
import { ApiError } from '../api/client.ts';
import { useErrorText } from '../components/common.tsx';
import { useSession } from '../session.tsx';

export function LoginView({ reason }: { reason?: 'expired' | 'logged-out' }) {
  const { t } = useTranslation();
  const session = useSession();
  const errorText = useErrorText();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username, password);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? t('login.failed') : errorText(e));
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420} component="main">
        <form onSubmit={submit} aria-labelledby="login-title">
          <Stack>
            <Group justify="space-between" align="flex-start">
              <Title order={1} size="h3" id="login-title">
                {t('login.title')}
              </Title>
              <LanguageSwitch />
            </Group>
            {reason === 'expired' && (
              <Alert color="yellow" role="status">
                {t('login.expired')}
              </Alert>
            )}
            {reason === 'logged-out' && (
              <Alert color="blue" role="status">
                {t('login.loggedOut')}
              </Alert>
            )}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={t('login.username')}
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              data-autofocus
            />
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy} disabled={!username || !password}>
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
