import { InputNumber, type InputNumberProps } from 'antd';

/** The largest amount a form takes, in yuan (a million yuan: budgets, plan costs and targets). */
const MAX_YUAN = 100_000_000;

/** An amount in yuan (two decimals, not negative) as the forms of a work plan or a budget take it. */
export function YuanInput(props: Omit<InputNumberProps<number>, 'min' | 'precision' | 'prefix'>) {
  return <InputNumber<number> size="large" max={MAX_YUAN} style={{ width: '100%' }} {...props} min={0} precision={2} prefix="¥" />;
}
