import type { MessageTable } from './types.js';

/** Messages of the parties module (see src/domain/errors.ts): codes with Persian and English templates. */
export const PARTIES_MESSAGES = {
  PARTY_GROUP_CYCLE: { code: 'VALIDATION', fa: 'گروه نمی‌تواند زیرمجموعه خودش یا زیرگروه‌هایش باشد («{field}»)', en: '{field}: a group cannot be moved under itself or its subgroups' },
  PARTY_GROUP_HAS_CHILDREN: { code: 'IN_USE', fa: 'گروه اشخاص «{name}» زیرگروه دارد و حذف نمی‌شود', en: 'Party group {name} has subgroups and cannot be deleted' },
  PARTY_GROUP_HAS_MEMBERS: { code: 'IN_USE', fa: 'در گروه اشخاص «{name}» شخص تعریف شده است و حذف نمی‌شود', en: 'Party group {name} has parties and cannot be deleted' },
} as const satisfies MessageTable;
