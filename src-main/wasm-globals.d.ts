// @types/node 20 does not declare the WebAssembly global that Node has; only what we use is named here.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  function compile(bytes: Uint8Array): Promise<Module>;
}
