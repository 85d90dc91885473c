import { describe, expect, it } from 'vitest';
import { freeName } from './free-name';

describe('free folder names', () => {
  it('keeps the name while it is free, then counts from 2', () => {
    expect(freeName('hello-c', () => false)).toBe('hello-c');
    expect(freeName('hello-c', (n) => n === 'hello-c')).toBe('hello-c-2');
    expect(freeName('hello-c', (n) => ['hello-c', 'hello-c-2', 'hello-c-3'].includes(n))).toBe('hello-c-4');
  });
});
