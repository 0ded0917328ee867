import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PxlSyntaxError, renderDiagnostics } from '../errors.js';
import { docstringOf, type Module, type Statement } from './ast.js';
import { parsePxl, parsePxlOrThrow } from './parse.js';
import { toSexpr } from './sexpr.js';

const FIXTURES = fileURLToPath(new URL('fixtures/', import.meta.url));

function fixtures(folder: string, extension = '.pxl'): string[] {
  return readdirSync(join(FIXTURES, folder))
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => join(FIXTURES, folder, name));
}

function parseFixture(path: string): Module {
  return parsePxlOrThrow(readFileSync(path, 'utf8'), basename(path));
}

/** The sexpr of each top-level statement, in order. */
function lines(module: Module): string[] {
  return module.body.map(toSexpr);
}

function body(statement: Statement | undefined): readonly Statement[] {
  if (statement?.kind !== 'FunctionDef') throw new Error(`expected a def, got ${statement?.kind}`);
  return statement.body;
}

describe('course scripts (pixie-module.md)', () => {
  const paths = fixtures('course');

  it('has all twelve python blocks that import px', () => {
    expect(paths).toHaveLength(12);
  });

  it.each(paths.map((p) => [basename(p), p]))('%s parses', (_name, path) => {
    const module = parseFixture(path);
    expect(module.body[0]).toMatchObject({ kind: 'Import', names: [{ name: 'px' }] });
    const last = module.body[module.body.length - 1];
    expect(last?.kind).toBe('ExprStatement');
    expect(toSexpr(last ?? module)).toMatch(/^\(call px\.(display|export) /);
  });

  it('01: filter, computed column, groupby/agg with tuples', () => {
    const module = parseFixture(paths[0] ?? '');
    expect(lines(module).slice(1)).toEqual([
      "(= df (call px.DataFrame 'http_events'))",
      '(= df ([] df (compare df.resp_status >= 400)))',
      '(= df.latency_ms (/ df.resp_latency 1000000))',
      "(= df (call (. (call df.groupby ['service' 'req_path']) agg) error_count=(tuple 'latency_ms' px.count) avg_latency=(tuple 'latency_ms' px.mean)))",
      '(call px.display df)',
    ]);
  });

  it('02: quantiles(0.99), a lambda in agg, sort with a keyword', () => {
    const text = lines(parseFixture(paths[1] ?? ''));
    expect(text[3]).toContain("p99=(tuple 'latency_ms' (call px.quantiles 0.99))");
    expect(text[3]).toContain(
      "error_rate=(tuple 'resp_status' (lambda (x) (call px.mean (compare x >= 400))))",
    );
    expect(text[4]).toBe('(= df ([] df (compare df.count > 10)))');
    expect(text[5]).toBe("(= df (call df.sort 'p99' ascending=False))");
  });

  it('03: a method filter and a projection list spanning two lines', () => {
    const text = lines(parseFixture(paths[2] ?? ''));
    expect(text[2]).toBe("(= df ([] df (call df.req_path.contains '/api/users/123')))");
    expect(text[3]).toBe(
      "(= df ([] df ['time_' 'service' 'req_method' 'req_path' 'req_body' 'resp_status' 'resp_body' 'resp_latency']))",
    );
  });

  it('05: ctx lookup and lambdas dividing an aggregate', () => {
    const text = lines(parseFixture(paths[4] ?? ''));
    expect(text[2]).toBe("(= df.source ([] df.ctx 'pod'))");
    expect(text[4]).toContain(
      "avg_latency_ms=(tuple 'resp_latency' (lambda (x) (/ (call px.mean x) 1000000)))",
    );
  });

  it('07: a leading comment, and a projection inside px.display', () => {
    const text = lines(parseFixture(paths[6] ?? ''));
    expect(text[0]).toBe('(import px)');
    expect(text[text.length - 1]).toBe(
      "(call px.display ([] df ['time_' 'client_pod' 'latency_ms' 'dns_time' 'remote_addr']))",
    );
  });

  it('08: px.export with a nested call and a dict literal', () => {
    const text = lines(parseFixture(paths[7] ?? ''));
    expect(text[text.length - 1]).toBe(
      "(call px.export df (call px.otel.Data endpoint='prometheus-pushgateway:9091' resource={'service.name': 'pixie-export'}))",
    );
  });

  it('10: a chained call as a display argument', () => {
    const text = lines(parseFixture(paths[9] ?? ''));
    expect(text[text.length - 1]).toBe(
      "(call px.display (call endpoints.head 10) 'Slowest Endpoints')",
    );
  });
});

describe("Pixie's own dialect", () => {
  const paths = fixtures('dialect');

  it.each(paths.map((p) => [basename(p), p]))('%s parses', (_name, path) => {
    expect(parseFixture(path).body.length).toBeGreaterThan(1);
  });

  it('http-errors: typed params, docstrings, select=, tuple projection, dict literal', () => {
    const module = parseFixture(join(FIXTURES, 'dialect/http-errors.pxl'));
    const [events, rates] = module.body.filter((s) => s.kind === 'FunctionDef');
    expect(events).toMatchObject({ name: { name: 'http_events' } });
    expect(toSexpr(events ?? module)).toMatch(
      /^\(def http_events \(start_time:str svc:px\.Service\)/,
    );
    expect(docstringOf(body(events))).toMatch(/^ Returns HTTP events for one service/);
    expect(toSexpr(body(events)[1] ?? module)).toBe(
      "(= df (call px.DataFrame table='http_events' start_time=start_time select=['time_' 'upid' 'remote_addr' 'remote_port' 'req_path' 'resp_status' 'latency']))",
    );
    expect(toSexpr(rates ?? module)).toMatch(
      /^\(def error_rates \(start_time:str svc:px\.Service num_head:int=100\) -> px\.DataFrame 'Errors and throughput per pod\.'/,
    );
    const rateLines = body(rates).map(toSexpr);
    expect(rateLines).toContain(
      "(= df.pod_link (call px.script_reference df.pod 'px/pod' {'start_time': start_time, 'pod': df.pod}))",
    );
    expect(rateLines[rateLines.length - 1]).toBe(
      "(return (call (. ([] df (tuple 'timestamp' 'pod_link' 'error_rate' 'request_throughput' 'p99')) head) num_head))",
    );
  });

  it('service-let: merge with suffixes, drop(columns=), append, px.select', () => {
    const module = parseFixture(join(FIXTURES, 'dialect/service-let.pxl'));
    const all = module.body.slice(1).flatMap((s) => body(s).map(toSexpr));
    expect(all).toContain(
      "(= joined (call per_requestor.merge totals how='inner' left_on='join_key' right_on='join_key' suffixes=['' '_total']))",
    );
    expect(all).toContain("(= joined (call joined.drop columns=['join_key' 'join_key_total']))");
    expect(all).toContain('(return (call (. (call first.append second) head) n=50))');
    expect(all).toContain(
      "(= df.requestor_ip (call px.select (compare df.remote_addr == '') '0.0.0.0' df.remote_addr))",
    );
  });

  it('dns-overview: operators, literals, continuation lines, chained comparison', () => {
    const module = parseFixture(join(FIXTURES, 'dialect/dns-overview.pxl'));
    expect(docstringOf(module.body)).toBe(
      ' DNS overview, top-level mode: tables come from px.display. ',
    );
    const text = lines(module);
    expect(text).toContain('(import pxviews)');
    expect(text).toContain('(= t1.slow (compare (* 100 1000000) < t1.latency <= 2147483647))');
    expect(text).toContain(
      "(= t1 ([] t1 (and (compare t1.rcode_name not in (tuple 'NOERROR')) (compare (~ t1.is_error) is not False))))",
    );
    expect(text).toContain('(= by_pod.share (% (// (* 0.5 by_pod.count) 2) (** 7 (- 1))))');
    expect(text).toContain("(= by_pod.note (+ 'dns summary for ' by_pod.pod))");
    expect(text).toContain("(= weights {'p50': 0.5, 'p99': 0.99})");
    expect(text).toContain("(= (tuple cutoff label) (tuple 10 'busy'))");
    expect(text).toContain('(+= cutoff 5)');
    expect(text).toContain("(call px.debug ([] t1 (slice _ 10 _)) name='sample')");
  });

  it('exec-helpers: if/elif/else, decorators, one-line def, from-import kept for the checker', () => {
    const module = parseFixture(join(FIXTURES, 'dialect/exec-helpers.pxl'));
    const text = lines(module);
    expect(body(module.body[1])[2]).toMatchObject({
      kind: 'If',
      orelse: [{ kind: 'If', orelse: [{ kind: 'Assign' }] }],
    });
    expect(text).toContain(
      "(def @px.vis.vega chart (start_time:str) (return (call pods_for '' start_time)))",
    );
    expect(text[text.length - 1]).toBe('(from px import DataFrame)');
  });
});

describe('error fixtures: each .pxl renders exactly its .txt', () => {
  const paths = fixtures('errors');

  it('covers the error classes', () => {
    const names = paths.map((p) => basename(p, '.pxl'));
    for (const required of [
      'unclosed-paren',
      'unclosed-bracket',
      'unexpected-indent',
      'inconsistent-dedent',
      'unterminated-string',
      'unexpected-token',
      'unsupported-for',
      'unsupported-while',
      'unsupported-class',
      'stray-character',
      'missing-colon-def',
      'missing-colon-if',
    ]) {
      expect(names).toContain(required);
    }
  });

  it.each(paths.map((p) => [basename(p), p]))('%s', (name, path) => {
    const text = readFileSync(path, 'utf8');
    const expected = readFileSync(path.replace(/\.pxl$/, '.txt'), 'utf8').trimEnd();
    const result = parsePxl(text, name);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(renderDiagnostics(result.diagnostics, { name, text })).toBe(expected);
    const thrown = (() => {
      try {
        parsePxlOrThrow(text, name);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(PxlSyntaxError);
    expect((thrown as PxlSyntaxError).render()).toBe(expected);
  });
});
