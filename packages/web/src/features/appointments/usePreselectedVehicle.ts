import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { vehicleKeys, vehiclesApi } from '../../api/vehicles';
import type { PickedVehicle } from './VehicleFinder';

/**
 * The car named by `?vehicleId=` (the customer 360 page's "book" and "check in" actions), handed
 * to `onPicked` once when it has loaded, so the form starts with it chosen.
 */
export function usePreselectedVehicle(onPicked: (vehicle: PickedVehicle) => void) {
  const [params] = useSearchParams();
  const vehicleId = params.get('vehicleId');
  const vehicle = useQuery({
    queryKey: vehicleKeys.detail(vehicleId ?? ''),
    queryFn: () => vehiclesApi.get(vehicleId!),
    enabled: !!vehicleId,
  });
  const done = useRef(false);
  const callback = useRef(onPicked);
  callback.current = onPicked;
  useEffect(() => {
    const v = vehicle.data;
    const person = v?.owner ?? v?.user;
    if (done.current || !v || !person) return;
    done.current = true;
    callback.current({
      id: v.id,
      plate: v.plate,
      modelName: v.modelName,
      customer: { id: person.id, name: person.name, mobile: person.mobile },
    });
  }, [vehicle.data]);
}
