import { describe, expect, it } from 'vitest';
import { PgSession, type Portal } from './session.js';

const portal = (query: string): Portal => ({
  query,
  params: [],
  resultFormats: [],
  fields: undefined,
});

describe('PgSession maps', () => {
  it('replace the value of a name set again, whether or not it is the newest', () => {
    const { portals } = new PgSession();
    portals.set('', portal('a'));
    portals.set('', portal('b'));
    portals.set('p1', portal('c'));
    portals.set('', portal('d'));
    expect([...portals].map(([name, p]) => `${name}=${p.query}`)).toEqual(['p1=c', '=d']);
  });

  it('evict the least recently set name when full, a repeated newest name included', () => {
    const { portals } = new PgSession();
    for (let i = 0; i < 1024; i++) portals.set(`p${i}`, portal(`q${i}`));
    portals.set('p0', portal('again'));
    portals.set('p0', portal('again and again'));
    portals.delete('p0');
    portals.set('p0', portal('back'));
    portals.set('new', portal('new'));
    expect(portals.size).toBe(1024);
    expect(portals.has('p1')).toBe(false);
    expect(portals.get('p0')?.query).toBe('back');
    expect(portals.get('p2')?.query).toBe('q2');
  });
});
