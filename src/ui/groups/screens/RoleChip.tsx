/** A member's role as a small chip; plain members show none. */
import type { Role } from '../../../lib/group/bodies';
import { t, type MessageKey } from '../../i18n';

const ROLE_TEXT: Readonly<Record<Role, MessageKey>> = {
  owner: 'groups.roleOwner',
  admin: 'groups.roleAdmin',
  member: 'groups.roleMember',
};

export function roleText(role: Role): string {
  return t(ROLE_TEXT[role]);
}

export function RoleChip({ role }: { role: Role }) {
  if (role === 'member') return null;
  return (
    <span
      class={`group-row__role group-row__role--${role}`}
      data-testid="member-role"
      data-role={role}
    >
      {roleText(role)}
    </span>
  );
}
