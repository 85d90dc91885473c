declare module 'studio:greeter/greeter' {
  export function greet(name: string): string;
}
