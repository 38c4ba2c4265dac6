import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { type Appointment, appointmentKeys } from '../../api/appointments';

/** After a change: the appointment itself, every list and board, the seats left, tasks, pre-pick. */
export function useRefreshAppointments() {
  const queryClient = useQueryClient();
  return useCallback(
    (saved?: Appointment) => {
      if (saved) queryClient.setQueryData(appointmentKeys.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['availability'] });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: ['prepick'] });
      void queryClient.invalidateQueries({ queryKey: ['workshop-reservations'] });
    },
    [queryClient],
  );
}
