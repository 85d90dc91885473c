/** Both engines' globals have TextDecoder/TextEncoder; src-shared has no DOM or Node types, so it names them here. */
interface Decoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
interface Encoder {
  encode(input: string): Uint8Array;
}
const g = globalThis as unknown as {
  TextDecoder: new (label?: string) => Decoder;
  TextEncoder: new () => Encoder;
};

export const newDecoder = (): Decoder => new g.TextDecoder('utf-8');
export const encodeText = (text: string): Uint8Array => new g.TextEncoder().encode(text);
