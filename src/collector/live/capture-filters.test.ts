import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../shared/paths.js';
import {
  describeFilters,
  filtersProblem,
  isUnfiltered,
  MAX_FILTER_VALUES,
  MAX_PROCESS_NAME_BYTES,
  NO_FILTERS,
  pidProblem,
  portProblem,
  processNameProblem,
  selectsProcesses,
} from './capture-filters.js';

const header = readFileSync(join(packageRoot(), 'native', 'bpf', 'socket_trace.h'), 'utf8');

function defineValue(name: string): number {
  const match = new RegExp(`^#define ${name} (\\d+)$`, 'm').exec(header);
  if (match?.[1] === undefined) throw new Error(`${name} not found in socket_trace.h`);
  return Number(match[1]);
}

describe('capture filters', () => {
  it('has the limits the kernel maps and comm keys are sized for', () => {
    expect(MAX_FILTER_VALUES).toBe(defineValue('PX_MAX_FILTER_VALUES'));
    expect(MAX_PROCESS_NAME_BYTES).toBe(defineValue('PX_COMM_BYTES') - 1);
  });

  it('accepts pids and ports in range, nothing else', () => {
    expect(pidProblem(1)).toBeUndefined();
    expect(pidProblem(4_194_304)).toBeUndefined();
    for (const bad of [0, -3, 1.5, Number.NaN, 4_194_305]) expect(pidProblem(bad)).toBeDefined();
    expect(portProblem(1)).toBeUndefined();
    expect(portProblem(65_535)).toBeUndefined();
    for (const bad of [0, 65_536, 80.5, Number.NaN]) expect(portProblem(bad)).toBeDefined();
  });

  it('rejects process names that can never equal a comm', () => {
    expect(processNameProblem('nginx')).toBeUndefined();
    expect(processNameProblem('Web Content')).toBeUndefined();
    expect(processNameProblem('a'.repeat(15))).toBeUndefined();
    expect(processNameProblem('a'.repeat(16))).toContain('15 bytes');
    // Bytes, not characters: the kernel cuts the UTF-8 encoding.
    expect(processNameProblem('é'.repeat(8))).toContain('15 bytes');
    expect(processNameProblem('')).toContain('empty');
    expect(processNameProblem('a\0b')).toContain('NUL');
  });

  it('names the first problem of a whole filter, including too many values', () => {
    expect(filtersProblem(NO_FILTERS)).toBeUndefined();
    expect(filtersProblem({ ...NO_FILTERS, ports: [80, 0] })).toContain('port');
    const many = Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => i + 1);
    expect(filtersProblem({ ...NO_FILTERS, pids: many })).toBe(
      `at most ${MAX_FILTER_VALUES} pids (${MAX_FILTER_VALUES + 1} given)`,
    );
  });

  it('tells process selection from port filtering', () => {
    expect(isUnfiltered(NO_FILTERS)).toBe(true);
    expect(selectsProcesses({ ...NO_FILTERS, ports: [80] })).toBe(false);
    expect(isUnfiltered({ ...NO_FILTERS, ports: [80] })).toBe(false);
    expect(selectsProcesses({ ...NO_FILTERS, processNames: ['nginx'] })).toBe(true);
    expect(selectsProcesses({ ...NO_FILTERS, pids: [7] })).toBe(true);
  });

  it('describes itself for progress lines', () => {
    expect(describeFilters(NO_FILTERS)).toBe('');
    expect(describeFilters({ pids: [12, 34], processNames: ['nginx'], ports: [80] })).toBe(
      'pid 12, 34; process nginx; port 80',
    );
  });
});
