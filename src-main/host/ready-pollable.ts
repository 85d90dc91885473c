import * as wasi from '@bytecodealliance/preview2-shim';

const { clocks } = wasi as unknown as { clocks: { monotonicClock: { subscribeDuration(ns: bigint): object } } };

/** A pollable that is ready at once: the Node engine's own streams never block. */
export const ready = () => clocks.monotonicClock.subscribeDuration(0n);
