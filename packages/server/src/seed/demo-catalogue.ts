import type { Database } from '../platform/db.js';
import { newId } from '../platform/ids.js';
import { createDemoRepository } from './demo.repository.js';

const LABOUR: [code: string, name: string, hours: number][] = [
  ['L-OIL', '更换机油及机油滤清器', 0.5],
  ['L-AIR', '更换空气滤清器', 0.2],
  ['L-CAB', '更换空调滤清器', 0.3],
  ['L-SPK', '更换火花塞', 0.8],
  ['L-BRK-F', '更换前刹车片', 1.2],
  ['L-BRK-R', '更换后刹车片', 1.2],
  ['L-BFL', '更换刹车油', 0.8],
  ['L-CHK', '常规检查（底盘、灯光、油液）', 0.5],
  ['L-DIAG', '故障诊断', 1.0],
  ['L-AC', '空调系统检查', 0.8],
  ['L-TYRE', '轮胎换位及动平衡', 0.8],
  ['L-WASH', '洗车', 0.3],
];

/** Maintenance packages by interval, made of the operations and parts above (parts by number, seeded with the dealer). */
const PACKAGES: { code: string; name: string; km: number; labour: string[]; parts: [number: string, quantity: number][] }[] = [
  {
    code: 'PKG-5000',
    name: '5000公里常规保养',
    km: 5000,
    labour: ['L-OIL', 'L-CHK'],
    parts: [
      ['YH-OIL-5W30-4L', 1],
      ['YH-OF-100', 1],
    ],
  },
  {
    code: 'PKG-10000',
    name: '10000公里保养',
    km: 10000,
    labour: ['L-OIL', 'L-AIR', 'L-CAB', 'L-CHK'],
    parts: [
      ['YH-OIL-5W30-4L', 1],
      ['YH-OF-100', 1],
      ['YH-AF-200', 1],
      ['YH-CF-300', 1],
    ],
  },
  {
    code: 'PKG-40000',
    name: '40000公里保养',
    km: 40000,
    labour: ['L-OIL', 'L-AIR', 'L-CAB', 'L-SPK', 'L-BFL', 'L-CHK'],
    parts: [
      ['YH-OIL-5W30-4L', 1],
      ['YH-OF-100', 1],
      ['YH-AF-200', 1],
      ['YH-CF-300', 1],
      ['YH-SP-400', 4],
      ['YH-BF-DOT4', 1],
    ],
  },
  { code: 'PKG-EV-10000', name: '新能源车10000公里检查', km: 10000, labour: ['L-CAB', 'L-CHK', 'L-TYRE'], parts: [['YH-CF-300', 1]] },
];

export async function seedDemoCatalogue(tx: Database, dealerId: string) {
  const ops = LABOUR.map(([code, name, hours]) => ({ dealer_id: dealerId, id: newId(), code, name, flat_rate_hours: hours }));
  const demo = createDemoRepository(tx);
  await demo.insert('labour_operations', ops);
  const parts = await demo.partNumbers(dealerId);
  for (const pkg of PACKAGES) {
    const id = newId();
    await demo.insert('maintenance_packages', {
      dealer_id: dealerId,
      id,
      code: pkg.code,
      name: pkg.name,
      model_id: null,
      interval_km: pkg.km,
    });
    await demo.insert('maintenance_package_items', [
      ...pkg.labour.map((code) => ({
        dealer_id: dealerId,
        id: newId(),
        package_id: id,
        kind: 'labour' as const,
        labour_operation_id: ops.find((o) => o.code === code)!.id,
        part_id: null,
        quantity: 1,
      })),
      ...pkg.parts.map(([number, quantity]) => ({
        dealer_id: dealerId,
        id: newId(),
        package_id: id,
        kind: 'parts' as const,
        labour_operation_id: null,
        part_id: parts.find((p) => p.part_number === number)!.id,
        quantity,
      })),
    ]);
  }
}
