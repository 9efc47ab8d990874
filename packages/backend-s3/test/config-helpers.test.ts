import { describe, expect, it } from 'vitest';
import { looksLikeArn, parseArn } from '../src/config/arn.js';
import { isKnownAwsRegion } from '../src/config/aws-region.js';
import { closestName } from '../src/config/closest-name.js';
import { formatGoDuration, parseGoDuration } from '../src/config/go-duration.js';
import { bypassesProxy } from '../src/config/no-proxy.js';

// Pure helpers that reproduce Go library behaviour Terraform relies on.

const second = 1_000_000_000n;

describe('Go durations', () => {
  it.each([
    ['0', 0n],
    ['15m', 900n * second],
    ['1h30m', 5400n * second],
    ['1.5h', 5400n * second],
    ['-2m', -120n * second],
    ['+90s', 90n * second],
    ['300ms', 300_000_000n],
    ['1us', 1_000n],
    ['1µs', 1_000n],
    ['1μs', 1_000n],
    ['7ns', 7n],
    ['.5s', 500_000_000n],
    ['1h0m1s', 3601n * second],
  ])('parses %s', (text, nanoseconds) => {
    expect(parseGoDuration(text)).toBe(nanoseconds);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['h', 'time: invalid duration "h"'],
    ['-', 'time: invalid duration "-"'],
    ['10', 'time: missing unit in duration "10"'],
    ['1h10', 'time: missing unit in duration "1h10"'],
    ['2d', 'time: unknown unit "d" in duration "2d"'],
    ['3 m', 'time: unknown unit " m" in duration "3 m"'],
    ['9999999999999h', 'time: invalid duration "9999999999999h"'],
  ])('refuses %j with Go error text', (text, message) => {
    expect(() => parseGoDuration(text)).toThrow(message);
  });

  it.each([
    [0n, '0s'],
    [900n * second, '15m0s'],
    [43_200n * second, '12h0m0s'],
    [43_201n * second, '12h0m1s'],
    [1_500_000_000n, '1.5s'],
    [90n * second, '1m30s'],
    [500_000_000n, '500ms'],
    [1_500n, '1.5µs'],
    [42n, '42ns'],
    [-600n * second, '-10m0s'],
  ])('formats %s ns as %s', (nanoseconds, text) => {
    expect(formatGoDuration(nanoseconds)).toBe(text);
  });
});

describe('NO_PROXY matching (Go httpproxy rules)', () => {
  it.each([
    ['state.test', 80, undefined, false],
    ['localhost', 80, undefined, true],
    ['127.0.0.1', 9000, undefined, true],
    ['[::1]', 443, undefined, true],
    ['anything.example', 443, '*', true],
    ['s3.example.com', 443, 'example.com', true],
    ['example.com', 443, 'example.com', true],
    ['notexample.com', 443, 'example.com', false],
    ['example.com', 443, '.example.com', false],
    ['s3.example.com', 443, '.example.com', true],
    ['s3.example.com', 443, '*.example.com', true],
    ['s3.example.com', 443, 'example.com:443', true],
    ['s3.example.com', 80, 'example.com:443', false],
    ['10.1.2.3', 80, '10.0.0.0/8', true],
    ['11.1.2.3', 80, '10.0.0.0/8', false],
    ['10.1.2.3', 80, '10.1.2.3', true],
    ['S3.Example.COM', 443, ' other.org , EXAMPLE.com ', true],
  ])('%s:%i with NO_PROXY=%j bypasses: %s', (host, port, noProxy, expected) => {
    expect(bypassesProxy(host, port, noProxy)).toBe(expected);
  });
});

describe('ARNs', () => {
  it('splits like Go arn.Parse, keeping colons in the resource', () => {
    expect(parseArn('arn:aws:iam::123456789012:role/a:b')).toEqual({
      partition: 'aws',
      service: 'iam',
      region: '',
      accountId: '123456789012',
      resource: 'role/a:b',
    });
    expect(() => parseArn('aws:iam')).toThrow('arn: invalid prefix');
    expect(() => parseArn('arn:aws:iam::1')).toThrow('arn: not enough sections');
    expect(looksLikeArn('arn:aws:kms:us-east-1:1:key/x')).toBe(true);
    expect(looksLikeArn('alias/x')).toBe(false);
  });
});

describe('suggestions and regions', () => {
  it('suggests only close names', () => {
    expect(closestName('dynamodb_tabel', ['dynamodb_table', 'use_lockfile'])).toBe('dynamodb_table');
    expect(closestName('completely_else', ['bucket', 'key'])).toBeUndefined();
  });

  it('knows the AWS SDK partition regions', () => {
    expect(isKnownAwsRegion('us-east-1')).toBe(true);
    expect(isKnownAwsRegion('us-isob-east-1')).toBe(true);
    expect(isKnownAwsRegion('us-east-99')).toBe(false);
    expect(isKnownAwsRegion('garage')).toBe(false);
  });
});
