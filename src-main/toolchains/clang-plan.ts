import { Exit, runLLVM, type RunOptions, type Tree } from '@yowasp/clang';

/**
 * clang as @yowasp/clang's runClang runs it, without repeating the driver pass. runClang first
 * runs `clang -###` (a whole LLVM instance) to learn the jobs (cc1, wasm-ld), then runs each job
 * in a fresh instance. The jobs depend only on the arguments (input names, flags, output), not on
 * the sources' contents, so the plan of a successful pass is kept per argument list and an edit
 * rebuilds with the jobs alone. A pass that fails (an unknown flag) is never kept, and its output
 * is reported as runClang reports it. Like runClang, the driver's own warnings (lines starting
 * with "clang:", read as its header) are not shown.
 */
const plans = new Map<string, string[][]>();
const MAX_PLANS = 32;

export async function runClangPlanned(args: string[], files: Tree, options: Pick<RunOptions, 'stdout' | 'stderr'>): Promise<Tree> {
  const key = JSON.stringify(args);
  let jobs = plans.get(key);
  if (!jobs) {
    const planned = await plan(args, files);
    // -v asks for the driver's output, so that pass is run (and shown) every time.
    if (!planned.jobs || args.includes('-v')) {
      options.stderr?.(new TextEncoder().encode(planned.output));
      options.stderr?.(null);
    }
    if (planned.exit) throw planned.exit;
    if (!planned.jobs) return files;
    jobs = planned.jobs;
    if (!args.includes('-v')) {
      if (plans.size >= MAX_PLANS) plans.delete(plans.keys().next().value!);
      plans.set(key, jobs);
    }
  }
  let tree = files;
  for (const job of jobs) {
    try {
      tree = (await runLLVM(job, tree, options)) as Tree;
    } catch (err) {
      if (err instanceof Exit) delete err.files.tmp;
      throw err;
    }
  }
  delete tree.tmp;
  return tree;
}

/** The driver's `-###` output, read as runClang reads it: a header, one quoted line per job, a blank line. */
async function plan(args: string[], files: Tree): Promise<{ jobs: string[][] | null; output: string; exit?: Exit }> {
  const decoder = new TextDecoder();
  let output = '';
  const capture = (bytes: Uint8Array | null) => {
    if (bytes) output += decoder.decode(bytes, { stream: true });
  };
  try {
    await runLLVM([args[0]!, '-###', ...args.slice(1)], files, { stdout: capture, stderr: capture });
  } catch (err) {
    if (!(err instanceof Exit)) throw err;
    return { jobs: null, output, exit: err };
  }
  const header = /^(clang|Target:|Thread model:|InstalledDir:|Build config:)/;
  const lines = output.split('\n');
  let i = 0;
  while (i < lines.length && header.test(lines[i]!)) i++;
  const jobs: string[][] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === ' (in-process)') continue;
    if (line.startsWith(' "')) jobs.push(unquote(line));
    else if (line === '' && jobs.length > 0 && lines.slice(i + 1).every((l) => l === '')) return { jobs, output };
    else break;
  }
  return { jobs: null, output };
}

/** One job line of `-###`: space-separated words, quoted with `\"`, `\\` and `\$` escapes. */
function unquote(line: string): string[] {
  const words = Array.from(line.matchAll(/ (?:([^ "]+)|"((?:[^"\\$]|\\["\\$])+)")/g), (m) => m[1] ?? m[2]!.replace(/\\(["$\\])/g, '$1'));
  // An in-process job's first word is an empty program name.
  return words[0] === '' ? words.slice(1) : words;
}
