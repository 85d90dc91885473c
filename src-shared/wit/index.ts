// The WIT type model, the world parser, WAVE text and the call-form model.
export * from './types';
export * from './parse-world';
export * from './wave';
export * from './form-model';
