import { describe, expect, it } from 'vitest';
import {
  formatPlate,
  isValidMobile,
  isValidPlate,
  maskPlate,
  normalizeMobile,
  plateKey,
  plateKind,
  vinCheckDigit,
  vinProblem,
  withVinCheckDigit,
} from './chinese-data.js';

describe('mobile numbers', () => {
  it('normalises +86, spaces, dashes and full-width digits', () => {
    expect(normalizeMobile('+86 138-0013-8000')).toBe('13800138000');
    expect(normalizeMobile('８６１３８００１３８０００')).toBe('13800138000');
    expect(normalizeMobile('１３８ ００１３ ８０００')).toBe('13800138000');
  });
  it('accepts 11 digits starting 13–19 only', () => {
    expect(isValidMobile('13800138000')).toBe(true);
    expect(isValidMobile('19912345678')).toBe(true);
    expect(isValidMobile('12800138000')).toBe(false);
    expect(isValidMobile('1380013800')).toBe(false);
    expect(isValidMobile('138001380001')).toBe(false);
  });
});

describe('plates', () => {
  it('reduces any way of writing a plate to one key', () => {
    for (const written of ['京A·12345', '京a12345', '京A 12345', '京Ａ·１２３４５', ' 京A-12345 ', '京A•12345']) {
      expect(plateKey(written)).toBe('京A12345');
    }
  });
  it('accepts regular and new-energy plates', () => {
    expect(plateKind('京A12345')).toBe('regular');
    expect(plateKind('粤BD12345')).toBe('new_energy'); // small new-energy car
    expect(plateKind('沪AFA1234')).toBe('new_energy');
    expect(plateKind('沪AF1A234')).toBeNull(); // the last four of a small new-energy plate are digits
    expect(plateKind('川A12345D')).toBe('new_energy'); // large new-energy vehicle
    expect(plateKind('京AB123挂')).toBe('regular');
  });
  it('refuses malformed plates', () => {
    for (const bad of ['A12345', '京12345', '京A1234', '京AI2345', '京A123456', 'XYA12345', '京AD12A45']) {
      expect(isValidPlate(bad), bad).toBe(false);
    }
  });
  it('writes plates with the dot and masks them for the lobby board', () => {
    expect(formatPlate('粤bd12345')).toBe('粤B·D12345');
    expect(maskPlate('京A12345')).toBe('京A·***45');
  });
});

describe('VIN', () => {
  it('computes the check digit of a known VIN', () => {
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
    expect(vinProblem('1M8GDM9AXKP042788')).toBeNull();
    expect(vinProblem('1m8gdm9axkp042788')).toBeNull();
  });
  it('names what is wrong with a bad VIN', () => {
    expect(vinProblem('1M8GDM9A1KP042788')).toBe('check_digit');
    expect(vinProblem('1M8GDM9AXKP04278')).toBe('length');
    expect(vinProblem('IM8GDM9AXKP042788')).toBe('characters');
  });
  it('repairs position 9 for generators', () => {
    const vin = withVinCheckDigit('LYHS5A1C0TB100001');
    expect(vinProblem(vin)).toBeNull();
    expect(vin.slice(0, 8) + vin.slice(9)).toBe('LYHS5A1C' + 'TB100001');
  });
});
