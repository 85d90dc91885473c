// The C of one resource, as wit-bindgen writes it: its handle types, the canonical ABI's resource
// intrinsics (drop; new and rep for a resource the component exports) and the helpers over them.

import { snake } from './names';

export interface ResourceC {
  own: string;
  borrow: string;
  /** Header typedefs, header helper declarations, glue helpers. */
  hDefs: string[];
  hHelpers: string[];
  cHelpers: string[];
}

/**
 * `ns` is the C prefix of the resource's interface, `name` its WIT name, `key` the name the world
 * imports or exports the interface by, `exported` whether the component implements it.
 */
export function resourceC(ns: string, name: string, key: string, exported: boolean): ResourceC {
  const res = snake(name);
  const rep = `${ns}_${res}_t`;
  const own = `${ns}_own_${res}_t`;
  const borrow = `${ns}_borrow_${res}_t`;
  const raw = `__wasm_import_${ns}_${res}`;
  const module = exported ? `[export]${key}` : key;
  const intrinsic = (op: 'drop' | 'new' | 'rep', ret: string) => [`__attribute__((__import_module__("${module}"), __import_name__("[resource-${op}]${name}")))`, `extern ${ret} ${raw}_${op}(int32_t handle);`, ''];
  const hDefs = ['', `typedef struct ${own} {`, '  int32_t __handle;', `} ${own};`];
  const hHelpers = [`\nextern void ${ns}_${res}_drop_own(${own} handle);`];
  const cHelpers = ['', ...intrinsic('drop', 'void'), `void ${ns}_${res}_drop_own(${own} handle) {`, `  ${raw}_drop(handle.__handle);`, '}'];
  if (exported) {
    // A borrow is the guest's own representation; the guest makes handles of its representations
    // and destroys one when its last handle is dropped.
    hDefs.push('', `typedef struct ${rep} ${rep};`, '', `typedef ${rep}* ${borrow};`);
    hHelpers.push(`\nextern ${own} ${ns}_${res}_new(${rep} *rep);`, `\nextern ${rep}* ${ns}_${res}_rep(${own} handle);`, `\nvoid ${ns}_${res}_destructor(${rep} *rep);`);
    cHelpers.push(
      '',
      ...intrinsic('new', 'int32_t'),
      ...intrinsic('rep', 'int32_t'),
      `${own} ${ns}_${res}_new(${rep} *rep) {`,
      `  return (${own}) { ${raw}_new((int32_t) (uintptr_t) rep) };`,
      '}',
      '',
      `${rep}* ${ns}_${res}_rep(${own} handle) {`,
      `  return (${rep}*) (uintptr_t) ${raw}_rep(handle.__handle);`,
      '}',
      '',
      `__attribute__((__export_name__("${key}#[dtor]${name}")))`,
      `void __wasm_export_${ns}_${res}_dtor(${rep}* arg) {`,
      `  ${ns}_${res}_destructor(arg);`,
      '}',
    );
  } else {
    // An imported resource's borrow is a handle too, made from an own one.
    hDefs.push('', `typedef struct ${borrow} {`, '  int32_t __handle;', `} ${borrow};`);
    hHelpers.push(`\nextern void ${ns}_${res}_drop_borrow(${borrow} handle);`, `\nextern ${borrow} ${ns}_borrow_${res}(${own} handle);`);
    cHelpers.push(
      '',
      `void ${ns}_${res}_drop_borrow(${borrow} handle) {`,
      `  ${raw}_drop(handle.__handle);`,
      '}',
      '',
      `${borrow} ${ns}_borrow_${res}(${own} arg) {`,
      `  return (${borrow}) { arg.__handle };`,
      '}',
    );
  }
  return { own, borrow, hDefs, hHelpers, cHelpers };
}
