import { useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import { type ClaimDetail, isStaleClaim, warrantyKeys } from '../../api/warranty';

/**
 * What every action on a claim does with its answer: the new claim goes into the cache (the page
 * shows it at once) and the lists and the repair order's warranty card are refreshed; a stale
 * version or a changed status reloads the claim and says so; other problems go under their form
 * fields or into a toast.
 */
export function useClaimUpdate() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return {
    saved(detail: ClaimDetail) {
      queryClient.setQueryData(warrantyKeys.claim(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: [...warrantyKeys.claims, 'list'] });
      void queryClient.invalidateQueries({ queryKey: warrantyKeys.repairOrder(detail.repairOrder.id) });
    },
    /** 'reloaded': the claim changed under us (the dialog should close); 'shown': the problem is on screen. */
    failed(id: string, error: unknown, form?: FormInstance, aliases?: Record<string, string>): 'reloaded' | 'shown' {
      if (isStaleClaim(error)) {
        void message.warning(t('warranty.claim.conflict'), 6);
        void queryClient.invalidateQueries({ queryKey: warrantyKeys.claim(id) });
        return 'reloaded';
      }
      if (form) for (const text of applyProblemToForm(form, error, aliases)) void message.error(text);
      else void message.error(errorMessage(error));
      return 'shown';
    },
  };
}
