import { AUTO_CHECK_ITEMS, DEFAULT_MANUAL_CHECK_ITEMS } from '@servicebay/contracts/constants';
import { useTranslation } from 'react-i18next';

const STANDARD = [...AUTO_CHECK_ITEMS, ...DEFAULT_MANUAL_CHECK_ITEMS].map((i) => i.code);
type StandardCode = (typeof STANDARD)[number];
const isStandard = (code: string): code is StandardCode => (STANDARD as readonly string[]).includes(code);

/** A checklist item's name: the dealer's own text, else the standard's in the user's language. */
export function ItemLabel({ code, label }: { code: string; label: string | null }) {
  const { t } = useTranslation();
  if (label) return <>{label}</>;
  return <>{isStandard(code) ? t(`processChecks.items.${code}`) : code}</>;
}
