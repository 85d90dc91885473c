import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

// Reads /data/words.txt through the one folder this component was given.
function readList() {
  const found = getDirectories().find(([, path]) => path === '/data');
  if (!found) return [];
  const file = found[0].openAt({}, 'words.txt', {}, { read: true });
  const bytes = file.read(65536, 0)[0];
  // QuickJS has no TextDecoder: the list is plain ASCII, one byte a letter.
  return String.fromCharCode(...bytes).split(/\s+/).filter(Boolean);
}

export const words = {
  summarize() {
    const list = readList();
    return { words: list.length, longest: list.reduce((a, b) => (b.length > a.length ? b : a), '') };
  },
  shout(text) {
    return text.toUpperCase();
  },
};
