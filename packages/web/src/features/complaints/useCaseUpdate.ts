import { useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { isVersionConflict } from '../../api/appointments';
import { type ComplaintDetail, complaintKeys, isInvalidTransition } from '../../api/complaints';
import { applyProblemToForm, errorMessage } from '../../api/problems';

/**
 * What every action on a case does with its answer: the new case goes into the cache (the page
 * shows it at once) and the inbox is refreshed; a stale version or a changed state reloads the case
 * and says so; other problems go under their form fields or into a toast.
 */
export function useCaseUpdate() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return {
    saved(detail: ComplaintDetail) {
      queryClient.setQueryData(complaintKeys.detail(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: complaintKeys.lists });
    },
    /** 'reloaded': the case changed under us (the dialog should close); 'shown': the problem is on screen. */
    failed(id: string, error: unknown, form?: FormInstance): 'reloaded' | 'shown' {
      if (isVersionConflict(error) || isInvalidTransition(error)) {
        void message.warning(isVersionConflict(error) ? t('complaints.case.conflict') : t('complaints.case.invalidTransition'), 5);
        void queryClient.invalidateQueries({ queryKey: complaintKeys.detail(id) });
        return 'reloaded';
      }
      if (form) for (const text of applyProblemToForm(form, error)) void message.error(text);
      else void message.error(errorMessage(error));
      return 'shown';
    },
  };
}
