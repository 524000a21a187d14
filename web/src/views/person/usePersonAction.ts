import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

/** A person page action: on success, a notice and a fresh person page. */
export function usePersonAction<T>(oid: string, fn: (arg: T) => Promise<unknown>, onDone?: () => void) {
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
