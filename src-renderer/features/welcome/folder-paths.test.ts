import { describe, expect, it } from 'vitest';
import { commonPrefix, joinPath, splitTyped } from './folder-paths';

describe('folder picker paths', () => {
  it('joins and splits POSIX and Windows paths', () => {
    expect(joinPath('/home/ada', 'x')).toBe('/home/ada/x');
    expect(joinPath('/', 'x')).toBe('/x');
    expect(joinPath('C:\\Users', 'x')).toBe('C:\\Users\\x');
    expect(splitTyped('/home/ada/pro')).toEqual({ parent: '/home/ada/', prefix: 'pro' });
    expect(splitTyped('/home/')).toEqual({ parent: '/home/', prefix: '' });
    expect(splitTyped('/ho')).toEqual({ parent: '/', prefix: 'ho' });
    expect(splitTyped('~/p')).toEqual({ parent: '~/', prefix: 'p' });
  });

  it('completes to the longest shared start', () => {
    expect(commonPrefix(['projects', 'projects-old', 'proj'])).toBe('proj');
    expect(commonPrefix(['one'])).toBe('one');
    expect(commonPrefix([])).toBe('');
  });
});
