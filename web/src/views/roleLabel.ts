import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../access.ts';

/** A role's name in the UI's language; an unknown role (newer server) shows its code. */
export function useRoleLabel(): (role: string) => string {
  const { t } = useTranslation();
  return (role) => ((ROLES as readonly string[]).includes(role) ? t(`roles.${role as Role}`) : role);
}
