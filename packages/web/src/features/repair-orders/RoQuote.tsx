import type { RoLine, RoTotals } from '@servicebay/contracts';
import { roTotals } from '@servicebay/contracts/constants';
import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Catalogue } from '../../api/repairOrders';
import { formatFen } from '../../components/money';
import type { LineDraft } from './LinesEditor';
import { type QuoteLine, quoteLines } from './quote';

/** The quote as the order is built: the same pricing function (contracts `roTotals`) the server, the invoice and the PDF use. */
export function RoQuote({
  drafts,
  packageIds,
  catalogue,
}: {
  drafts: readonly LineDraft[];
  packageIds: readonly string[];
  catalogue: Catalogue | undefined;
}) {
  const { t } = useTranslation();
  if (!catalogue) return null;
  const { lines, pending } = quoteLines(drafts, packageIds, catalogue);
  let totals: RoTotals<QuoteLine>;
  try {
    totals = roTotals(lines);
  } catch {
    // A value the pricing refuses (more than two decimals): the server will name the field on save.
    return <Typography.Text type="warning">{t('roForm.quote.invalid')}</Typography.Text>;
  }
  const priced = Object.values(totals.byPayType).flatMap((g) => g.lines);
  const sum = (kind: RoLine['kind']) => priced.filter((l) => l.kind === kind).reduce((s, l) => s + l.amount.netFen, 0);
  const freeFen = totals.freeItems.reduce((s, l) => s + l.amount.netFen, 0);
  return (
    <div data-testid="ro-quote">
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 4 }} title={t('roForm.quote.title')}>
        <Descriptions.Item label={t('roForm.quote.labour')}>
          <span data-testid="quote-labour">{formatFen(sum('labour'))}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('roForm.quote.parts')}>
          <span data-testid="quote-parts">{formatFen(sum('parts'))}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('roForm.quote.freeItems', { count: totals.freeItems.length })}>
          <span data-testid="quote-free">{formatFen(freeFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('roForm.quote.discount')}>
          <span data-testid="quote-discount">{formatFen(totals.discountFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('roForm.quote.total')}>
          <span data-testid="quote-total">{formatFen(totals.totalFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('roForm.quote.customerPays')}>
          <Typography.Text strong data-testid="quote-customer-pays">
            {formatFen(totals.customerPayableFen)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('roForm.quote.vat')}>
          <span data-testid="quote-vat">{formatFen(totals.taxIncludedFen)}</span>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text type="secondary">
        {pending > 0 ? t('roForm.quote.pending', { count: pending }) : t('roForm.quote.note')}
      </Typography.Text>
    </div>
  );
}
