import { Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client.ts';
import type { DuplicateCandidate, Henkilo, LinkResult } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

export type Pending =
  | { kind: 'link'; candidate: DuplicateCandidate }
  | { kind: 'notDuplicate'; candidate: DuplicateCandidate }
  | { kind: 'unlink'; oid: string }
  | { kind: 'removeNotDuplicate'; oid: string };

const identified = (tila: string) => tila === 'OK';

/**
 * Which person's number stays in force when the two are linked (the server decides the same way):
 * the identified one; with none identified, this person, whose number is then given at identification.
 */
function keptNumber(person: Henkilo, candidate: DuplicateCandidate) {
  if (identified(candidate.henkilo.tila)) return { oid: candidate.henkilo.oid, other: person.oid };
  return { oid: person.oid, other: candidate.henkilo.oid };
}

/** The confirmation of a duplicate action (link, unlink, not a duplicate, off the list), with a reason. */
export function DuplicateActionDialog({
  person,
  pending,
  onClose,
}: {
  person: Henkilo;
  pending: Pending;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const close = () => {
    setReason('');
    onClose();
  };
  const act = useMutation({
    mutationFn: async (p: Pending) => {
      const syy = reason.trim() || undefined;
      if (p.kind === 'link') {
        return (
          await call<LinkResult>('linkDuplicates', {
            params: { oid: person.oid },
            body: { slaves: [p.candidate.henkilo.oid], syy },
          })
        ).data;
      }
      if (p.kind === 'notDuplicate') {
        await call('notDuplicate', {
          params: { oid: person.oid },
          body: { oid: p.candidate.henkilo.oid, syy },
        });
        return null;
      }
      if (p.kind === 'removeNotDuplicate') {
        await call('removeNotDuplicate', { params: { oid: person.oid, otherOid: p.oid } });
        return null;
      }
      await call('unlinkDuplicate', { params: { oid: p.oid }, body: { syy } });
      return null;
    },
    onSuccess: async (result, p) => {
      const message =
        p.kind === 'link' && result
          ? t('duplicates.linked', { oid: result.master })
          : t(
              p.kind === 'notDuplicate'
                ? 'duplicates.markedNotDuplicate'
                : p.kind === 'removeNotDuplicate'
                  ? 'duplicates.removedNotDuplicate'
                  : 'duplicates.unlinked',
            );
      notifications.show({ color: 'teal', message });
      close();
      // Both persons changed: this page, its candidates, and the other person's page.
      await queryClient.invalidateQueries({ queryKey: ['person'] });
    },
  });

  const title = t(
    pending.kind === 'link'
      ? 'duplicates.linkTitle'
      : pending.kind === 'notDuplicate'
        ? 'duplicates.notDuplicateTitle'
        : pending.kind === 'removeNotDuplicate'
          ? 'duplicates.removeNotDuplicateTitle'
          : 'duplicates.unlinkTitle',
  );
  let text: ReactNode;
  if (pending.kind === 'link') {
    const kept = keptNumber(person, pending.candidate);
    const keptIdentified = kept.oid === person.oid ? identified(person.tila) : true;
    text = (
      <Stack gap="xs" data-testid="link-confirmation">
        <Text>
          {t('duplicates.linkKeeps')} <strong className="mono">{kept.oid}</strong>
        </Text>
        {!keptIdentified && <Text size="sm">{t('duplicates.linkKeepsUnidentified')}</Text>}
        <Text size="sm">{t('duplicates.linkSlave', { oid: kept.other })}</Text>
      </Stack>
    );
  } else if (pending.kind === 'notDuplicate') {
    text = <Text>{t('duplicates.notDuplicateConfirm')}</Text>;
  } else if (pending.kind === 'removeNotDuplicate') {
    text = <Text>{t('duplicates.removeNotDuplicateConfirm', { oid: pending.oid })}</Text>;
  } else {
    text = <Text>{t('duplicates.unlinkConfirm', { oid: pending.oid })}</Text>;
  }
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={
        pending.kind === 'link'
          ? t('duplicates.linkConfirmButton')
          : pending.kind === 'notDuplicate'
            ? t('duplicates.notDuplicate')
            : pending.kind === 'removeNotDuplicate'
              ? t('duplicates.removeNotDuplicate')
              : t('duplicates.unlink')
      }
      color={pending.kind === 'link' ? 'blue' : 'orange'}
      error={act.error}
      loading={act.isPending}
      onConfirm={() => act.mutate(pending)}
      onClose={close}
    >
      {text}
      {pending.kind !== 'removeNotDuplicate' && (
        <Textarea
          label={t('duplicates.reason')}
          value={reason}
          maxLength={1000}
          autosize
          minRows={2}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      )}
    </ConfirmDialog>
  );
}
