;; hello-wat: a hand-written WASI preview 1 command module. The studio parses it to binary and
;; adapts it to a WASI 0.2 component with the preview1 command adapter.
(module
  ;; fd_write(fd, iovs, iovs_len, nwritten) -> errno
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  ;; proc_exit(code): never returns
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  (memory (export "memory") 1)

  ;; The text at offset 16; the iovec {ptr, len} at offset 0; the count written at offset 8.
  (data (i32.const 16) "Hello from a hand-written WAT module!\n")

  (func $main (export "_start")
    (local $errno i32)
    (i32.store (i32.const 0) (i32.const 16))   ;; iov.buf
    (i32.store (i32.const 4) (i32.const 38))   ;; iov.buf_len
    (local.set $errno
      (call $fd_write
        (i32.const 1)    ;; stdout
        (i32.const 0)    ;; the iovec array
        (i32.const 1)    ;; one iovec
        (i32.const 8)))  ;; where the count goes
    ;; Exit 1 if the write failed; returning from _start is exit 0.
    (if (local.get $errno)
      (then (call $proc_exit (i32.const 1))))))
