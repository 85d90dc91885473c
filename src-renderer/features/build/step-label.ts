import type { BuildStep } from '../../../src-shared/protocol/types';

/** A build step as the panels name it: a composition's rows say which member they timed. */
export const stepLabel = (s: BuildStep): string => (s.member ? `${s.member}: ${s.name}` : s.name);
