import { useQueryClient } from '@tanstack/react-query';
import { type RepairOrder, roKeys } from '../../api/repairOrders';

/** After a change: put the returned order in the cache and refresh the lists and items around it. */
export function useRefreshRepairOrder(id: string) {
  const queryClient = useQueryClient();
  return (saved?: RepairOrder) => {
    if (saved) queryClient.setQueryData(roKeys.detail(id), saved);
    void queryClient.invalidateQueries({ queryKey: roKeys.all, refetchType: saved ? 'inactive' : 'active' });
    void queryClient.invalidateQueries({ queryKey: roKeys.additional(id) });
    void queryClient.invalidateQueries({ queryKey: roKeys.board });
  };
}
